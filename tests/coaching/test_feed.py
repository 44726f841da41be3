"""Coaches hear what their people do: the feed on /coach/ and the generic email."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from coaching.models import Activity, User, record_activity
from helpers.display import iso
from tests.conftest import make_coach, make_person, run_tasks

HOME = reverse("coaching:coach_home")


def feed_of(client):
    return [(a.person.name, a.kind) for a in client.get(HOME).context["feed"].items]


@pytest.mark.parametrize(
    ("steps", "kinds"),
    [
        (["pause"], ["paused"]),
        (["pause", "resume"], ["resumed", "paused"]),
        (["end"], ["ended"]),
        (["end", "restart"], ["restarted", "ended"]),
    ],
)
def test_each_step_a_person_takes_shows_on_their_coachs_home_and_nowhere_else(
    client, coach, person, outsider, steps, kinds
):
    teammate = make_coach("tom", team=coach.team)
    client.force_login(person.user)
    for step in steps:
        response = client.post(reverse("coaching:me_decide", args=[step]))
        assert response.status_code == 302
    client.force_login(coach)
    response = client.get(HOME)
    assert [(a.person, a.kind) for a in response.context["feed"].items] == [
        (person, kind) for kind in kinds
    ]
    assert person.get_absolute_url() in response.content.decode()
    for other in (outsider, teammate):
        client.force_login(other)
        assert feed_of(client) == []


def test_a_step_the_coach_records_for_the_person_is_not_news_to_the_coach(coach_client, person):
    coach_client.post(
        reverse("coaching:record_decision", args=[person.pk, "pause"]), {"person_decided": "on"}
    )
    person.current_relationship.refresh_from_db()
    assert person.current_relationship.state == "paused"
    assert not Activity.objects.exists()


def test_a_refused_step_records_nothing(client, person):
    client.force_login(person.user)
    person.current_relationship.pause(by=person.user)
    client.post(reverse("coaching:me_decide", args=["pause"]))
    assert not Activity.objects.exists()


def test_the_feed_shows_only_what_is_new_since_the_coach_last_looked(coach_client, coach, person):
    record_activity(person, Activity.Kind.PAUSED)
    assert feed_of(coach_client) == [("Sam", "paused")]
    later = timezone.now() + timedelta(hours=2)
    # Two quiet hours sign staff out (see SessionLimitsMiddleware): the coach signs in again.
    with time_machine.travel(later):
        coach_client.force_login(coach)
        assert feed_of(coach_client) == []
    with time_machine.travel(later + timedelta(hours=2)):
        coach_client.force_login(coach)
        record_activity(person, Activity.Kind.RESUMED)
        assert feed_of(coach_client) == [("Sam", "resumed")]
    assert User.objects.get(pk=coach.pk).feed_looked_at > later


def test_with_nothing_new_the_feed_says_since_when(coach_client, coach, person):
    coach_client.get(HOME)
    first_look = User.objects.get(pk=coach.pk).feed_looked_at
    with time_machine.travel(timezone.now() + timedelta(hours=3)):
        coach_client.force_login(coach)
        response = coach_client.get(HOME)
        # A new visit: it began at the last look of the one before.
        assert response.context["feed"].since == first_look
        assert f'since <time datetime="{iso(first_look)}">' in response.content.decode()
        with time_machine.travel(timezone.now() + timedelta(minutes=5)):
            # A reload within the visit keeps its start.
            assert coach_client.get(HOME).context["feed"].since == first_look


def test_a_look_never_moves_the_mark_back(coach_client, coach, person):
    coach_client.get(HOME)
    ahead = timezone.now() + timedelta(minutes=1)
    # As if a request that started later had marked its look first.
    User.objects.filter(pk=coach.pk).update(feed_looked_at=ahead)
    seen_before = User.objects.get(pk=coach.pk)
    coach_client.get(HOME)
    seen = User.objects.get(pk=coach.pk)
    assert (seen.feed_looked_at, seen.feed_since) == (ahead, seen_before.feed_since)


def test_a_look_is_marked_at_most_once_a_minute(
    coach_client, coach, person, django_assert_num_queries
):
    coach_client.get(HOME)
    marked = User.objects.get(pk=coach.pk).feed_looked_at
    with time_machine.travel(timezone.now() + timedelta(seconds=30)):
        with django_assert_num_queries(6) as reload:
            coach_client.get(HOME)
        assert not any(q["sql"].startswith("UPDATE") for q in reload.captured_queries)
        assert User.objects.get(pk=coach.pk).feed_looked_at == marked
    with time_machine.travel(timezone.now() + timedelta(seconds=90)):
        coach_client.get(HOME)
        assert User.objects.get(pk=coach.pk).feed_looked_at > marked


def test_a_reload_in_the_same_visit_keeps_showing_what_was_new(coach_client, person):
    record_activity(person, Activity.Kind.PAUSED)
    assert feed_of(coach_client) == [("Sam", "paused")]
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        record_activity(person, Activity.Kind.RESUMED)
        assert feed_of(coach_client) == [("Sam", "resumed"), ("Sam", "paused")]


def test_a_first_look_shows_the_last_fortnight(coach_client, person):
    old = record_activity(person, Activity.Kind.PAUSED)
    Activity.objects.filter(pk=old.pk).update(occurred_at=timezone.now() - timedelta(days=20))
    record_activity(person, Activity.Kind.RESUMED)
    response = coach_client.get(HOME)
    assert response.context["feed"].first_look
    assert [a.kind for a in response.context["feed"].items] == ["resumed"]
    assert "What your people did lately" in response.content.decode()


def test_kinds_added_by_later_features_show_by_their_own_words(coach_client, person):
    record_activity(person, Activity.Kind.BUDGET_REQUESTED)
    record_activity(person, Activity.Kind.SHARING_CHANGED)
    page = coach_client.get(HOME).content.decode()
    assert "asked for a personal budget" in page
    assert "changed a sharing choice" in page


def test_after_a_handover_the_new_coach_hears_and_the_old_one_does_not(client, coach, person):
    new_coach = make_coach("tom", team=coach.team)
    person.current_relationship.hand_over(by=coach, to_coach=new_coach)
    record_activity(person, Activity.Kind.PAUSED)
    client.force_login(coach)
    assert feed_of(client) == []
    client.force_login(new_coach)
    assert feed_of(client) == [("Sam", "paused")]


def test_the_feed_costs_the_same_queries_however_much_happened(
    coach_client, coach, person, django_assert_num_queries
):
    coach_client.get(HOME)
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        coach_client.force_login(coach)  # an hour away signs staff out
        record_activity(person, Activity.Kind.GOAL_CHANGED)
        with django_assert_num_queries(7) as few:
            coach_client.get(HOME)
    with time_machine.travel(timezone.now() + timedelta(hours=1, minutes=2)):
        coach_client.force_login(coach)
        for index in range(60):
            record_activity(make_person(f"P{index}", coach, with_login=False), "goal_changed")
        # One more: the coach's list is now longer than a page, so it is counted.
        with django_assert_num_queries(len(few.captured_queries) + 1):
            response = coach_client.get(HOME)
    assert len(response.context["feed"].items) == 50 and response.context["feed"].more


@pytest.mark.parametrize("kind", ["paused", "ended", "budget_requested"])
def test_an_important_step_emails_the_coach_without_a_name_or_detail(person, kind):
    record_activity(person, kind)
    assert mail.outbox == []  # the worker sends it, not the step
    run_tasks()
    (email,) = mail.outbox
    assert email.to == ["meg@example.org"]
    label = Activity.Kind(kind).label
    assert email.body.startswith(f"One of your people has {label}. Sign in to see who.")
    assert "Sam" not in email.body + email.subject


def test_the_persons_own_pause_sends_the_email(client, person):
    client.force_login(person.user)
    client.post(reverse("coaching:me_decide", args=["pause"]), {"reason": "Exams"})
    run_tasks()
    (email,) = mail.outbox
    assert "paused coaching" in email.subject
    assert "Exams" not in email.body and "Sam" not in email.body


def test_other_steps_send_no_email(person):
    record_activity(person, Activity.Kind.RESUMED)
    record_activity(person, Activity.Kind.GOAL_CHANGED)
    run_tasks()
    assert mail.outbox == []


@override_settings(COACH_ACTIVITY_EMAILS=False)
def test_emails_can_be_switched_off(person):
    record_activity(person, Activity.Kind.PAUSED)
    run_tasks()
    assert mail.outbox == []
    assert Activity.objects.count() == 1


def test_a_coach_without_an_email_address_is_simply_not_emailed(coach, person):
    coach.email = ""
    coach.save()
    record_activity(person, Activity.Kind.ENDED)
    run_tasks()
    assert mail.outbox == []
