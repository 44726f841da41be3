"""History the database keeps as written, whoever writes.

Relationship events, access-log entries, contact revisions and the audit log are
appended, never changed. Their models refuse save() of an existing row; triggers
refuse UPDATE and DELETE of their rows by anything else too (a bulk update, a shell,
any SQL).

One path may change them: a person's history goes at their own request, with their
record (erasure) or their notes. `erasing()` opens that path for that one person,
inside the caller's transaction, and writes the audit row that says so; the
triggers let through that person's rows alone. On PostgreSQL it is a
transaction-local setting, `mayday.erasing`, gone at commit or rollback; SQLite has
no such setting, so there it is a row in coaching_erasing, deleted again before the
transaction ends. The audit log itself is never opened.

A relationship's `state` is held to its latest event the same way: appending an
event sets the state it leads to, and an update of the state that disagrees with the
latest event is refused.

The triggers are made by migration 0024 and again after every migrate (SQLite drops
a table's triggers when a migration rebuilds the table), while 0024 is applied.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

MIGRATION = ("coaching", "0024_history_kept_by_the_database")
FLAG = "coaching_erasing"  # SQLite only: who is being erased, inside one transaction
# Person 0 is no one: the whole database being emptied (manage.py flush; SQLite only,
# PostgreSQL empties it with TRUNCATE, which these triggers do not see).
EVERYONE = 0

# The history tables: how to find the person from a row, and what erasing may do to one.
HISTORY_TABLES = {
    "coaching_relationshipevent": (
        "(SELECT person_id FROM coaching_relationship WHERE id = {row}.relationship_id)",
        ["DELETE"],
    ),
    "coaching_accesslogentry": ("{row}.person_id", ["DELETE"]),
    # Deleting a person's notes blanks the earlier versions of their contacts too.
    "coaching_contactrevision": (
        "(SELECT person_id FROM coaching_contact WHERE id = {row}.contact_id)",
        ["UPDATE", "DELETE"],
    ),
    # It holds ids alone, and outlives every erasure.
    "coaching_auditevent": (None, []),
}
# The state each kind of event leads to; a handover changes the coach alone.
LATEST_STATE = (
    "(SELECT CASE kind WHEN 'paused' THEN 'paused' WHEN 'ended' THEN 'ended' ELSE 'active' END "
    "FROM coaching_relationshipevent WHERE relationship_id = {id} AND kind <> 'handed_over' "
    "ORDER BY occurred_at DESC, id DESC LIMIT 1)"
)
STATE_REFUSED = "the state of a relationship must be the one its latest event leads to"


@contextmanager
def erasing(person, *, by, action: str) -> Iterator[None]:
    """Let `person`'s history be deleted (or, for revisions, blanked) inside one
    transaction, and record in the audit log who did it and why. Should the work
    inside fail, the savepoint takes the opening back with it."""
    from coaching.audit import audit

    with transaction.atomic(), connection.cursor() as cursor:
        audit(action=action, actor=by, obj=person)
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config('mayday.erasing', %s, true)", [str(person.pk)])
        else:
            cursor.execute(f"INSERT INTO {FLAG} (person_id) VALUES (%s)", [person.pk])  # noqa: S608
        yield
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config('mayday.erasing', '', true)")
        else:
            cursor.execute(f"DELETE FROM {FLAG} WHERE person_id = %s", [person.pk])  # noqa: S608


@contextmanager
def emptying_everything(db) -> Iterator[None]:
    """For manage.py flush alone: every table emptied at once leaves no history to
    disagree with, and tests that commit are emptied so after each."""
    if db.vendor != "sqlite" or FLAG not in db.introspection.table_names():
        yield
        return
    with db.cursor() as cursor:
        cursor.execute(f"INSERT OR IGNORE INTO {FLAG} (person_id) VALUES ({EVERYONE})")  # noqa: S608
    try:
        yield
    finally:
        with db.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FLAG} WHERE person_id = {EVERYONE}")  # noqa: S608


def applied(db) -> bool:
    return MIGRATION in MigrationRecorder(db).applied_migrations()


def trigger_names(vendor: str) -> set[str]:
    names = set()
    for table in HISTORY_TABLES:
        if vendor == "postgresql":
            names.add(f"history_kept_{table}")
        else:
            names |= {f"history_kept_{table}_{op.lower()}" for op in ("UPDATE", "DELETE")}
    return names | {"history_state_set", "history_state_held"}


def install(db) -> list[str]:
    """The statements that make every trigger (each replacing any old one)."""
    return _postgres() if db.vendor == "postgresql" else _sqlite()


def uninstall(db) -> list[str]:
    if db.vendor == "postgresql":
        on = {f"history_kept_{t}": t for t in HISTORY_TABLES} | {
            "history_state_set": "coaching_relationshipevent",
            "history_state_held": "coaching_relationship",
        }
        return [f"DROP TRIGGER IF EXISTS {name} ON {table}" for name, table in on.items()] + [
            f"DROP FUNCTION IF EXISTS {name}()" for name in on
        ]
    return [f"DROP TRIGGER IF EXISTS {name}" for name in sorted(trigger_names("sqlite"))] + [
        f"DROP TABLE IF EXISTS {FLAG}"
    ]


def _postgres() -> list[str]:
    statements = []
    for table, (person_sql, may) in HISTORY_TABLES.items():
        name = f"history_kept_{table}"
        allowed = ""
        if may:
            person = person_sql.format(row="OLD")
            allowed = (
                f"IF TG_OP IN ({', '.join(repr(op) for op in may)}) "
                f"AND current_setting('mayday.erasing', true) = ({person})::text "
                "THEN RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END; END IF;"
            )
        statements += [
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {allowed} "
            f"RAISE EXCEPTION '{table} is kept as written: % refused', TG_OP "
            "USING ERRCODE = 'restrict_violation'; END $$",
            f"CREATE OR REPLACE TRIGGER {name} BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {name}()",
        ]
    latest = LATEST_STATE.format(id="NEW.relationship_id")
    statements += [
        "CREATE OR REPLACE FUNCTION history_state_set() RETURNS trigger LANGUAGE plpgsql AS $$ "  # noqa: S608 (our names)
        f"BEGIN UPDATE coaching_relationship SET state = {latest} "
        f"WHERE id = NEW.relationship_id AND {latest} IS NOT NULL "
        f"AND state IS DISTINCT FROM {latest}; RETURN NULL; END $$",
        "CREATE OR REPLACE TRIGGER history_state_set AFTER INSERT ON coaching_relationshipevent "
        "FOR EACH ROW EXECUTE FUNCTION history_state_set()",
        "CREATE OR REPLACE FUNCTION history_state_held() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "DECLARE latest varchar; BEGIN "
        f"latest := {LATEST_STATE.format(id='NEW.id')}; "
        f"IF latest IS NOT NULL AND NEW.state <> latest THEN RAISE EXCEPTION '{STATE_REFUSED}' "
        "USING ERRCODE = 'restrict_violation'; END IF; RETURN NEW; END $$",
        "CREATE OR REPLACE TRIGGER history_state_held BEFORE UPDATE OF state "
        "ON coaching_relationship FOR EACH ROW WHEN (NEW.state IS DISTINCT FROM OLD.state) "
        "EXECUTE FUNCTION history_state_held()",
    ]
    return statements


def _sqlite() -> list[str]:
    statements = [f"CREATE TABLE IF NOT EXISTS {FLAG} (person_id integer PRIMARY KEY)"]
    for table, (person_sql, may) in HISTORY_TABLES.items():
        for op in ("UPDATE", "DELETE"):
            name = f"history_kept_{table}_{op.lower()}"
            people = f"{EVERYONE}"
            if op in may:
                people += f", {person_sql.format(row='OLD')}"
            statements += [
                f"DROP TRIGGER IF EXISTS {name}",
                f"CREATE TRIGGER {name} BEFORE {op} ON {table} FOR EACH ROW "  # noqa: S608
                f"WHEN NOT EXISTS (SELECT 1 FROM {FLAG} WHERE person_id IN ({people})) "
                f"BEGIN SELECT RAISE(ABORT, '{table} is kept as written: {op} refused'); END",
            ]
    latest = LATEST_STATE.format(id="NEW.relationship_id")
    held = LATEST_STATE.format(id="NEW.id")
    statements += [
        "DROP TRIGGER IF EXISTS history_state_set",
        "CREATE TRIGGER history_state_set AFTER INSERT ON coaching_relationshipevent "  # noqa: S608
        f"FOR EACH ROW WHEN {latest} IS NOT NULL BEGIN UPDATE coaching_relationship "
        f"SET state = {latest} WHERE id = NEW.relationship_id AND state IS NOT {latest}; END",
        "DROP TRIGGER IF EXISTS history_state_held",
        "CREATE TRIGGER history_state_held BEFORE UPDATE OF state ON coaching_relationship "
        f"FOR EACH ROW WHEN NEW.state IS NOT OLD.state AND {held} IS NOT NULL "
        f"AND NEW.state IS NOT {held} BEGIN SELECT RAISE(ABORT, '{STATE_REFUSED}'); END",
    ]
    return statements
