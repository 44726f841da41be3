"""People by the state of their coaching today, kept as it changes (PeopleNow).

The dashboard's "active now", "paused now" and "ended now" would otherwise look at
every person and every open relationship on each visit: tens of thousands of rows in a
national network. Instead the database keeps the counts by coach, in the same statement
as the write that changes them, whoever writes (our services, the admin, a shell).

A trigger on people (their reporting choice, their current relationship) and on
relationships (state, coach) counts the person again: it takes back what PersonCounted
says they added, and adds what they add now, read from the rows as they are. Counting
again rather than adding a difference means a trigger never needs to know what changed,
only whom. On PostgreSQL the trigger first locks the person's row, so that two
transactions changing one person (their reporting choice in one, their coaching in
the other) count them one after the other, each from the other's committed rows.

A load that skips triggers (coaching.scale, on PostgreSQL) calls `rebuild()` after.
"""

from django.db import connections, transaction

from coaching.models import PeopleNow, PersonCounted

COUNTS = PeopleNow._meta.db_table
COUNTED = PersonCounted._meta.db_table


def _count_again(person_sql: str, vendor: str, only_if: str = "") -> str:
    """Statements that count one person again (`person_sql`: their id, as NEW.id or
    OLD.person_id), all of them only where `only_if` holds."""
    guard = f" AND {only_if}" if only_if else ""
    # Our own table names and trigger rows (NEW.id), never anything typed.
    statements = [
        f"UPDATE {COUNTS} SET people = people - 1 WHERE EXISTS (SELECT 1 FROM {COUNTED} c "  # noqa: S608
        f"WHERE c.person_id = {person_sql} AND c.coach_id = {COUNTS}.coach_id "
        f"AND c.state = {COUNTS}.state{guard})",
        f"DELETE FROM {COUNTED} WHERE person_id = {person_sql}{guard}",  # noqa: S608
        f"INSERT INTO {COUNTED} (person_id, coach_id, state) "  # noqa: S608
        "SELECT p.id, r.coach_id, r.state FROM coaching_person p "
        "JOIN coaching_relationship r ON r.id = p.current_relationship_id "
        f"WHERE p.id = {person_sql} AND p.share_reporting{guard}",
        f"INSERT INTO {COUNTS} (coach_id, state, people) "  # noqa: S608
        f"SELECT coach_id, state, 1 FROM {COUNTED} WHERE person_id = {person_sql}{guard} "
        f"ON CONFLICT (coach_id, state) DO UPDATE SET people = {COUNTS}.people + 1",
    ]
    if vendor == "postgresql":
        lock = f"PERFORM 1 FROM coaching_person WHERE id = {person_sql}{guard} FOR NO KEY UPDATE"
        statements.insert(0, lock)
    return "; ".join(statements)


def specs(vendor: str, tables: set[str]) -> tuple[list, bool]:
    """Each trigger, as coaching.kept installs them, (table, name, {event: SQL}, when),
    and whether to install them (their tables are there) or drop them. A full save of a
    row counts its person again, which changes nothing."""
    if not {"coaching_person", "coaching_relationship"} <= tables:
        return [], False
    moved = "OLD.person_id <> NEW.person_id"  # a relationship never moves; if one did
    triggers = [
        (
            "coaching_person",
            "people_now_person",
            {
                "INSERT": _count_again("NEW.id", vendor),
                "UPDATE OF share_reporting, current_relationship_id": _count_again(
                    "NEW.id", vendor
                ),
                "DELETE": _count_again("OLD.id", vendor),
            },
            "",
        ),
        (
            "coaching_relationship",
            "people_now_relationship",
            {
                "UPDATE OF state, coach_id, person_id": (
                    f"{_count_again('OLD.person_id', vendor, moved)}; "
                    f"{_count_again('NEW.person_id', vendor)}"
                ),
                "DELETE": _count_again("OLD.person_id", vendor),
            },
            "",
        ),
    ]
    return triggers, {COUNTS, COUNTED} <= tables


def rebuild(using: str = "default") -> None:
    """Count everyone afresh: after a load with triggers off, or to put right a count
    made wrong by hand."""
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        if connections[using].vendor == "postgresql":
            # Writes that count people wait until the counts are whole again.
            cursor.execute(f"LOCK TABLE {COUNTED}, {COUNTS} IN EXCLUSIVE MODE")
        cursor.execute(f"DELETE FROM {COUNTS}")  # noqa: S608 (our names)
        cursor.execute(f"DELETE FROM {COUNTED}")  # noqa: S608
        cursor.execute(
            f"INSERT INTO {COUNTED} (person_id, coach_id, state) "  # noqa: S608
            "SELECT p.id, r.coach_id, r.state FROM coaching_person p "
            "JOIN coaching_relationship r ON r.id = p.current_relationship_id "
            "WHERE p.share_reporting"
        )
        cursor.execute(
            f"INSERT INTO {COUNTS} (coach_id, state, people) "  # noqa: S608
            f"SELECT coach_id, state, COUNT(*) FROM {COUNTED} GROUP BY coach_id, state"
        )
