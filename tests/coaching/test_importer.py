"""Importing from spreadsheets: all or nothing, every problem named, idempotent."""

import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from coaching import services
from coaching.importer import ImportRefused, import_files, import_folder, parse_moment
from coaching.models import Contact, Person, RelationshipEvent, Team, User
from outcomes.models import Outcome, WellbeingScore

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "import-example"


def counts():
    return (
        Team.objects.count(),
        User.objects.count(),
        Person.objects.count(),
        RelationshipEvent.objects.count(),
        Contact.objects.count(),
        WellbeingScore.objects.count(),
        Outcome.objects.count(),
    )


def test_the_example_folder_imports_fully(db):
    call_command("import_records", str(EXAMPLE))
    assert counts() == (1, 2, 4, 4 + 4, 5, 2, 2)
    marcus = Person.objects.get(import_ref="BE-002")
    assert marcus.current_relationship.state == "active"
    priya = Person.objects.get(import_ref="BE-003")
    assert priya.current_relationship.state == "ended" and not priya.share_reporting
    assert not priya.share_notes
    tash = Person.objects.get(import_ref="BE-004")
    assert tash.current_relationship.coach.username == "asha"
    lou = Person.objects.get(import_ref="BE-001")
    # Sharing choices left empty take the README's defaults: notes, wellbeing and
    # reporting on, cover off.
    assert (lou.share_notes, lou.share_wellbeing, lou.share_reporting, lou.share_cover) == (
        True,
        True,
        True,
        False,
    )
    first = Contact.objects.get(import_ref="C-1")
    assert sorted(first.themes.values_list("slug", flat=True)) == ["home", "money"]
    barrier = first.barriers.get()
    assert (barrier.service, barrier.category) == ("Council housing options", "council_housing")
    assert Outcome.objects.get(import_ref="O-2").sustains.import_ref == "O-1"


def test_importing_the_same_folder_twice_adds_nothing(db):
    import_folder(EXAMPLE)
    before = counts()
    result = import_folder(EXAMPLE)
    assert counts() == before
    assert result["contacts"] == {"added": 0, "already there": 5}


def test_uk_and_iso_dates_mean_the_same_day():
    assert parse_moment("05/02/2025").date() == parse_moment("2025-02-05").date()
    assert parse_moment("05/02/2025 10:30").hour == 10


def test_one_bad_row_imports_nothing_and_names_the_row(db, tmp_path):
    folder = tmp_path / "records"
    shutil.copytree(EXAMPLE, folder)
    contacts = folder / "contacts.csv"
    lines = contacts.read_text().splitlines()
    lines[3] = lines[3].replace("14/02/2025", "31/02/2025")
    contacts.write_text("\n".join(lines) + "\n")
    before = counts()
    with pytest.raises(ImportRefused) as refused:
        import_folder(folder)
    assert [str(p) for p in refused.value.problems] == [
        "contacts.csv, row 4, column when: '31/02/2025' is not a date like 31/01/2025, "
        "or with a time, 31/01/2025 14:30"
    ]
    assert counts() == before
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_records", str(folder))


def test_every_problem_is_reported_with_file_row_and_column(db, tmp_path):
    (tmp_path / "people.csv").write_text(
        "ref,name,coach,began,reporting\nP1,Sam,nobody,2025-13-01,maybe\nP1,Jo,nobody,01/01/2025,\n"
    )
    (tmp_path / "events.csv").write_text(
        "ref,person,date,step\nE1,P9,01/02/2025,paused\nE2,P1,01/02/2025,resumed\n"
    )
    with pytest.raises(ImportRefused) as refused:
        import_folder(tmp_path)
    found = {(p.file, p.row, p.column) for p in refused.value.problems}
    assert {
        ("people", 2, "coach"),
        ("people", 2, "began"),
        ("people", 2, "reporting"),
        ("people", 3, "ref"),
        ("events", 2, "person"),
        ("events", 3, "step"),
    } <= found
    assert Person.objects.count() == 0


# Priya's contact in the example: she chose no notes, so it has none of the rest either.
PRIYAS_CONTACT = "C-4,BE-003,pete,20/03/2025 14:00,in_person,coach,,,home;health,,,"


def _import_with_priyas_contact(tmp_path, written: str):
    """The example, with Priya's contact written as `written`: its refusal."""
    shutil.copytree(EXAMPLE, tmp_path / "r")
    contacts = tmp_path / "r" / "contacts.csv"
    contacts.write_text(contacts.read_text().replace(PRIYAS_CONTACT, written))
    with pytest.raises(ImportRefused) as refused:
        import_folder(tmp_path / "r")
    assert Person.objects.count() == 0
    return refused.value


def test_notes_for_someone_who_chose_no_notes_are_refused(db, tmp_path):
    refused = _import_with_priyas_contact(
        tmp_path, "C-4,BE-003,pete,20/03/2025 14:00,in_person,coach,,,home;health,A note,,"
    )
    assert [(p.file, p.row, p.column) for p in refused.problems] == [("contacts", 5, "notes")]


def test_nothing_written_about_a_contact_for_someone_who_chose_no_notes(db, tmp_path):
    """Where, minutes, connections and barriers are written about the conversation too."""
    refused = _import_with_priyas_contact(
        tmp_path,
        "C-4,BE-003,pete,20/03/2025 14:00,in_person,coach,Café on Church St,45,home;health,,"
        "Citizens Advice,Universal Credit: payment late",
    )
    assert [p.column for p in refused.problems] == ["where", "minutes", "connections", "barriers"]
    assert "chose not to keep notes" in refused.problems[0].message


def test_the_files_are_read_in_order_outcomes_adding_its_own():
    """Coaching offers the place; outcomes fills it from outcomes/importing.py."""
    files = import_files()
    assert [f.name for f in files] == [
        "teams",
        "coaches",
        "people",
        "events",
        "contacts",
        "wellbeing",
        "outcomes",
        "contracts",
        "contract_tariffs",
        "contract_payers",
        "enrolments",
        "claims",
        "claim_lines",
        "payments",
    ]
    assert {type(f).__module__ for f in files} == {"coaching.importer", "outcomes.importing"}


def test_contacts_and_steps_are_written_by_the_services_the_app_uses(db, monkeypatch):
    """An imported contact or step obeys exactly the rules a logged one does."""
    logged, decided = [], []
    contact_log, relationship_decide = services.contact_log, services.relationship_decide

    def spy_log(**kwargs):
        logged.append(kwargs["fields"]["import_ref"])
        return contact_log(**kwargs)

    def spy_decide(**kwargs):
        decided.append(kwargs["decision"])
        return relationship_decide(**kwargs)

    monkeypatch.setattr(services, "contact_log", spy_log)
    monkeypatch.setattr(services, "relationship_decide", spy_decide)
    import_folder(EXAMPLE)
    assert sorted(logged) == ["C-1", "C-2", "C-3", "C-4", "C-5"]
    assert decided == ["pause", "resume", "end"]  # the handover is the coach's step
    assert RelationshipEvent.objects.get(import_ref="EV-1").person_decided


def test_a_restart_with_another_coach_begins_coaching_with_them(db, tmp_path):
    folder = tmp_path / "records"
    shutil.copytree(EXAMPLE, folder)
    events = folder / "events.csv"
    events.write_text(events.read_text() + "EV-5,BE-003,01/10/2025,restarted,asha,Back again,\n")
    import_folder(folder)
    priya = Person.objects.get(import_ref="BE-003")
    assert priya.current_relationship.state == "active"
    assert priya.current_relationship.coach.username == "asha"
    assert priya.relationships.count() == 2
