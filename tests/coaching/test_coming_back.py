"""Coming back continues the story: a person who ended and asks again, or whom their
coach adds again, is offered as an earlier record; with their agreement their
relationship restarts instead of a second record being made."""

from datetime import date

import pytest
from django.urls import reverse

from coaching import returning, services
from coaching.models import (
    CoachRequest,
    Goal,
    InvalidTransition,
    Person,
    PersonalDetails,
    RelationshipEvent,
)
from tests.conftest import make_coach, make_person

NEW = reverse("coaching:person_new")


@pytest.fixture
def ended(coach):
    """Sam, who worked towards a flat with Meg, then ended coaching."""
    sam = make_person("Sam", coach, area="Leeds")
    services.own_words_add(model=Goal, person=sam, by=sam.user, text="A flat of my own")
    sam.current_relationship.end(by=sam.user)
    return sam


def ask(name="Sam", area="Leeds", reach="07700 900123", team=None):
    fields = {"name": name, "area": area, "reach_by": "phone", "reach_details": reach}
    return services.coach_request_create(fields=fields, team=team)


def take_url(asked):
    return reverse("coaching:coach_request_take", args=[asked.pk])


def test_matches_by_name_and_area_by_phone_and_by_date_of_birth(coach, ended):
    found = returning.earlier_records(coach=coach, name=" sam ", area="leeds")
    assert found == [ended]
    assert returning.earlier_records(coach=coach, name="Sam", area="Bradford") == []
    # The same phone on an earlier request, however it is spaced.
    first = ask(name="Sammy", area="", reach="07700 900123", team=coach.team)
    CoachRequest.objects.filter(pk=first.pk).update(
        person=ended, taken_by=coach, taken_at=ended.created_at
    )
    assert returning.earlier_records(coach=coach, name="S", reach_details="07700-900 123") == [
        ended
    ]
    PersonalDetails.objects.create(person=ended, date_of_birth=date(1990, 5, 1))
    assert returning.earlier_records(coach=coach, name="X", date_of_birth=date(1990, 5, 1)) == [
        ended
    ]


def test_never_offered_to_a_coach_who_could_not_open_the_record(coach, outsider, ended):
    colleague = make_coach("priya", team=coach.team)
    for other in (outsider, colleague):
        assert returning.earlier_records(coach=other, name="Sam", area="Leeds") == []


def test_someone_still_coached_is_not_offered(coach):
    make_person("Sam", coach, area="Leeds")
    assert returning.earlier_records(coach=coach, name="Sam", area="Leeds") == []


def test_taking_a_request_offers_the_earlier_record_and_carries_on_the_story(
    coach_client, coach, ended
):
    asked = ask(team=coach.team)
    page = coach_client.get(asked.get_absolute_url()).content.decode()
    assert "Is this someone you walked with before?" in page and "Yes: Sam (Leeds)" in page
    # Choosing them without their agreement is refused, and nothing changes.
    response = coach_client.post(take_url(asked), {"earlier": ended.pk})
    assert response.status_code == 400 and "Ask them first" in response.content.decode()
    asked.refresh_from_db()
    assert asked.person is None
    coach_client.post(take_url(asked), {"earlier": ended.pk, "agreed": "on"})
    asked.refresh_from_db()
    assert asked.person == ended and Person.objects.count() == 1
    ended.refresh_from_db()
    assert ended.current_relationship.state == "active"
    restart = RelationshipEvent.objects.get(kind="restarted")
    assert restart.asked_by_person and restart.person_decided and restart.recorded_by == coach
    page = coach_client.get(ended.get_absolute_url()).content.decode()
    assert "A flat of my own" in page and "they asked for a coach again" in page


def test_someone_new_of_the_same_name_gets_their_own_record(coach_client, coach, ended):
    asked = ask(team=coach.team)
    coach_client.post(take_url(asked), {"earlier": "new"})
    asked.refresh_from_db()
    assert asked.person != ended and Person.objects.count() == 2
    ended.refresh_from_db()
    assert ended.current_relationship.state == "ended"


def test_adding_a_person_asks_first_and_carries_on_with_their_agreement(coach_client, coach, ended):
    first = coach_client.post(NEW, {"name": "Sam", "area": "Leeds", "asked_by_person": "on"})
    page = first.content.decode()
    assert first.status_code == 200 and "You walked with someone like this before" in page
    assert Person.objects.count() == 1
    response = coach_client.post(
        NEW, {"name": "Sam", "area": "Leeds", "earlier": ended.pk, "agreed": "on"}
    )
    assert response.status_code == 302 and response["Location"] == ended.get_absolute_url()
    assert Person.objects.count() == 1
    ended.refresh_from_db()
    assert ended.current_relationship.state == "active"


def test_adding_someone_new_of_the_same_name_makes_a_new_record(coach_client, coach, ended):
    coach_client.post(NEW, {"name": "Sam", "area": "Leeds"})
    coach_client.post(NEW, {"name": "Sam", "area": "Leeds", "earlier": "new"})
    assert Person.objects.count() == 2


def test_a_record_the_coach_cannot_open_cannot_be_chosen(client, coach, outsider, ended):
    client.force_login(outsider)
    client.post(NEW, {"name": "Sam", "area": "Leeds", "earlier": ended.pk, "agreed": "on"})
    ended.refresh_from_db()
    assert ended.current_relationship.state == "ended"


def test_coaching_restarted_meanwhile_ends_in_words(coach, ended):
    returning.person_return(person=ended, coach=coach, by=coach)
    with pytest.raises(InvalidTransition, match="already restarted"):
        returning.person_return(person=ended, coach=coach, by=coach)


def test_a_person_with_a_sign_in_can_still_restart_themselves(client, ended):
    client.force_login(ended.user)
    client.post(reverse("coaching:me_decide", args=["restart"]), {"reason": ""})
    ended.refresh_from_db()
    assert ended.current_relationship.state == "active"
