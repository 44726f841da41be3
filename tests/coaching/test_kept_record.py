"""A person's record is kept as drawn, and forgotten by any write to what it shows.

The forgetting is the database's (coaching.kept's triggers), so the writes here go
through the ORM and the services alike: whoever writes, the copy is blanked.
"""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from budgets import services as budget_services
from coaching import kept, services
from coaching.models import (
    AccessLogEntry,
    Contact,
    DeletionRequest,
    Goal,
    Invitation,
    KeptGeneration,
    KeptRecord,
    Person,
    SystemBarrier,
    Theme,
)
from outcomes import services as outcome_services
from outcomes.models import Outcome, OutcomeType
from outcomes.scales import current_scale
from tests.conftest import make_coach

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def record_page(client, url) -> str:
    html = client.get(url).content.decode()
    return CSRF_INPUT.sub("", html[html.index("<main") : html.index("</main>")])


def kept_copy(person, viewer="coach") -> str:
    row = KeptRecord.objects.filter(pk=person.pk).values_list(f"for_{viewer}", flat=True)
    return row.first() or ""


@pytest.fixture
def contact(person, coach):
    contact, _ = services.contact_log(
        person=person, coach=coach, fields={"channel": "phone", "notes": "Talked about the flat."}
    )
    return contact


@pytest.fixture
def person_url(person):
    return reverse("coaching:person", args=[person.pk])


def test_a_kept_record_reads_as_the_drawn_one(coach_client, person_url, person, contact):
    drawn = record_page(coach_client, person_url)
    assert "Talked about the flat." in kept_copy(person)
    assert record_page(coach_client, person_url) == drawn


def test_the_persons_own_record_is_kept_for_them_alone(person_client, person, contact):
    drawn = record_page(person_client, reverse("coaching:me"))
    assert "Hello Sam" in kept_copy(person, "person")
    assert kept_copy(person, "coach") == ""
    assert record_page(person_client, reverse("coaching:me")) == drawn


def test_every_staff_view_of_a_kept_record_is_logged(coach_client, person_url, person):
    for _ in range(3):
        coach_client.get(person_url)
    assert AccessLogEntry.objects.filter(person=person, what="your record").count() == 3


def test_the_forms_on_a_kept_record_carry_the_viewers_own_token(person, coach, person_url):
    person.user = None
    person.save(update_fields=["user"])
    client = Client(enforce_csrf_checks=True)
    client.force_login(coach)
    client.get(person_url)
    for _ in range(2):
        page = client.get(person_url).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        assert kept.CSRF_SLOT not in page
        response = client.post(
            reverse("coaching:invitation_new", args=[person.pk]), {"csrfmiddlewaretoken": token}
        )
        assert response.status_code == 200
    assert Invitation.objects.filter(person=person).count() == 2


def test_a_coach_covering_and_the_own_coach_each_have_their_copy(person, coach, person_url):
    coach_client = Client()
    coach_client.force_login(coach)
    covering = make_coach("tom", team=coach.team)
    cover_client = Client()
    cover_client.force_login(covering)
    person.share_cover = True
    person.save(update_fields=["share_cover"])
    services.coach_away(coach=coach, away=True)
    assert "You are covering" not in record_page(coach_client, person_url)
    assert "You are covering" in record_page(cover_client, person_url)
    assert "You are covering" not in record_page(coach_client, person_url)
    assert "You are covering" not in kept_copy(person, "coach")
    assert "You are covering" in kept_copy(person, "cover")


def test_a_later_page_of_the_story_is_never_kept(coach_client, person_url, person, contact):
    coach_client.get(person_url, {"page": 2})
    assert kept_copy(person) == ""


def _write_theme(person, contact, coach):
    contact.themes.add(Theme.objects.create(slug="rent", name="Rent", position=99))


def _write_barrier(person, contact, coach):
    SystemBarrier.objects.create(contact=contact, service="Housing office")


def _edit_contact(person, contact, coach):
    Contact.objects.filter(pk=contact.pk).update(notes="Edited words.")


def _delete_notes(person, contact, coach):
    person.share_notes = False
    person.save(update_fields=["share_notes"])
    services.notes_delete(person=person, by=coach)


def _new_contact(person, contact, coach):
    services.contact_log(person=person, coach=coach, fields={"channel": "text"})


def _pause(person, contact, coach):
    services.relationship_decide(person=person, decision="pause", by=person.user, reason="")


def _goal(person, contact, coach):
    services.own_words_add(model=Goal, person=person, text="A flat", by=person.user)


def _sharing(person, contact, coach):
    services.sharing_change(person=person, choice="wellbeing", allowed=False, by=person.user)


def _rename(person, contact, coach):
    services.person_rename(person=person, name="Sammy", area="", by=person.user)


def _budget(person, contact, coach):
    budget_services.request_raise(
        person=person, by=coach, purpose="Bus pass", amount=Decimal("30"), payment_method="card"
    )


def _wellbeing(person, contact, coach):
    outcome_services.wellbeing_record(
        person=person, answers=dict.fromkeys(current_scale().items, 3), by=coach
    )


def _outcome(person, contact, coach):
    recorded = Outcome.objects.filter(person=person).count()
    outcome_services.outcome_record(
        person=person,
        outcome_type=OutcomeType.objects.filter(sustains__isnull=True).first(),
        achieved_on=date.today() - timedelta(days=recorded),  # one a day of each kind
        evidence="Keys",
        by=coach,
    )


def _coach_renamed(person, contact, coach):
    coach.first_name = "Margaret"
    coach.save()


def _theme_renamed(person, contact, coach):
    Theme.objects.filter(pk=contact.themes.first().pk).update(name="A theme renamed")


def _outcome_type_renamed(person, contact, coach):
    type_id = Outcome.objects.filter(person=person).values_list("type_id", flat=True).first()
    OutcomeType.objects.filter(pk=type_id).update(name="An outcome renamed")


PERSON_WRITES = [
    _write_theme,
    _write_barrier,
    _edit_contact,
    _delete_notes,
    _new_contact,
    _pause,
    _goal,
    _sharing,
    _rename,
    _budget,
    _wellbeing,
    _outcome,
]
EVERYONE_WRITES = [_coach_renamed, _theme_renamed, _outcome_type_renamed]


def generation() -> int:
    return KeptGeneration.objects.filter(pk=1).values_list("value", flat=True).first() or 0


@pytest.mark.parametrize(
    "write", PERSON_WRITES + EVERYONE_WRITES, ids=lambda write: write.__name__.strip("_")
)
def test_any_write_to_what_a_record_shows_forgets_it(
    coach_client, person_url, person, coach, contact, write
):
    contact.themes.add(Theme.objects.order_by("position").first())
    _outcome(person, contact, coach)
    before = record_page(coach_client, person_url)
    version, was = KeptRecord.objects.get(pk=person.pk).version, generation()
    assert kept_copy(person)
    write(Person.objects.get(pk=person.pk), Contact.objects.get(pk=contact.pk), coach)
    if write in PERSON_WRITES:
        # Blanked: nothing of what changed (deleted notes, say) stays in a copy.
        assert kept_copy(person) == ""
        assert KeptRecord.objects.get(pk=person.pk).version > version
    else:
        # Every record: one number moves, rather than every copy rewritten.
        assert generation() > was
    # Drawn afresh, with the change in it.
    after = record_page(coach_client, person_url)
    assert after != before
    assert kept_copy(person)


def test_a_coach_leaving_forgets_the_records_that_name_them(person_client, person, coach):
    assert "has left" not in record_page(person_client, reverse("coaching:me"))
    was = generation()
    coach.is_active = False
    coach.save(update_fields=["is_active"])
    assert generation() > was
    assert "has left" in record_page(person_client, reverse("coaching:me"))


def test_deleted_notes_leave_no_copy_behind(person_client, person, contact):
    record_page(person_client, reverse("coaching:me"))
    assert "Talked about the flat." in kept_copy(person, "person")
    _delete_notes(person, contact, None)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM coaching_keptrecord")
        assert "Talked about the flat." not in repr(cursor.fetchall())


def test_a_sign_in_changes_nothing_on_a_record(coach_client, person_url, person, coach):
    coach_client.get(person_url)
    coach.last_login = timezone.now()
    coach.save(update_fields=["last_login"])
    person.user.last_login = timezone.now()
    person.user.save(update_fields=["last_login"])
    assert kept_copy(person)


def test_a_copy_drawn_before_a_write_is_not_stored_after_it(person, contact, coach):
    version = KeptRecord.objects.get(pk=person.pk).version
    _edit_contact(person, contact, coach)
    kept._keep(person.pk, version, "for_coach", "Talked about the flat.", "stamp")
    assert kept_copy(person) == ""


def test_a_copy_is_stored_when_nothing_has_moved(person):
    version = KeptRecord.objects.get(pk=person.pk).version
    kept._keep(person.pk, version, "for_coach", "<p>Drawn</p>", "stamp")
    assert kept_copy(person) == "<p>Drawn</p>"


def test_a_person_erased_while_their_page_is_drawn_leaves_nothing_behind(
    coach_client, person_url, person, contact, manager, monkeypatch
):
    drawn = kept.render_to_string

    def draw_then_erase(*args, **kwargs):
        html = drawn(*args, **kwargs)
        deletion = services.deletion_request_make(person=person, by=person.user)
        services.person_erase(deletion=DeletionRequest.objects.get(pk=deletion.pk), by=manager)
        return html

    monkeypatch.setattr(kept, "render_to_string", draw_then_erase)
    coach_client.get(person_url)
    assert not Person.objects.filter(pk=person.pk).exists()
    assert not KeptRecord.objects.exists()


def test_words_typed_like_the_token_slot_stay_words(coach_client, person_url, person, coach):
    services.contact_log(
        person=person, coach=coach, fields={"channel": "phone", "notes": "<csrf-slot> ok"}
    )
    page = record_page(coach_client, person_url)
    page = record_page(coach_client, person_url)  # kept
    assert "&lt;csrf-slot&gt; ok" in page


def test_a_new_day_draws_the_record_afresh(coach_client, person_url, person, coach):
    coach_client.get(person_url)
    stamp = KeptRecord.objects.get(pk=person.pk).for_coach_stamp
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        coach_client.force_login(coach)
        assert coach_client.get(person_url).status_code == 200
    assert KeptRecord.objects.get(pk=person.pk).for_coach_stamp != stamp


def test_a_deleted_person_takes_their_copies_along(person_client, person, contact, manager):
    record_page(person_client, reverse("coaching:me"))
    deletion = services.deletion_request_make(person=person, by=person.user)
    services.person_erase(deletion=DeletionRequest.objects.get(pk=deletion.pk), by=manager)
    assert not KeptRecord.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_every_table_a_record_shows_has_its_trigger_and_the_check_says_if_not():
    from coaching.checks import kept_record_triggers

    assert kept_record_triggers(databases=["default"]) == []
    on = " ON coaching_theme" if connection.vendor == "postgresql" else ""
    name = "kept_forget_all_coaching_theme" + ("" if on else "_update")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {name}{on}")
    try:
        [error] = kept_record_triggers(databases=["default"])
        assert error.id == "coaching.E001" and "kept_forget_all_coaching_theme" in error.msg
    finally:
        kept.install_triggers()
    assert kept_record_triggers(databases=["default"]) == []


@pytest.mark.parametrize("vendor", ["postgresql", "sqlite"])
def test_migrated_back_past_the_kept_tables_the_triggers_go_too(vendor):
    tables = {*kept.PERSON_TABLES, *kept.EVERYONE_TABLES}
    made = kept._statements(vendor, tables | {kept.TABLE, kept.GENERATION})
    assert any("CREATE" in statement for statement in made)
    dropped = kept._statements(vendor, tables)
    assert dropped and all(statement.startswith("DROP TRIGGER") for statement in dropped)
    names = {statement.split()[4] for statement in dropped}
    assert {f"kept_forget_{table}" for table in kept.PERSON_TABLES} <= {
        name.rsplit("_", 1)[0] if vendor == "sqlite" else name for name in names
    }
