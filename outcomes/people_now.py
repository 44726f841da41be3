"""People by the state of their coaching today, cached as it changes (PeopleNow).

The dashboard's "active now", "paused now" and "ended now" would otherwise look at
every person and every open relationship on each visit: tens of thousands of rows in a
national network. Instead the database keeps the counts by coach, in the same statement
as the write that changes them, whoever writes (our services, the admin, a shell).

A trigger on people (their reporting choice, their current relationship) and on
relationships (state, coach, and a new one) counts the person again. PersonCounted says
where the person was counted (coach and state); where they count now is read from the
rows as they are. Where the two differ, the trigger appends a change to PeopleNow: -1
where they were, +1 where they are. A trigger never needs to know what changed, only
whom; a write that changes nothing appends nothing.

The changes are appended, never updated in place, so two transactions never wait on one
row of counts (pausing one person while another of the same coach resumes would
otherwise take the same two rows in opposite orders). Reading adds them up; once there
are more than FOLD_AFTER of them, `fold()` adds them into one row per coach and state.
On PostgreSQL the trigger first takes a lock of its own on the person (an advisory lock,
not their row, which the writer may hold or want in another order), so that two
transactions changing one person count them one after the other, each from the other's
committed rows.

outcomes/triggers.py installs the triggers; a load that skips them (the generated
organisation, on PostgreSQL) calls `recount()` after.
"""

from collections import Counter

from django.db import connections, transaction

from outcomes.models import PeopleNow, PersonCounted

COUNTS = PeopleNow._meta.db_table
COUNTED = PersonCounted._meta.db_table
# Rows of changes read before the dashboard folds them (a few thousand once folded).
FOLD_AFTER = 10_000
# The advisory locks' first key: people counted again, in this app's own space.
LOCK_SPACE = 7_005_001


# Where people count now: their current relationship's coach and state, if they allow
# reporting.
COUNTED_NOW = (
    "SELECT p.id AS person_id, r.coach_id, r.state FROM coaching_person p "
    "JOIN coaching_relationship r ON r.id = p.current_relationship_id "
    "WHERE p.share_reporting"
)


def _counted_now(person_sql: str) -> str:
    """Where one person counts now."""
    return f"{COUNTED_NOW} AND p.id = {person_sql}"


def _count_again(person_sql: str, vendor: str, only_if: str = "") -> str:
    """Statements that count one person again (`person_sql`: their id, as NEW.id or
    OLD.person_id), all of them only where `only_if` holds."""
    guard = f" AND {only_if}" if only_if else ""
    now = _counted_now(person_sql)
    same = "n.coach_id = c.coach_id AND n.state = c.state"
    # Our own table names and trigger rows (NEW.id), never anything typed.
    statements = [
        # Taken back where they were counted, unless they count there still...
        f"INSERT INTO {COUNTS} (coach_id, state, people) "  # noqa: S608
        f"SELECT c.coach_id, c.state, -1 FROM {COUNTED} c WHERE c.person_id = {person_sql}"
        f"{guard} AND NOT EXISTS (SELECT 1 FROM ({now}) n WHERE {same})",
        # ...and added where they count now, unless they were counted there.
        f"INSERT INTO {COUNTS} (coach_id, state, people) "  # noqa: S608
        f"SELECT n.coach_id, n.state, 1 FROM ({now}) n WHERE 1 = 1{guard} AND NOT EXISTS "
        f"(SELECT 1 FROM {COUNTED} c WHERE c.person_id = {person_sql} AND {same})",
        f"DELETE FROM {COUNTED} WHERE person_id = {person_sql}{guard}",  # noqa: S608
        f"INSERT INTO {COUNTED} (person_id, coach_id, state) "  # noqa: S608
        f"SELECT n.person_id, n.coach_id, n.state FROM ({now}) n WHERE 1 = 1{guard}",
    ]
    if vendor == "postgresql":
        # Ids past 2^31 share a lock with another person's: a wait, never a wrong count.
        key = f"(({person_sql}) % 2147483647)::int"
        when = f" WHERE {only_if}" if only_if else ""
        statements.insert(0, f"PERFORM pg_advisory_xact_lock({LOCK_SPACE}, {key}){when}")
    return "; ".join(statements)


def specs(vendor: str, tables: set[str]) -> tuple[list, bool]:
    """Each trigger, as outcomes.triggers installs them, (table, name, {event: SQL}),
    and whether to install them (their tables are there) or drop them. A full save of a
    row counts its person again, which appends nothing."""
    if not {"coaching_person", "coaching_relationship"} <= tables:
        return [], False
    moved = "OLD.person_id <> NEW.person_id"  # a relationship never moves; if one did
    triggers = [
        (
            "coaching_person",
            "figures_people_now_person",
            {
                "INSERT": _count_again("NEW.id", vendor),
                "UPDATE OF share_reporting, current_relationship_id": _count_again(
                    "NEW.id", vendor
                ),
                "DELETE": _count_again("OLD.id", vendor),
            },
        ),
        (
            "coaching_relationship",
            "figures_people_now_relationship",
            {
                # A person written before the relationship they point to (a load with
                # foreign keys checked at commit) is counted when it arrives.
                "INSERT": _count_again("NEW.person_id", vendor),
                "UPDATE OF state, coach_id, person_id": (
                    f"{_count_again('OLD.person_id', vendor, moved)}; "
                    f"{_count_again('NEW.person_id', vendor)}"
                ),
                "DELETE": _count_again("OLD.person_id", vendor),
            },
        ),
    ]
    return triggers, {COUNTS, COUNTED} <= tables


def fold(using: str = "default") -> None:
    """Add the changes up into one row per coach and state. Taken out and put back in
    one transaction: a change appended meanwhile is not taken, and stays to be added."""
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute(f"DELETE FROM {COUNTS} RETURNING coach_id, state, people")  # noqa: S608
        totals: Counter = Counter()
        for coach_id, state, people in cursor.fetchall():
            totals[(coach_id, state)] += people
        PeopleNow.objects.using(using).bulk_create(
            PeopleNow(coach_id=coach_id, state=state, people=people)
            for (coach_id, state), people in totals.items()
            if people
        )


def recount(using: str = "default") -> None:
    """Count everyone again from the rows: after a load with triggers off, or to put
    right a count made wrong by hand."""
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        if connections[using].vendor == "postgresql":
            # Writes that count people wait until the counts are whole again.
            cursor.execute(f"LOCK TABLE {COUNTED}, {COUNTS} IN EXCLUSIVE MODE")
        cursor.execute(f"DELETE FROM {COUNTS}")  # noqa: S608 (our names)
        cursor.execute(f"DELETE FROM {COUNTED}")  # noqa: S608
        cursor.execute(f"INSERT INTO {COUNTED} (person_id, coach_id, state) {COUNTED_NOW}")
        cursor.execute(
            f"INSERT INTO {COUNTS} (coach_id, state, people) "  # noqa: S608
            f"SELECT coach_id, state, COUNT(*) FROM {COUNTED} GROUP BY coach_id, state"
        )
