"""A person asks for a different coach from /me/; it reaches their coach's team inbox;
the handover that follows says it was their request; the new coach hears of it."""

import pytest
from django.urls import reverse

from coaching import handovers
from coaching.export import gather
from coaching.models import (
    AccessLogEntry,
    Activity,
    CoachChangeRequest,
    InvalidTransition,
    RelationshipEvent,
)
from tests.conftest import make_coach

ME_URL = reverse("coaching:me_different_coach")


def change_url(change):
    return reverse("coaching:coach_change", args=[change.pk])


@pytest.fixture
def priya(coach):
    """Another coach in Meg's team."""
    return make_coach("priya", team=coach.team, first_name="Priya")


@pytest.fixture
def tom(coach):
    return make_coach("tom", team=coach.team, first_name="Tom")


def test_the_person_asks_in_their_own_words_and_the_whole_team_sees_it(
    client, coach, person, priya, outsider
):
    client.force_login(person.user)
    assert "Ask for a different coach" in client.get(reverse("coaching:me")).content.decode()
    response = client.post(ME_URL, {"words": "We do not get on."})
    assert response.status_code == 302
    change = CoachChangeRequest.objects.get(person=person)
    assert (change.team, change.words, change.answered_at) == (
        coach.team,
        "We do not get on.",
        None,
    )
    assert "You asked on" in client.get(ME_URL).content.decode()

    # In the team's inbox for every coach of the team, without the person's name.
    client.force_login(priya)
    home = client.get(reverse("coaching:coach_home")).content.decode()
    assert "Someone coached by Meg" in home and change_url(change) in home
    assert "Sam" not in home.split('id="different-coach-heading"')[1].split("</section>")[0]
    client.force_login(coach)
    assert "One of your people" in client.get(reverse("coaching:coach_home")).content.decode()
    # Not in another team's inbox.
    client.force_login(outsider)
    assert change_url(change) not in client.get(reverse("coaching:coach_home")).content.decode()


def test_a_coach_of_the_team_hands_over_and_it_says_the_person_asked(
    client, coach, person, priya, tom
):
    change = handovers.coach_change_ask(person=person, words="")
    client.force_login(priya)
    page = client.get(change_url(change)).content.decode()
    assert "Sam asked for a different coach" in page and "did not say why" in page
    assert AccessLogEntry.objects.filter(person=person, viewer=priya).exists()
    response = client.post(change_url(change), {"to_coach": tom.pk, "reason": ""})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.current_relationship.coach == tom
    event = RelationshipEvent.objects.get(kind="handed_over")
    assert event.asked_by_person and event.recorded_by == priya
    change.refresh_from_db()
    assert (change.answered_at, change.handed_to) == (event.occurred_at, tom)
    # The new coach hears of it in their feed; the person reads that they asked.
    assert Activity.objects.filter(person=person, kind="handed_over").exists()
    client.force_login(tom)
    feed = client.get(reverse("coaching:coach_home")).content.decode()
    assert "Sam</a> was handed over to you" in feed
    client.force_login(person.user)
    me = client.get(reverse("coaching:me")).content.decode()
    assert "Tom became your coach, as you asked" in me
    # Answered: no longer in the inbox, and its page is gone.
    client.force_login(priya)
    assert client.get(change_url(change)).status_code == 404


def test_the_coachs_own_handover_answers_the_request_too(client, coach, person, tom):
    handovers.coach_change_ask(person=person, words="")
    client.force_login(coach)
    hand_over = reverse("coaching:hand_over", args=[person.pk])
    client.post(hand_over, {"to_coach": tom.pk, "reason": ""})
    assert RelationshipEvent.objects.get(kind="handed_over").asked_by_person
    assert not CoachChangeRequest.objects.filter(answered_at__isnull=True).exists()


def test_a_handover_nobody_asked_for_does_not_say_they_asked(client, coach, person, tom):
    client.force_login(coach)
    client.post(reverse("coaching:hand_over", args=[person.pk]), {"to_coach": tom.pk})
    assert not RelationshipEvent.objects.get(kind="handed_over").asked_by_person
    # The new coach still hears of it.
    assert Activity.objects.filter(person=person, kind="handed_over").exists()


def test_two_coaches_answering_at_once_hand_over_once(person, priya, tom, coach):
    change = handovers.coach_change_ask(person=person, words="")
    relationship = person.current_relationship
    handovers.relationship_hand_over(
        person=person, relationship=relationship, to_coach=tom, by=priya, answering=change
    )
    with pytest.raises(InvalidTransition, match="Another coach handed them over"):
        handovers.relationship_hand_over(
            person=person, relationship=relationship, to_coach=priya, by=coach, answering=change
        )
    assert RelationshipEvent.objects.filter(kind="handed_over").count() == 1


def test_asking_twice_keeps_one_request_and_says_so(person_client, person):
    person_client.post(ME_URL, {"words": "Please"})
    response = person_client.post(ME_URL, {"words": "Please"}, follow=True)
    assert "You have already asked" in response.content.decode()
    assert CoachChangeRequest.objects.filter(person=person).count() == 1


def test_too_many_words_are_refused_and_nothing_is_kept(person_client, person):
    response = person_client.post(ME_URL, {"words": "x" * 1001})
    assert response.status_code == 200 and "1,000" in response.content.decode()
    assert not CoachChangeRequest.objects.exists()


def test_after_ending_there_is_nothing_to_ask(person_client, person):
    person.current_relationship.end(by=person.user)
    assert "Ask for a different coach" not in person_client.get("/me/").content.decode()
    response = person_client.post(ME_URL, {"words": ""})
    assert response.status_code == 302 and not CoachChangeRequest.objects.exists()


def test_another_team_and_other_roles_cannot_open_it(client, person, outsider, manager):
    change = handovers.coach_change_ask(person=person, words="")
    client.force_login(outsider)
    assert client.get(change_url(change)).status_code == 404
    assert client.post(change_url(change), {"to_coach": outsider.pk}).status_code == 404
    for user in (manager, person.user):
        client.force_login(user)
        assert client.get(change_url(change)).status_code == 403
    assert not AccessLogEntry.objects.filter(viewer=outsider).exists()


def test_it_is_in_the_persons_download(person, coach, tom):
    change = handovers.coach_change_ask(person=person, words="A fresh start")
    handovers.relationship_hand_over(
        person=person,
        relationship=person.current_relationship,
        to_coach=tom,
        by=coach,
        answering=change,
    )
    sections = {s.key: s for s in gather(person)}
    asked = sections["different_coach"].rows[0]
    assert (asked["in_your_words"], asked["new_coach"]) == ("A fresh start", "Tom")
    news = [row["what"] for row in sections["what_you_did"].rows]
    assert news == ["Your new coach heard that you moved to them"]
