"""Download my data: a readable page and a JSON file, built from the same sections."""

import json
from datetime import UTC

from django.urls import reverse

from coaching import services
from coaching.models import Goal, Reflection, Strength

SECTIONS = [
    "about_you",
    "sharing_now",
    "sharing_history",
    "coach_request",
    "coaching",
    "different_coach",
    "area_moves",
    "your_words_in_your_story",
    "corrections",
    "contacts",
    "reflections",
    "goals",
    "strengths",
    "keeping_in_touch",
    "asks_to_get_in_touch",
    "budget_requests",
    "wellbeing_scores",
    "outcomes",
    "contracts",
    "what_you_did",
    "access_log",
    "how_you_sign_in",
    "where_you_are_signed_in",
    "sign_ins",
]


def _history(coach, person):
    contact = services.contact_log(
        person=person, coach=coach, fields={"channel": "phone", "notes": "First words"}
    )
    services.contact_update(
        contact=contact, expected_version=1, by=coach, fields={"notes": "Second words"}
    )
    services.own_words_add(model=Goal, person=person, text="A flat", by=person.user)
    services.own_words_add(model=Strength, person=person, text="Cooking", by=person.user)
    services.sharing_change(person=person, choice="cover", allowed=True, by=person.user)
    Reflection.objects.create(coach=coach, person=person, noticed="They led the way")
    services.person_rename(person=person, name=person.name, area="Bradford", by=coach)


def _download(client) -> dict:
    response = client.get(reverse("coaching:me_data_json"))
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="my-data.json"'
    return json.loads(response.content)["sections"]


def test_the_file_holds_everything_about_the_person(client, coach, person):
    _history(coach, person)
    client.force_login(coach)
    client.get(reverse("coaching:person", args=[person.pk]))
    client.force_login(person.user)
    sections = _download(client)
    assert list(sections) == SECTIONS
    [move] = sections["area_moves"]["rows"]
    assert (move["to"], move["changed_by"]) == ("Bradford", "Meg")
    assert sections["about_you"]["rows"][0]["name"] == "Sam"
    contact = sections["contacts"]["rows"][0]
    assert contact["notes"] == "Second words"
    assert contact["earlier_versions"][0]["notes"] == "First words"
    assert sections["goals"]["rows"][0]["in_your_words"] == "A flat"
    assert sections["strengths"]["rows"][0]["in_your_words"] == "Cooking"
    assert sections["sharing_history"]["rows"][0]["choice"].startswith("Let other coaches")
    assert [r["what"] for r in sections["coaching"]["rows"]] == ["Coaching began"]
    assert sections["access_log"]["rows"][0]["who"] == "Meg"


def test_the_readable_page_shows_the_same_in_plain_words(person_client, coach, person):
    _history(coach, person)
    page = person_client.get(reverse("coaching:me_data")).content.decode()
    for words in ["About you", "Second words", "First words", "A flat", "Cooking", "Print"]:
        assert words in page
    assert "Download a copy to keep" in page
    # It speaks to the person, and a step asks only what it answers.
    assert "You share" in page and "<dt>On</dt>" not in page
    assert "The person" not in page and "The coach" not in page


def test_choices_hold_in_the_export(person_client, coach, person):
    _history(coach, person)
    person_client.post(
        reverse("coaching:me_sharing"),
        {"notes": "no", "wellbeing": "no", "reporting": "no", "cover": "no"},
    )
    person_client.post(reverse("coaching:me_notes_delete"))
    sections = _download(person_client)
    assert {r["choice"][:5]: r["you_share"] for r in sections["sharing_now"]["rows"]} == {
        "Keep ": False,
        "Recor": False,
        "Count": False,
        "Let o": False,
    }
    dumped = json.dumps(sections)
    assert "First words" not in dumped and "Second words" not in dumped
    # Only the beginning says whether they asked for a coach, not a pause after it.
    person.current_relationship.pause(by=person.user)
    steps = _download(person_client)["coaching"]["rows"]
    assert len(steps) == 2
    assert [r["you_asked_for_a_coach"] is not None for r in steps].count(True) == 1


def test_person_downloads_only_their_own_data(person_client, outsider, other_person):
    services.contact_log(
        person=other_person, coach=outsider, fields={"channel": "phone", "notes": "Not yours"}
    )
    assert "Not yours" not in json.dumps(_download(person_client))


def test_coach_prints_the_page_with_the_person_and_it_is_logged(client, coach, person, outsider):
    client.force_login(coach)
    response = client.get(reverse("coaching:data", args=[person.pk]))
    assert "Everything held about Sam" in response.content.decode()
    client.force_login(outsider)
    assert client.get(reverse("coaching:data", args=[person.pk])).status_code == 404
    client.force_login(person.user)
    assert client.get(reverse("coaching:data", args=[person.pk])).status_code == 403


def test_download_is_for_the_person_only(client, coach):
    for name in ["coaching:me_data", "coaching:me_data_json"]:
        assert client.get(reverse(name))["Location"].startswith("/accounts/login/")
    client.force_login(coach)
    assert client.get(reverse("coaching:me_data_json")).status_code == 403


def test_export_query_count_does_not_grow_with_history(
    person_client, coach, person, django_assert_num_queries
):
    _history(coach, person)
    # One query for each of the six tables the sign-in and activity sections read.
    # Two for the contracts section: enrolments, and outcomes claimed.
    # One each for the person's own words in their story and the changes they asked for.
    with django_assert_num_queries(34) as few:
        person_client.get(reverse("coaching:me_data_json"))
    few_queries = len(few.captured_queries)
    for _ in range(5):
        _history(coach, person)
    with django_assert_num_queries(few_queries):
        person_client.get(reverse("coaching:me_data_json"))


def test_a_record_brought_in_is_dated_from_when_coaching_began(coach):
    from datetime import datetime

    began = datetime(2025, 9, 8, 10, 0, tzinfo=UTC)
    person = services.person_create(name="Ada", coach=coach, by=coach, began_at=began)
    assert person.created_at == began
    assert person.current_relationship.events.get().occurred_at == began


def test_no_request_form_is_said_in_words_not_nothing_here(person_client):
    page = person_client.get(reverse("coaching:me_data")).content.decode()
    assert "No request form is kept for you" in page


def test_a_long_list_is_folded_on_the_page_with_every_line_in_it(person_client, person, coach):
    from coaching.access import log_staff_view

    for index in range(25):
        log_staff_view(person=person, viewer=coach, what=f"your record, look {index}")
    page = person_client.get(reverse("coaching:me_data")).content.decode()
    assert '<details class="export-more">' in page and "All 25 of them" in page
    assert all(f"look {index}" in page for index in range(25))
