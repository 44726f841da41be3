"""Sharing choices: the person decides, every change is kept, and each holds at once."""

import uuid
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coaching import reporting, services
from coaching.models import (
    AccessLogEntry,
    Activity,
    Contact,
    ContactRevision,
    Invitation,
    Person,
    SentForm,
    SharingChange,
    SharingChoice,
    SystemBarrier,
    Theme,
)
from coaching.sent_once import FIELD
from tests.coaching.test_contacts import contact_form_data
from tests.conftest import make_coach, make_person

ALL_ON = {"notes": "yes", "wellbeing": "yes", "reporting": "yes", "cover": "yes"}


def choices(**changes) -> dict:
    return {**{"notes": "yes", "wellbeing": "yes", "reporting": "yes", "cover": "no"}, **changes}


def test_defaults_are_notes_wellbeing_reporting_on_and_cover_off(person):
    assert [person.shares(c) for c in SharingChoice] == [True, True, True, False]


def test_a_change_keeps_when_and_who_and_tells_the_coach(person):
    changed = services.sharing_change(person=person, choice="notes", allowed=False, by=person.user)
    assert changed and not Person.objects.get(pk=person.pk).share_notes
    change = SharingChange.objects.get(person=person)
    assert (change.choice, change.allowed, change.changed_by, change.with_coach) == (
        "notes",
        False,
        person.user,
        False,
    )
    assert Activity.objects.filter(person=person, kind="sharing_changed").count() == 1


def test_saving_the_same_choice_again_writes_no_history(person):
    assert not services.sharing_change(person=person, choice="notes", allowed=True, by=person.user)
    assert not SharingChange.objects.exists()


def test_a_coach_records_a_choice_with_the_person_marked_so(coach, person):
    services.sharing_change(person=person, choice="cover", allowed=True, by=coach, with_coach=True)
    change = SharingChange.objects.get(person=person)
    assert (change.changed_by, change.with_coach) == (coach, True)
    # The coach pressed the button: no "Sam did something" for the coach's own feed.
    assert not Activity.objects.filter(person=person).exists()


def test_person_changes_choices_and_sees_the_history(person_client, person):
    url = reverse("coaching:me_sharing")
    assert person_client.get(url).status_code == 200
    response = person_client.post(url, choices(reporting="no", cover="yes"), follow=True)
    page = response.content.decode()
    assert "Saved. Your choices count from now on" in page
    assert "turned <strong>off</strong> by you" in page
    person.refresh_from_db()
    assert (person.share_reporting, person.share_cover) == (False, True)
    assert SharingChange.objects.filter(person=person).count() == 2


def test_bad_sharing_input_changes_nothing(person_client, person):
    response = person_client.post(reverse("coaching:me_sharing"), choices(notes="maybe"))
    assert response.status_code == 200
    assert response.context["form"].errors["notes"]
    assert not SharingChange.objects.exists()


def test_coach_records_choices_only_when_the_person_chose_them(coach_client, coach, person):
    url = reverse("coaching:sharing", args=[person.pk])
    response = coach_client.post(url, choices(cover="yes"))
    assert response.status_code == 200
    assert not SharingChange.objects.exists()
    coach_client.post(url, {**choices(cover="yes"), "person_decided": "on"})
    assert SharingChange.objects.get().with_coach is True


def test_sharing_pages_refuse_outsiders_wrong_roles_and_strangers(
    client, outsider, person, manager
):
    coach_url = reverse("coaching:sharing", args=[person.pk])
    client.force_login(outsider)
    assert client.get(coach_url).status_code == 404
    client.force_login(person.user)
    assert client.get(coach_url).status_code == 403
    client.force_login(manager)
    assert client.get(reverse("coaching:me_sharing")).status_code == 403
    client.logout()
    for url in [coach_url, reverse("coaching:me_sharing"), reverse("coaching:me_notes_delete")]:
        assert client.get(url)["Location"].startswith("/accounts/login/")


# Notes


def test_notes_off_the_contact_form_offers_no_notes_field(coach_client, person):
    url = reverse("coaching:contact_new", args=[person.pk])
    assert b'name="notes"' in coach_client.get(url).content
    services.sharing_change(person=person, choice="notes", allowed=False, by=person.user)
    assert b'name="notes"' not in coach_client.get(url).content


def test_notes_off_posted_notes_are_not_stored(coach_client, person):
    services.sharing_change(person=person, choice="notes", allowed=False, by=person.user)
    coach_client.post(
        reverse("coaching:contact_new", args=[person.pk]),
        {
            "occurred_at": _this_minute(),
            "channel": "phone",
            "reached_out_by": "coach",
            "notes": "Should not be kept",
            **_no_barriers(),
        },
    )
    contact = Contact.objects.get(person=person)
    assert contact.notes == ""


def test_notes_off_a_contact_records_only_when_how_who_and_what_mattered(
    coach_client, coach, person
):
    earlier = services.contact_log(
        person=person,
        coach=coach,
        fields={"channel": "phone", "place": "The library", "minutes": 20},
        barriers=[services.Barrier("Universal Credit", "Lost the claim")],
    )
    services.sharing_change(person=person, choice="notes", allowed=False, by=person.user)
    page = coach_client.get(reverse("coaching:contact_new", args=[person.pk])).content.decode()
    assert "chose not to keep notes of your conversations" in page
    assert "can read everything you write" not in page  # nothing is written
    for name in ["notes", "place", "minutes", "connections", "barriers-0-service"]:
        assert f'name="{name}"' not in page, name
    # Posted anyway, none of it is kept.
    written = {
        "place": "A café",
        "minutes": "30",
        "connections": "Shelter",
        "barriers-TOTAL_FORMS": "1",
        "barriers-INITIAL_FORMS": "0",
        "barriers-0-service": "Housing office",
        "barriers-0-what_happened": "Closed",
    }
    coach_client.post(
        reverse("coaching:contact_new", args=[person.pk]),
        {"occurred_at": _this_minute(), "channel": "phone", "reached_out_by": "coach"} | written,
    )
    new = Contact.objects.exclude(pk=earlier.pk).get()
    assert (new.place, new.minutes, new.connections, new.barriers.count()) == ("", None, "", 0)
    # An edit changes what it offers and keeps what was written before.
    coach_client.post(
        reverse("coaching:contact_edit", args=[earlier.pk]),
        {"occurred_at": _this_minute(), "channel": "text", "reached_out_by": "coach"}
        | {"version": "1"}
        | written,
    )
    earlier.refresh_from_db()
    assert (earlier.channel, earlier.place, earlier.minutes) == ("text", "The library", 20)
    assert [b.service for b in earlier.barriers.all()] == ["Universal Credit"]


def test_notes_off_the_service_refuses_notes(coach, person):
    services.sharing_change(person=person, choice="notes", allowed=False, by=person.user)
    with pytest.raises(services.NotShared):
        services.contact_log(person=person, coach=coach, fields={"channel": "phone", "notes": "x"})
    contact = services.contact_log(person=person, coach=coach, fields={"channel": "phone"})
    with pytest.raises(services.NotShared):
        services.contact_update(
            contact=contact, expected_version=1, by=coach, fields={"notes": "x"}
        )
    assert Contact.objects.get().notes == ""


@pytest.mark.parametrize(
    "written",
    [
        {"place": "The library"},
        {"minutes": 20},
        {"connections": "Shelter"},
        {},  # with a barrier, below
    ],
)
def test_notes_off_the_service_refuses_anything_written_about_the_conversation(
    coach, person, written
):
    """The choice holds below the form too: an importer, a script or a crafted call
    keeps only when, how, who reached out and what mattered."""
    services.sharing_change(person=person, choice="notes", allowed=False, by=person.user)
    barriers = [] if written else [services.Barrier("Universal Credit")]
    with pytest.raises(services.NotShared):
        services.contact_log(
            person=person, coach=coach, fields={"channel": "phone"} | written, barriers=barriers
        )
    contact = services.contact_log(
        person=person, coach=coach, fields={"channel": "phone", "place": "", "minutes": None}
    )
    with pytest.raises(services.NotShared):
        services.contact_update(
            contact=contact, expected_version=1, by=coach, fields=written, barriers=barriers
        )
    contact.refresh_from_db()
    assert (contact.version, contact.place, contact.minutes, contact.connections) == (
        1,
        "",
        None,
        "",
    )
    assert not contact.barriers.exists()


def test_wellbeing_off_the_guard_refuses_for_the_outcomes_app(person):
    services.require_shared(person, SharingChoice.WELLBEING)
    services.sharing_change(person=person, choice="wellbeing", allowed=False, by=person.user)
    with pytest.raises(services.NotShared):
        services.require_shared(person, SharingChoice.WELLBEING)


def _no_barriers() -> dict:
    return {"barriers-TOTAL_FORMS": "1", "barriers-INITIAL_FORMS": "0"}


def _person_with_notes(coach, person):
    contact = services.contact_log(
        person=person, coach=coach, fields={"channel": "phone", "notes": "Secret first words"}
    )
    services.contact_update(
        contact=contact, expected_version=1, by=coach, fields={"notes": "Secret second words"}
    )
    services.contact_log(person=person, coach=coach, fields={"channel": "text"})
    return contact


def test_turning_notes_off_asks_whether_to_delete_the_notes_kept(person_client, coach, person):
    _person_with_notes(coach, person)
    response = person_client.post(reverse("coaching:me_sharing"), choices(notes="no"))
    assert response["Location"] == reverse("coaching:me_notes_delete")
    page = person_client.get(response["Location"]).content.decode()
    assert "conversations before, on 1 contact:" in page


def test_deleting_notes_removes_every_copy_earlier_versions_too(person_client, coach, person):
    contact = _person_with_notes(coach, person)
    person_client.post(reverse("coaching:me_sharing"), choices(notes="no"))
    response = person_client.post(reverse("coaching:me_notes_delete"), follow=True)
    assert "Your notes are deleted" in response.content.decode()
    assert Contact.objects.get(pk=contact.pk).notes == ""
    assert [r.content["notes"] for r in ContactRevision.objects.all()] == [""]
    assert services.notes_kept(person) == 0
    # Everything else about the contact stays.
    assert Contact.objects.filter(person=person).count() == 2


def test_deleting_notes_takes_the_digest_of_a_form_sent_with_them(person_client, coach, person):
    """A form that saved keeps a digest of its words for a few minutes, to know it sent
    again: not the words, but it could confirm a guess at them, so it goes too."""
    coach_client = Client()
    coach_client.force_login(coach)
    coach_client.post(
        reverse("coaching:contact_new", args=[person.pk]),
        contact_form_data(notes="Rent arrears", **{FIELD: str(uuid.uuid4())}),
    )
    assert SentForm.objects.get(sent_by=coach).words
    person_client.post(reverse("coaching:me_sharing"), choices(notes="no"))
    person_client.post(reverse("coaching:me_notes_delete"))
    assert SentForm.objects.get(sent_by=coach).words is None


def test_deleting_notes_removes_everything_written_not_only_the_notes(person_client, coach, person):
    written = {"place": "Plymouth Hoe", "minutes": 45, "connections": "Introduced to Shelter"}
    themes = list(Theme.objects.all()[:1])
    barrier = services.Barrier("Jobcentre", "sanctioned her for a missed call")
    contact = services.contact_log(
        person=person,
        coach=coach,
        fields={"channel": "in_person", **written},
        themes=themes,
        barriers=[barrier],
    )
    services.contact_update(
        contact=contact,
        expected_version=1,
        by=coach,
        fields={"place": "The library"},
        themes=themes,
        barriers=[barrier],
    )
    # Nothing but a barrier: still something written about the conversation.
    services.contact_log(
        person=person, coach=coach, fields={"channel": "phone"}, barriers=[barrier]
    )
    person_client.post(reverse("coaching:me_sharing"), choices(notes="no"))
    assert services.notes_kept(person) == 2
    person_client.post(reverse("coaching:me_notes_delete"))
    assert services.notes_kept(person) == 0
    contact.refresh_from_db()
    assert (contact.place, contact.minutes, contact.connections) == ("", None, "")
    assert not SystemBarrier.objects.exists()
    revision = ContactRevision.objects.get().content
    assert (revision["place"], revision["minutes"], revision["barriers"]) == ("", None, [])
    # When, how and what mattered stay.
    assert (contact.channel, contact.themes.count()) == ("in_person", 1)
    page = person_client.get(reverse("coaching:me")).content.decode()
    assert "The library" not in page and "sanctioned" not in page


def test_keeping_the_notes_keeps_them(person_client, coach, person):
    _person_with_notes(coach, person)
    person_client.post(reverse("coaching:me_sharing"), choices(notes="no"))
    # "No, keep them" is a link back: nothing is posted, nothing deleted.
    assert services.notes_kept(person) == 1
    page = person_client.get(reverse("coaching:me")).content.decode()
    assert "Secret second words" in page


def test_notes_cannot_be_deleted_while_notes_are_on(person_client, coach, person):
    _person_with_notes(coach, person)
    person_client.post(reverse("coaching:me_notes_delete"))
    assert services.notes_kept(person) == 1


def test_coach_deletes_notes_with_the_person(coach_client, coach, person):
    _person_with_notes(coach, person)
    response = coach_client.post(
        reverse("coaching:sharing", args=[person.pk]),
        {**choices(notes="no"), "person_decided": "on"},
    )
    assert response["Location"] == reverse("coaching:notes_delete", args=[person.pk])
    coach_client.post(response["Location"], {})
    assert services.notes_kept(person) == 1
    coach_client.post(response["Location"], {"person_decided": "on"})
    assert services.notes_kept(person) == 0


# Reporting


def test_reporting_off_on_the_page_leaves_the_person_out_at_once(person_client, coach, person):
    other = make_person("Jo", coach, with_login=False)
    person_client.post(reverse("coaching:me_sharing"), choices(reporting="no"))
    assert list(reporting.counted(Person.objects.all(), "")) == [other]
    assert reporting.left_out_count() == 1
    person_client.post(reverse("coaching:me_sharing"), choices(reporting="yes"))
    assert reporting.counted(Person.objects.all(), "").count() == 2


# Cover


@pytest.fixture
def teammate(coach):
    return make_coach("tom", team=coach.team)


@pytest.fixture
def coach_away(coach):
    services.coach_away(coach=coach, away=True)
    return coach


def test_cover_holds_only_while_the_coach_is_away_or_has_left(
    client, coach, teammate, person, django_user_model
):
    services.sharing_change(person=person, choice="cover", allowed=True, by=person.user)
    url = reverse("coaching:person", args=[person.pk])
    client.force_login(teammate)
    assert client.get(url).status_code == 404
    assert f">{person.name}</a>" not in client.get(reverse("coaching:covering")).content.decode()
    client.force_login(coach)
    response = client.post(reverse("coaching:coach_away"), {"away": "yes"}, follow=True)
    assert "You are marked away" in response.content.decode()
    client.force_login(teammate)
    assert client.get(url).status_code == 200
    covering = client.get(reverse("coaching:covering")).content.decode()
    assert person.name in covering and "away since" in covering
    client.force_login(coach)
    client.post(reverse("coaching:coach_away"), {"away": "no"})
    client.force_login(teammate)
    assert client.get(url).status_code == 404
    # A coach who has left is away for good.
    django_user_model.objects.filter(pk=coach.pk).update(is_active=False)
    assert client.get(url).status_code == 200
    assert "has left" in client.get(reverse("coaching:covering")).content.decode()


def test_cover_off_other_coaches_in_the_team_get_404(client, teammate, person):
    client.force_login(teammate)
    assert client.get(reverse("coaching:person", args=[person.pk])).status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_cover_on_a_teammate_opens_the_record_marked_as_cover(client, coach_away, teammate, person):
    services.sharing_change(person=person, choice="cover", allowed=True, by=person.user)
    client.force_login(teammate)
    response = client.get(reverse("coaching:person", args=[person.pk]))
    assert response.status_code == 200
    assert "You are covering for" in response.content.decode()
    entry = AccessLogEntry.objects.get(person=person)
    assert (entry.viewer, entry.as_cover) == (teammate, True)
    services.sharing_change(person=person, choice="cover", allowed=False, by=person.user)
    assert client.get(reverse("coaching:person", args=[person.pk])).status_code == 404


def test_cover_on_a_teammate_can_open_a_contact_marked_as_cover(
    client, coach_away, teammate, person
):
    contact = services.contact_log(person=person, coach=coach_away, fields={"channel": "phone"})
    url = reverse("coaching:contact_edit", args=[contact.pk])
    client.force_login(teammate)
    assert client.get(url).status_code == 404
    services.sharing_change(person=person, choice="cover", allowed=True, by=person.user)
    assert client.get(url).status_code == 200
    assert AccessLogEntry.objects.get().as_cover is True


def test_cover_ends_by_itself_after_the_last_day_away(
    client, coach, teammate, person, time_machine
):
    services.sharing_change(person=person, choice="cover", allowed=True, by=person.user)
    url = reverse("coaching:person", args=[person.pk])
    today = timezone.localdate()
    client.force_login(coach)
    response = client.post(
        reverse("coaching:coach_away"),
        {"away": "yes", "until": str(today - timedelta(days=1))},
        follow=True,
    )
    page = response.content.decode()
    assert "Please choose today or a later day" in page
    # Back on their home, the form open, with what they typed and the reason beside it.
    assert "<details open>" in page
    assert f'value="{today - timedelta(days=1):%Y-%m-%d}"' in page
    coach.refresh_from_db()
    assert not coach.is_away
    until = today + timedelta(days=3)
    client.post(reverse("coaching:coach_away"), {"away": "yes", "until": str(until)})
    home = client.get(reverse("coaching:coach_home")).content.decode()
    assert "You are marked away" in home and "until the end of" in home
    client.force_login(teammate)
    assert client.get(url).status_code == 200
    time_machine.move_to(timezone.now() + timedelta(days=4))
    client.force_login(teammate)  # a new day's sign-in
    assert client.get(url).status_code == 404
    assert f">{person.name}</a>" not in client.get(reverse("coaching:covering")).content.decode()
    client.force_login(coach)
    assert "Going away?" in client.get(reverse("coaching:coach_home")).content.decode()


def test_a_covering_teammate_cannot_hand_the_person_over(client, coach_away, teammate, person):
    services.sharing_change(person=person, choice="cover", allowed=True, by=person.user)
    client.force_login(teammate)
    assert "Hand Sam over" not in client.get(person.get_absolute_url()).content.decode()
    url = reverse("coaching:hand_over", args=[person.pk])
    response = client.post(url, {"to_coach": teammate.pk}, follow=True)
    assert "own coach, or a manager, hands them over." in response.content.decode()
    person.refresh_from_db()
    assert person.current_relationship.coach == coach_away


def test_a_covering_teammate_makes_no_sign_in_code(client, coach_away, teammate):
    jo = make_person("Jo", coach_away, with_login=False)
    services.sharing_change(person=jo, choice="cover", allowed=True, by=coach_away)
    client.force_login(teammate)
    assert "Make a sign-in code" not in client.get(jo.get_absolute_url()).content.decode()
    response = client.post(reverse("coaching:invitation_new", args=[jo.pk]), follow=True)
    assert "own coach can make a sign-in code" in response.content.decode()
    assert not Invitation.objects.exists()


def test_the_notes_page_says_notes_are_on_rather_than_that_there_are_none(
    person_client, coach, person
):
    _person_with_notes(coach, person)
    response = person_client.get(reverse("coaching:me_notes_delete"), follow=True)
    assert "Your notes are on. To delete the notes kept, turn them off first." in (
        response.content.decode()
    )
    person_client.post(reverse("coaching:me_sharing"), choices(notes="no"))
    person_client.post(reverse("coaching:me_notes_delete"))
    home = person_client.get(reverse("coaching:me")).content.decode()
    assert "You chose no written notes." in home and "read every word" not in home
    assert "Logged by" in home


def test_cover_never_reaches_another_team(client, coach_away, outsider, person):
    services.sharing_change(person=person, choice="cover", allowed=True, by=person.user)
    client.force_login(outsider)
    assert client.get(reverse("coaching:person", args=[person.pk])).status_code == 404


def test_the_persons_own_coach_is_never_logged_as_cover(coach_client, person):
    services.sharing_change(person=person, choice="cover", allowed=True, by=person.user)
    coach_client.get(reverse("coaching:person", args=[person.pk]))
    assert AccessLogEntry.objects.get().as_cover is False


def _this_minute() -> str:
    # After the person's coaching began (coaching.forms.ContactForm asks about earlier).
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")
