"""History is kept as written by the database itself, not only by the models: relationship
events, access-log entries, contact revisions and the audit log refuse any UPDATE or
DELETE but erasure's, and a relationship's state never disagrees with its latest event
(coaching.history). On PostgreSQL and SQLite alike."""

import pytest
from django.db import IntegrityError, connection, transaction

from coaching import history, services
from coaching.audit import audit
from coaching.checks import history_triggers
from coaching.history_triggers import existing_triggers, install_triggers
from coaching.models import (
    AccessLogEntry,
    AuditEvent,
    Contact,
    ContactRevision,
    Person,
    Relationship,
    RelationshipEvent,
)
from tests.conftest import make_coach, make_person

HISTORY_TABLES = [
    "coaching_relationshipevent",
    "coaching_accesslogentry",
    "coaching_contactrevision",
    "coaching_auditevent",
]
# A column each table has, to write over.
A_COLUMN = {
    "coaching_relationshipevent": "reason",
    "coaching_accesslogentry": "what",
    "coaching_contactrevision": "version",
    "coaching_auditevent": "detail",
}


@pytest.fixture
def history_of(person, coach, manager):
    """One row in each history table, about `person`."""
    relationship = person.current_relationship
    relationship.pause(by=person.user, reason="Exams")
    AccessLogEntry.objects.create(person=person, viewer=coach, viewer_role="coach", what="notes")
    contact = services.contact_log(
        person=person, coach=coach, fields={"channel": "phone", "notes": "First words."}
    )
    services.contact_update(
        contact=contact,
        by=coach,
        expected_version=contact.version,
        fields={"channel": "phone", "notes": "Second words."},
    )
    audit(action=AuditEvent.Action.ACCESS_REFUSED, actor=coach, detail="/manager/")
    assert ContactRevision.objects.filter(contact=contact).count() == 1
    return person


def _raw(sql: str) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)


@pytest.mark.parametrize("table", HISTORY_TABLES)
def test_sql_cannot_rewrite_or_delete_kept_history(history_of, table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} ORDER BY id")  # noqa: S608
        before = cursor.fetchall()
    assert before
    column = A_COLUMN[table]
    value = "1" if column == "version" else "'rewritten'"
    for sql in (f"UPDATE {table} SET {column} = {value}", f"DELETE FROM {table}"):  # noqa: S608
        with pytest.raises(IntegrityError, match="kept as written"):
            _raw(sql)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} ORDER BY id")  # noqa: S608
        assert cursor.fetchall() == before


def test_bulk_updates_and_deletes_through_the_orm_are_refused_too(history_of):
    for queryset in (
        RelationshipEvent.objects.all(),
        AccessLogEntry.objects.all(),
        ContactRevision.objects.all(),
        AuditEvent.objects.all(),
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            queryset.delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        RelationshipEvent.objects.update(reason="Someone else's words")
    assert set(RelationshipEvent.objects.values_list("reason", flat=True)) == {"", "Exams"}


def test_a_person_is_deleted_only_by_erasure(history_of):
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.filter(pk=history_of.pk).delete()
    assert Person.objects.filter(pk=history_of.pk).exists()


def test_erasure_still_deletes_all_kept_history_and_is_audited(history_of, manager):
    person = history_of
    deletion = services.deletion_request_make(person=person, by=person.user)
    services.person_erase(deletion=deletion, by=manager)
    assert not Person.objects.filter(pk=person.pk).exists()
    assert not RelationshipEvent.objects.exists()
    assert not AccessLogEntry.objects.exists()
    assert not ContactRevision.objects.exists()
    erased = AuditEvent.objects.get(action="record_erased")
    assert (erased.actor_id, erased.object_id) == (manager.pk, person.pk)
    # The audit log outlived it, and is closed again.
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.all().delete()


def test_erasing_opens_one_persons_history_for_one_transaction(history_of, coach, manager):
    other = make_person("Jo", coach)
    AccessLogEntry.objects.create(person=other, viewer=coach, viewer_role="coach", what="notes")
    with history.erasing(history_of, by=manager, action=AuditEvent.Action.RECORD_ERASED):
        with pytest.raises(IntegrityError), transaction.atomic():
            AccessLogEntry.objects.filter(person=other).delete()
        with pytest.raises(IntegrityError), transaction.atomic():
            RelationshipEvent.objects.filter(relationship__person=history_of).update(reason="")
        AccessLogEntry.objects.filter(person=history_of).delete()
    assert not AccessLogEntry.objects.filter(person=history_of).exists()
    # Closed again once the erasure is done.
    AccessLogEntry.objects.create(person=history_of, viewer=coach, viewer_role="coach", what="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        AccessLogEntry.objects.filter(person=history_of).delete()


def test_erasing_that_fails_part_way_leaves_history_closed(history_of, manager):
    opening = history.erasing(history_of, by=manager, action=AuditEvent.Action.RECORD_ERASED)
    with pytest.raises(RuntimeError), transaction.atomic(), opening:
        raise RuntimeError("the erasure went wrong")
    with pytest.raises(IntegrityError), transaction.atomic():
        AccessLogEntry.objects.filter(person=history_of).delete()
    assert not AuditEvent.objects.filter(action="record_erased").exists()


def test_deleting_notes_blanks_earlier_versions_and_is_audited(history_of, coach):
    person = history_of
    Person.objects.filter(pk=person.pk).update(share_notes=False)
    services.notes_delete(person=person, by=coach)
    [revision] = ContactRevision.objects.all()
    assert revision.content["notes"] == ""
    assert Contact.objects.get().notes == ""
    deleted = AuditEvent.objects.get(action="notes_deleted")
    assert (deleted.actor_id, deleted.object_id) == (coach.pk, person.pk)


def test_a_state_that_disagrees_with_the_latest_event_is_refused(person):
    relationship = person.current_relationship
    relationship.pause(by=person.user)
    for state in ("active", "ended"):
        with pytest.raises(IntegrityError, match="latest event"):
            _raw(f"UPDATE coaching_relationship SET state = '{state}' WHERE id = {relationship.pk}")  # noqa: S608
        with pytest.raises(IntegrityError), transaction.atomic():
            Relationship.objects.filter(pk=relationship.pk).update(state=state)
    relationship.refresh_from_db()
    assert relationship.state == "paused"


def test_an_event_written_past_the_model_moves_the_state_on(person):
    relationship = person.current_relationship
    RelationshipEvent.objects.create(relationship=relationship, kind="ended")
    relationship.refresh_from_db()
    assert relationship.state == "ended"
    # A handover changes the coach, never the state.
    RelationshipEvent.objects.create(
        relationship=relationship, kind="handed_over", coach=make_coach("tom"), person_decided=False
    )
    relationship.refresh_from_db()
    assert relationship.state == "ended"


def test_every_step_in_coaching_still_works(person, coach, manager):
    relationship = person.current_relationship
    relationship.pause(by=person.user)
    relationship.resume(by=person.user)
    relationship.hand_over(by=manager, to_coach=make_coach("tom"))
    relationship.end(by=person.user)
    relationship.restart(by=person.user)
    relationship.end(by=person.user)
    services.relationship_restart(person=person, by=person.user, coach=coach)
    kinds = list(
        RelationshipEvent.objects.filter(relationship__person=person)
        .order_by("occurred_at", "pk")
        .values_list("kind", flat=True)
    )
    assert kinds == [
        "began", "paused", "resumed", "handed_over", "ended", "restarted", "ended", "restarted"
    ]  # fmt: skip
    person.refresh_from_db()
    assert person.current_relationship.state == "active" and relationship.state == "ended"


@pytest.mark.django_db(transaction=True)
def test_every_history_trigger_is_there_and_the_check_says_if_not():
    assert history.trigger_names(connection.vendor) <= existing_triggers(connection)
    assert history_triggers(databases=["default"]) == []
    on = " ON coaching_accesslogentry" if connection.vendor == "postgresql" else ""
    name = "history_kept_coaching_accesslogentry" + ("" if on else "_delete")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {name}{on}")
    try:
        [error] = history_triggers(databases=["default"])
        assert error.id == "coaching.E003" and name in error.msg
    finally:
        install_triggers()
    assert history_triggers(databases=["default"]) == []


def test_going_back_drops_every_trigger_made(db):
    made = history.install(connection)
    dropped = history.uninstall(connection)
    for name in history.trigger_names(connection.vendor):
        assert any(name in statement for statement in made)
        assert any(statement.startswith(f"DROP TRIGGER IF EXISTS {name}") for statement in dropped)
