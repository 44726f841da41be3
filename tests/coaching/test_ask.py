"""Asking for a coach on the public page: no referral, no proof, nothing lost."""

import uuid

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coaching.models import CoachRequest, Team
from tests.conftest import make_team

ASK = reverse("coaching:ask")


@pytest.fixture
def teams(db):
    leeds = make_team("Leeds North", "Leeds")
    calder = make_team("Calderdale", "Calderdale")
    unsure = make_team("Bradford", "Bradford")
    unsure.takes_unsure_requests = True
    unsure.save()
    cache.clear()
    return {"leeds": leeds, "calder": calder, "unsure": unsure}


def ask_data(**overrides):
    data = {
        "name": "Kez",
        "reach_by": "phone",
        "reach_details": "07700 900123, after 5pm",
        "area": "Leeds",
        "message": "",
        "sent_once_key": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


def test_the_page_asks_only_for_a_name_a_way_to_reach_an_area_and_a_note(client, teams):
    response = client.get(ASK)
    assert response.status_code == 200
    fields = set(response.context["form"].fields)
    assert fields == {
        "name",
        "reach_by",
        "reach_details",
        "area",
        "message",
        "passed_on",
        "passed_on_by",
        "website",
    }
    page = response.content.decode()
    assert "Quick exit" in page
    assert "Not sure" in page and ">Calderdale<" in page


def test_the_sign_in_page_links_to_asking_for_a_coach(client, teams):
    assert ASK in client.get(reverse("account_login")).content.decode()


def test_a_request_lands_once_in_the_inbox_of_its_area(client, teams):
    response = client.post(ASK, ask_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("coaching:ask_thanks")
    request = CoachRequest.objects.get()
    assert (request.name, request.team, request.area) == ("Kez", teams["leeds"], "Leeds")
    assert request.reach_details == "07700 900123, after 5pm"
    assert not request.is_taken and not request.is_passed_on
    assert client.get(response["Location"]).status_code == 200


def test_not_sure_goes_to_the_team_that_takes_unsure_requests(client, teams):
    client.post(ASK, ask_data(area=""))
    assert CoachRequest.objects.get().team == teams["unsure"]


def test_a_double_submit_makes_one_request(client, teams):
    data = ask_data()
    first = client.post(ASK, data)
    second = client.post(ASK, data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == reverse("coaching:ask_thanks")
    assert CoachRequest.objects.count() == 1


@override_settings(ASK_RATE_LIMIT_PER_HOUR=3)
def test_the_rate_limit_stops_a_flood_from_one_address_and_keeps_the_words(client, teams):
    # Each in other words: the same words again are the first request (sent_once).
    for n in range(3):
        assert client.post(ASK, ask_data(name=f"Kez {n}")).status_code == 302
    response = client.post(ASK, ask_data(name="Fourth"))
    assert response.status_code == 429
    page = response.content.decode()
    assert "please try again in an hour" in page
    assert 'value="Fourth"' in page
    assert CoachRequest.objects.count() == 3
    other = client.post(ASK, ask_data(name="Fifth"), REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 302
    assert CoachRequest.objects.count() == 4


@override_settings(ASK_RATE_LIMIT_PER_HOUR=1)
def test_fixing_a_mistake_does_not_use_up_the_rate_limit(client, teams):
    for _ in range(3):
        assert client.post(ASK, ask_data(reach_details="no number")).status_code == 200
    assert client.post(ASK, ask_data()).status_code == 302
    assert CoachRequest.objects.count() == 1


def test_the_honeypot_thanks_a_robot_and_keeps_nothing(client, teams):
    response = client.post(ASK, ask_data(website="http://spam.example"))
    assert response.status_code == 302
    assert response["Location"] == reverse("coaching:ask_thanks")
    assert CoachRequest.objects.count() == 0


def test_the_honeypot_is_labelled_for_screen_readers_and_hidden(client, teams):
    page = client.get(ASK).content.decode()
    assert "Leave this empty" in page
    assert '<div class="visually-hidden">' in page
    assert 'tabindex="-1"' in page


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"name": "   "}, "name", "Please fill this in."),
        ({"reach_details": ""}, "reach_details", "Please fill this in."),
        ({"reach_details": "call me"}, "reach_details", "Please give a phone number"),
        ({"reach_by": "email", "reach_details": "kez at home"}, "reach_details", "email"),
        ({"reach_by": "pigeon"}, "reach_by", "Please choose one of the options given."),
        ({"area": "Atlantis"}, "area", "Please choose one of the options given."),
        ({"name": "x" * 121}, "name", "Please keep this to 120 characters (this has 121)"),
        ({"message": "x" * 2001}, "message", "keep this to 2,000 characters"),
        ({"passed_on": "on"}, "passed_on_by", "name of your organisation"),
        ({"passed_on_by": "St Anne's"}, "passed_on", "Tick this"),
    ],
)
def test_bad_input_gets_a_clear_message_and_changes_nothing(client, teams, overrides, field, words):
    response = client.post(ASK, ask_data(**overrides))
    assert response.status_code == 200
    assert words in " ".join(response.context["form"].errors[field])
    assert "Please check the form" in response.content.decode()
    assert CoachRequest.objects.count() == 0


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.dictionaries(
        st.sampled_from(["name", "reach_by", "reach_details", "area", "message", "passed_on_by"]),
        st.text(max_size=600),
    )
)
def test_no_input_gives_a_server_error(client, teams, data):
    response = client.post(ASK, data)
    assert response.status_code in (200, 302, 429)


def test_someone_passed_on_by_an_organisation_is_marked_so(client, teams):
    client.post(ASK, ask_data(passed_on="on", passed_on_by="St Anne's Centre"))
    request = CoachRequest.objects.get()
    assert request.passed_on_by == "St Anne's Centre"
    assert request.is_passed_on


def test_with_no_team_yet_the_page_says_so_instead_of_failing(client, db):
    assert not Team.objects.exists()
    response = client.get(ASK)
    assert response.status_code == 503
    assert "can't take requests" in response.content.decode()


def test_a_signed_in_coach_can_still_open_the_page(coach_client, teams):
    assert coach_client.get(ASK).status_code == 200
