"""The relationship rules, in the model and in the database."""

import threading
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from coaching import services
from coaching.models import InvalidTransition, Relationship, RelationshipEvent
from tests.conftest import make_coach, make_person, make_team


def kinds(person):
    return list(
        RelationshipEvent.objects.filter(relationship__person=person)
        .order_by("occurred_at", "pk")
        .values_list("kind", flat=True)
    )


def test_person_create_begins_an_active_relationship(person, coach):
    relationship = person.current_relationship
    assert relationship.state == Relationship.State.ACTIVE
    assert relationship.coach == coach
    assert kinds(person) == ["began"]


def test_person_can_pause_with_until_and_reason_then_resume(person):
    relationship = person.current_relationship
    until = timezone.localdate() + timedelta(days=30)
    relationship.pause(by=person.user, until=until, reason="Kids are off school")
    assert relationship.state == Relationship.State.PAUSED
    event = relationship.events.first()
    assert (event.kind, event.paused_until, event.reason) == (
        "paused",
        until,
        "Kids are off school",
    )
    assert event.recorded_by == person.user and event.person_decided
    relationship.resume(by=person.user)
    relationship.refresh_from_db()
    assert relationship.state == Relationship.State.ACTIVE
    assert kinds(person) == ["began", "paused", "resumed"]


def test_pausing_twice_is_refused_and_adds_nothing(person):
    relationship = person.current_relationship
    relationship.pause(by=person.user)
    with pytest.raises(InvalidTransition):
        relationship.pause(by=person.user)
    assert kinds(person) == ["began", "paused"]


def test_ended_relationship_stays_readable_and_restarts_with_its_history(person, coach):
    relationship = person.current_relationship
    relationship.end(by=person.user, reason="Sorted for now")
    assert relationship.state == Relationship.State.ENDED
    services.relationship_restart(person=person, by=person.user)
    person.refresh_from_db()
    assert person.current_relationship == relationship
    assert person.current_relationship.state == Relationship.State.ACTIVE
    assert kinds(person) == ["began", "ended", "restarted"]


def test_restart_with_another_coach_keeps_one_continuous_story(person):
    other = make_coach("priya")
    person.current_relationship.end(by=person.user)
    services.relationship_restart(person=person, by=other, coach=other)
    person.refresh_from_db()
    assert person.current_relationship.coach == other
    assert person.relationships.count() == 2
    assert kinds(person) == ["began", "ended", "restarted"]


def test_cannot_restart_what_has_not_ended(person):
    with pytest.raises(InvalidTransition):
        services.relationship_restart(person=person, by=person.user)


def test_handover_moves_relationship_and_history_to_new_coach(person, coach):
    new_coach = make_coach("tom")
    relationship = person.current_relationship
    services.contact_log(person=person, coach=coach, fields={"channel": "phone"})
    relationship.hand_over(by=coach, to_coach=new_coach)
    relationship.refresh_from_db()
    assert relationship.coach == new_coach
    assert relationship.state == Relationship.State.ACTIVE
    assert person.contacts.count() == 1
    status = relationship.status()
    assert status.coach == new_coach
    assert status.coach_since == relationship.events.first().occurred_at


def test_handover_keeps_a_pause(person, coach):
    relationship = person.current_relationship
    relationship.pause(by=person.user)
    relationship.hand_over(by=coach, to_coach=make_coach("tom"))
    assert relationship.state == Relationship.State.PAUSED


def test_handover_to_an_inactive_coach_is_refused(person, coach):
    leaver = make_coach("joe", is_active=False)
    with pytest.raises(InvalidTransition):
        person.current_relationship.hand_over(by=coach, to_coach=leaver)


def test_moving_area_changes_an_attribute_and_ends_nothing(person):
    person.area = "Wakefield"
    person.save()
    person.current_relationship.refresh_from_db()
    assert person.current_relationship.state == Relationship.State.ACTIVE
    assert kinds(person) == ["began"]


def test_nothing_ends_by_itself_after_long_silence(coach, time_machine):
    time_machine.move_to(timezone.now() - timedelta(days=900))
    person = make_person("Lee", coach)
    time_machine.move_to(timezone.now() + timedelta(days=900))
    person.current_relationship.refresh_from_db()
    assert person.current_relationship.state == Relationship.State.ACTIVE


def test_events_are_never_overwritten(person):
    event = person.current_relationship.events.get()
    event.reason = "rewritten"
    with pytest.raises(ValueError):
        event.save()


def test_a_step_cannot_be_backdated_before_the_latest(person):
    relationship = person.current_relationship
    with pytest.raises(InvalidTransition):
        relationship.pause(by=person.user, at=timezone.now() - timedelta(days=365))


def test_state_is_always_the_projection_of_the_latest_event(person, coach):
    relationship = person.current_relationship
    relationship.pause(by=person.user)
    relationship.resume(by=coach)
    relationship.end(by=coach)
    expected = {"paused": "paused", "resumed": "active", "ended": "ended", "restarted": "active"}
    latest = relationship.events.first()
    relationship.refresh_from_db()
    assert relationship.state == expected[latest.kind]


# The database refuses what the model refuses, so no code path can bypass the rules.


def test_database_refuses_a_staff_only_ending(person, coach):
    with pytest.raises(IntegrityError), transaction.atomic():
        RelationshipEvent.objects.create(
            relationship=person.current_relationship,
            kind=RelationshipEvent.Kind.ENDED,
            recorded_by=coach,
            person_decided=False,
        )


@pytest.mark.parametrize("kind", ["paused", "resumed", "restarted"])
def test_database_refuses_any_person_step_not_decided_by_them(person, coach, kind):
    with pytest.raises(IntegrityError), transaction.atomic():
        RelationshipEvent.objects.create(
            relationship=person.current_relationship,
            kind=kind,
            recorded_by=coach,
            person_decided=False,
            coach=coach if kind == "restarted" else None,
        )


def test_database_refuses_a_second_open_relationship(person):
    with pytest.raises(IntegrityError), transaction.atomic():
        Relationship.objects.create(person=person, coach=make_coach("tom"))


def test_database_allows_a_new_relationship_once_the_last_ended(person):
    person.current_relationship.end(by=person.user)
    Relationship.objects.create(person=person, coach=make_coach("tom"))
    assert person.relationships.count() == 2


def test_database_refuses_an_unknown_state(person):
    with pytest.raises(IntegrityError), transaction.atomic():
        Relationship.objects.filter(pk=person.current_relationship.pk).update(state="closed")


def test_database_refuses_until_date_on_anything_but_a_pause(person, coach):
    with pytest.raises(IntegrityError), transaction.atomic():
        RelationshipEvent.objects.create(
            relationship=person.current_relationship,
            kind="ended",
            recorded_by=coach,
            paused_until=timezone.localdate(),
        )


def test_begin_refused_while_coaching_is_open(person):
    with pytest.raises(InvalidTransition):
        services.relationship_restart(person=person, by=person.user, coach=make_coach("tom"))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_racing_restarts_with_two_coaches_leave_one_open_relationship():
    team = make_team()
    coaches = [make_coach("meg", team=team), make_coach("tom", team=team)]
    person = make_person("Sam", coaches[0])
    person.current_relationship.end(by=person.user)
    barrier = threading.Barrier(2)
    outcomes = []

    def restart_with(coach):
        try:
            barrier.wait()
            fresh = type(person).objects.select_related("current_relationship").get(pk=person.pk)
            services.relationship_restart(person=fresh, by=coach, coach=coach)
            outcomes.append("restarted")
        except InvalidTransition:
            outcomes.append("refused")
        except Exception as error:  # noqa: BLE001 -- a race must end in words: show what
            outcomes.append(f"raised {error!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=restart_with, args=(c,)) for c in coaches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "restarted"], outcomes
    assert person.relationships.filter(state__in=Relationship.OPEN_STATES).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_racing_pauses_record_one_event():
    coach = make_coach("meg")
    person = make_person("Sam", coach)
    barrier = threading.Barrier(4)
    outcomes = []

    def pause():
        try:
            barrier.wait()
            Relationship.objects.get(pk=person.current_relationship.pk).pause(by=person.user)
            outcomes.append("paused")
        except InvalidTransition:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=pause) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["paused", "refused", "refused", "refused"]
    assert kinds(person) == ["began", "paused"]
