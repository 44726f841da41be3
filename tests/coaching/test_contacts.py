"""Logging a contact: quick, validated, versioned, never silently overwritten."""

import threading
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from coaching import services
from coaching.forms import ContactForm
from coaching.models import Contact, ContactRevision, Theme
from tests.conftest import make_coach, make_person


def contact_form_data(**overrides):
    data = {
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "channel": "in_person",
        "reached_out_by": "person",
        "place": "",
        "minutes": "",
        "notes": "",
        "connections": "",
        "barriers-TOTAL_FORMS": "1",
        "barriers-INITIAL_FORMS": "0",
        "barriers-MIN_NUM_FORMS": "0",
        "barriers-MAX_NUM_FORMS": "10",
        "barriers-0-service": "",
        "barriers-0-what_happened": "",
    }
    data.update(overrides)
    return data


def test_contact_form_needs_only_when_and_how(coach_client, person):
    url = reverse("coaching:contact_new", args=[person.pk])
    response = coach_client.post(url, contact_form_data(reached_out_by="coach"))
    assert response.status_code == 302
    contact = Contact.objects.get(person=person)
    assert contact.channel == "in_person"
    assert contact.version == 1


def test_contact_form_saves_every_field(coach_client, coach, person):
    url = reverse("coaching:contact_new", args=[person.pk])
    themes = Theme.objects.filter(slug__in=["home", "money"])
    data = contact_form_data(
        place="Central Library",
        minutes="45",
        notes="Looked at flats together",
        connections="Citizens Advice",
        **{
            "barriers-0-service": "Council housing",
            "barriers-0-what_happened": "Told to come back",
        },
    )
    data["themes"] = [t.pk for t in themes]
    coach_client.post(url, data)
    contact = Contact.objects.get(person=person)
    assert (contact.place, contact.minutes, contact.notes) == (
        "Central Library",
        45,
        "Looked at flats together",
    )
    assert contact.connections == "Citizens Advice"
    assert contact.coach == coach and contact.reached_out_by == "person"
    assert set(contact.themes.values_list("slug", flat=True)) == {"home", "money"}
    assert list(contact.barriers.values_list("service", "what_happened")) == [
        ("Council housing", "Told to come back")
    ]


def test_contact_form_says_the_person_can_read_it(coach_client, person):
    response = coach_client.get(reverse("coaching:contact_new", args=[person.pk]))
    assert "Sam can read everything you write here" in response.content.decode()
    assert response.context["form"]["occurred_at"].value() is not None


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"channel": ""}, "channel"),
        ({"channel": "carrier pigeon"}, "channel"),
        ({"occurred_at": ""}, "occurred_at"),
        ({"occurred_at": "31/02/2026 10:00"}, "occurred_at"),
        ({"occurred_at": "2999-01-01T10:00"}, "occurred_at"),
        ({"occurred_at": "1850-01-01T10:00"}, "occurred_at"),
        ({"minutes": "-5"}, "minutes"),
        ({"minutes": "0"}, "minutes"),
        ({"minutes": "1441"}, "minutes"),
        ({"minutes": "99999999999"}, "minutes"),
        ({"minutes": "ten"}, "minutes"),
        ({"reached_out_by": "someone"}, "reached_out_by"),
        ({"notes": "null\x00byte"}, "notes"),
        ({"place": "x" * 201}, "place"),
        ({"themes": ["999999"]}, "themes"),
    ],
)
def test_bad_contact_input_gets_a_message_and_changes_nothing(
    coach_client, person, overrides, field
):
    url = reverse("coaching:contact_new", args=[person.pk])
    response = coach_client.post(url, contact_form_data(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "Please check the form" in response.content.decode()
    assert not Contact.objects.exists()


@pytest.mark.parametrize(
    ("posted", "field"),
    [("connections", "connections"), ("barriers-0-what_happened", "what_happened")],
)
def test_a_million_characters_get_a_clear_message_and_save_nothing(
    coach_client, person, posted, field
):
    url = reverse("coaching:contact_new", args=[person.pk])
    data = contact_form_data(**{"barriers-0-service": "Council housing", posted: "x" * 1_000_000})
    response = coach_client.post(url, data)
    assert response.status_code == 200
    form = response.context["form"]
    errors = form.errors if field == "connections" else response.context["barriers"][0].errors
    assert errors[field] == ["Please keep this to 2,000 characters (this has 1,000,000)."]
    assert not Contact.objects.exists()


def test_the_longest_connections_and_what_happened_are_saved(coach_client, person):
    url = reverse("coaching:contact_new", args=[person.pk])
    data = contact_form_data(
        connections="x" * 2000,
        **{"barriers-0-service": "Council housing", "barriers-0-what_happened": "y" * 2000},
    )
    assert coach_client.post(url, data).status_code == 302
    contact = Contact.objects.get()
    assert len(contact.connections) == len(contact.barriers.get().what_happened) == 2000


def test_the_contact_form_asks_the_database_about_no_constraint_it_answers_itself():
    """The form leaves the check constraints to its fields (a query each saved); the
    cases in this file hold each one. A constraint
    added later is checked by the database again until it is named here and given a
    case."""
    names = {constraint.name for constraint in Contact._meta.constraints}
    assert names == ContactForm.CONSTRAINTS_NOT_QUERIED


def test_each_error_in_the_summary_links_to_its_input(coach_client, person):
    """A choice of radios has no single id: its error leads to the first radio."""
    url = reverse("coaching:contact_new", args=[person.pk])
    data = contact_form_data(minutes="ten")
    del data["channel"]
    html = coach_client.post(url, data).content.decode()
    assert '<a href="#id_channel_0">How: Please fill this in.</a>' in html
    assert 'id="id_channel_0"' in html
    assert '<a href="#id_minutes">' in html and 'id="id_minutes"' in html


def test_barrier_detail_without_a_service_is_an_error(coach_client, person):
    url = reverse("coaching:contact_new", args=[person.pk])
    response = coach_client.post(
        url, contact_form_data(**{"barriers-0-what_happened": "Rude on the phone"})
    )
    assert response.status_code == 200
    assert not Contact.objects.exists()


def test_tampered_barrier_management_form_changes_nothing(coach_client, person):
    url = reverse("coaching:contact_new", args=[person.pk])
    response = coach_client.post(url, contact_form_data(**{"barriers-TOTAL_FORMS": "banana"}))
    assert response.status_code == 200
    assert not Contact.objects.exists()


def test_double_submitted_form_saves_one_contact(coach_client, person):
    url = reverse("coaching:contact_new", args=[person.pk])
    data = contact_form_data(sent_once_key=str(uuid.uuid4()))
    coach_client.post(url, data)
    response = coach_client.post(url, data, follow=True)
    assert Contact.objects.filter(person=person).count() == 1
    assert "This contact was saved already at" in response.content.decode()


def test_a_form_sent_again_after_going_back_saves_one_contact(coach_client, person):
    """Back after saving remakes the page with a new key, and the browser fills in the
    words again: sent again, it is the same contact. Other words are another contact."""
    url = reverse("coaching:contact_new", args=[person.pk])
    data = contact_form_data(notes="Talked about the flat", minutes="20")
    coach_client.post(url, data | {"sent_once_key": str(uuid.uuid4())})
    response = coach_client.post(url, data | {"sent_once_key": str(uuid.uuid4())}, follow=True)
    assert Contact.objects.filter(person=person).count() == 1
    assert "This contact was saved already at" in response.content.decode()
    coach_client.post(
        url, data | {"sent_once_key": str(uuid.uuid4()), "notes": "Talked about the job"}
    )
    assert Contact.objects.filter(person=person).count() == 2


def test_a_contact_at_another_minute_is_another_contact(coach_client, person):
    """Without notes the time tells two contacts apart: a second text a minute later
    is saved, though the same form sent again is not. (Later, not earlier: a contact
    before coaching began asks the coach to confirm it.)"""
    url = reverse("coaching:contact_new", args=[person.pk])
    when = timezone.localtime().replace(second=0, microsecond=0)
    for minutes_later in (0, 0, 1):
        occurred_at = (when + timedelta(minutes=minutes_later)).strftime("%Y-%m-%dT%H:%M")
        data = contact_form_data(channel="text", occurred_at=occurred_at)
        coach_client.post(url, data | {"sent_once_key": str(uuid.uuid4())})
    assert Contact.objects.filter(person=person).count() == 2


def test_a_repeated_key_changes_nothing_about_the_first_contact(coach_client, person):
    url = reverse("coaching:contact_new", args=[person.pk])
    housing, money = Theme.objects.order_by("position")[:2]
    key = str(uuid.uuid4())
    coach_client.post(
        url,
        contact_form_data(
            sent_once_key=key,
            channel="phone",
            themes=[housing.pk],
            **{"barriers-0-service": "Council"},
        ),
    )
    response = coach_client.post(
        url,
        contact_form_data(
            sent_once_key=key,
            channel="text",
            notes="Different words",
            themes=[money.pk],
            **{"barriers-0-service": "Jobcentre"},
        ),
        follow=True,
    )
    assert "This contact was saved already at" in response.content.decode()
    first = Contact.objects.get(person=person)
    assert (first.channel, first.notes) == ("phone", "")
    assert list(first.themes.all()) == [housing]
    assert [b.service for b in first.barriers.all()] == ["Council"]


def test_editing_keeps_the_earlier_version(coach_client, coach, person):
    contact = services.contact_log(
        person=person, coach=coach, fields={"channel": "phone", "notes": "First words"}
    )
    url = reverse("coaching:contact_edit", args=[contact.pk])
    response = coach_client.post(
        url, contact_form_data(channel="phone", notes="Better words", version="1")
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.notes, contact.version) == ("Better words", 2)
    revision = contact.revisions.get()
    assert (revision.version, revision.content["notes"], revision.replaced_by) == (
        1,
        "First words",
        coach,
    )


def test_stale_edit_is_a_clear_conflict_not_an_overwrite(coach_client, coach, person):
    contact = services.contact_log(
        person=person, coach=coach, fields={"channel": "phone", "notes": "Original"}
    )
    services.contact_update(
        contact=contact, expected_version=1, by=coach, fields={"notes": "Saved by someone else"}
    )
    url = reverse("coaching:contact_edit", args=[contact.pk])
    response = coach_client.post(
        url, contact_form_data(channel="phone", notes="My stale edit", version="1")
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else saved this contact" in page
    contact.refresh_from_db()
    assert (contact.notes, contact.version) == ("Saved by someone else", 2)
    # Theirs is shown, and the coach's own words are still in the form, now against
    # the newest version: saving again puts them in its place, and keeps theirs.
    assert "Saved by someone else" in page and "My stale edit" in page
    assert response.context["form"]["version"].value() == 2
    again = coach_client.post(
        url, contact_form_data(channel="phone", notes="My stale edit", version="2")
    )
    assert again.status_code == 302
    contact.refresh_from_db()
    assert (contact.notes, contact.version) == ("My stale edit", 3)
    assert contact.revisions.get(version=2).content["notes"] == "Saved by someone else"


def test_edit_page_lists_earlier_versions(coach_client, coach, person):
    contact = services.contact_log(
        person=person, coach=coach, fields={"channel": "phone", "notes": "v1 words"}
    )
    services.contact_update(contact=contact, expected_version=1, by=coach, fields={"notes": "v2"})
    response = coach_client.get(reverse("coaching:contact_edit", args=[contact.pk]))
    assert "v1 words" in response.content.decode()
    assert response.context["form"]["version"].value() == 2


def test_the_person_reads_their_contact_notes(person_client, coach, person):
    services.contact_log(
        person=person, coach=coach, fields={"channel": "phone", "notes": "We talked about your CV"}
    )
    response = person_client.get(reverse("coaching:me"))
    assert "We talked about your CV" in response.content.decode()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_coaches_saving_the_same_contact_at_once_one_wins_one_is_told():
    coach = make_coach("meg")
    cover = make_coach("tom")
    person = make_person("Sam", coach)
    contact = services.contact_log(
        person=person, coach=coach, fields={"channel": "phone", "notes": "v1"}
    )
    barrier = threading.Barrier(2)
    results = []

    def save(by, words):
        try:
            barrier.wait()
            fresh = Contact.objects.get(pk=contact.pk)
            services.contact_update(
                contact=fresh, expected_version=1, by=by, fields={"notes": words}
            )
            results.append(("saved", words))
        except services.EditConflict:
            results.append(("conflict", words))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=a) for a in [(coach, "from meg"), (cover, "from tom")]
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(kind for kind, _ in results) == ["conflict", "saved"]
    contact.refresh_from_db()
    winner = next(words for kind, words in results if kind == "saved")
    assert (contact.notes, contact.version) == (winner, 2)
    assert ContactRevision.objects.filter(contact=contact).count() == 1


def test_timeline_pages_carry_events_between_their_contacts(coach_client, coach, person):
    start = timezone.now() - timedelta(days=200)
    for day in range(25):
        services.contact_log(
            person=person,
            coach=coach,
            fields={"channel": "phone", "occurred_at": start + timedelta(days=day * 7)},
        )
    page1 = coach_client.get(reverse("coaching:person", args=[person.pk]))
    older = page1.context["older"]
    page2 = coach_client.get(reverse("coaching:person", args=[person.pk]), {"before": older})
    entries = page1.context["entries"] + page2.context["entries"]
    assert [e.row["kind"] for e in entries if e.kind == "step"] == ["began"]
    # The began step is now (the person was made today), so it leads the first page.
    assert len([e for e in page1.context["entries"] if e.kind == "contact"]) == 19
    assert len([e for e in page2.context["entries"] if e.kind == "contact"]) == 6
    assert page2.context["older"] is None
    # Each entry once, newest first across the pages.
    moments = [(e.when, e.kind, e.pk) for e in entries]
    assert len(set(moments)) == 26
    assert [m[0] for m in moments] == sorted((m[0] for m in moments), reverse=True)


def test_a_conflict_shows_what_else_the_other_version_says(coach_client, coach, person):
    from coaching.models import Theme

    contact = services.contact_log(
        person=person, coach=coach, fields={"channel": "phone", "notes": "Same words"}
    )
    home = Theme.objects.order_by("position").first()
    services.contact_update(
        contact=contact,
        expected_version=1,
        by=coach,
        fields={"notes": "Same words", "place": "The library"},
        themes=[home],
        barriers=[services.Barrier(service="Council housing", what_happened="")],
    )
    url = reverse("coaching:contact_edit", args=[contact.pk])
    stale = contact_form_data(
        occurred_at=timezone.localtime(contact.occurred_at).strftime("%Y-%m-%dT%H:%M"),
        channel="phone",
        notes="Same words",
        version="1",
    )
    response = coach_client.post(url, stale)
    assert response.status_code == 409
    page = response.content.decode()
    assert f"What mattered: <strong>{home.name}</strong> (yours: none)" in page
    assert "Got in the way: <strong>Council housing</strong> (yours: none)" in page
    assert "<strong>The library</strong> (yours: nothing)" in page
    # Named as the contact names its parts, not as the form's labels ("(optional)").
    assert "<li>Where: <strong>The library</strong>" in page
    assert "How:" not in page  # the same in both, so not listed
