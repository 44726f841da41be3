"""A person's record, drawn once and read until something on it changes.

A person's page, their coach's view of them and their own /me/, shows a dozen things
about them: how their coaching stands, their own words, wellbeing, outcomes, budget
requests and the newest page of their story. Drawing it takes a dozen queries and
most of the page's time, and it is read far more often than it changes. So the first
page of it is kept in KeptRecord, one copy per kind of viewer, and read back in one
query while it is current.

It is kept correct by the database, not by remembering to: a trigger on every table
the record shows (PERSON_TABLES) bumps the person's version and blanks their copies
in the same statement as the write, whoever writes (our services, the admin, a
shell). A copy is stored only if the version read before drawing is still the
person's, in one statement under the row's lock, so a write that lands while a page
is drawn is never covered by that page's copy, and words someone deleted never stay
behind in one. Changes that show on every record (a coach's name, a theme, an
outcome type) blank every copy (EVERYONE_TABLES). The stamp carries the day, for due
dates, and the release (templates, code and the wellbeing scale in use), so a new day
or a new release draws afresh.

Every staff view is still logged: the views log before they ask for the record.
"""

import hashlib
from collections.abc import Callable
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.safestring import SafeString, mark_safe

from coaching.models import KeptRecord
from coaching.models.kept import VIEWERS

TABLE = KeptRecord._meta.db_table

VIA_CONTACT = "(SELECT person_id FROM coaching_contact WHERE id = {row}.contact_id)"
# The tables a record shows, with how to find the person from one of their rows.
PERSON_TABLES = {
    "coaching_person": "{row}.id",
    "coaching_contact": "{row}.person_id",
    "coaching_contact_themes": VIA_CONTACT,
    "coaching_systembarrier": VIA_CONTACT,
    "coaching_relationship": "{row}.person_id",
    "coaching_relationshipevent": (
        "(SELECT person_id FROM coaching_relationship WHERE id = {row}.relationship_id)"
    ),
    "coaching_goal": "{row}.person_id",
    "coaching_strength": "{row}.person_id",
    "budgets_budgetrequest": "{row}.person_id",
    "outcomes_wellbeingscore": "{row}.person_id",
    "outcomes_outcome": "{row}.person_id",
}
# Tables whose rows show on many records: a change blanks every copy. For sign-ins,
# only the columns a record shows, and only staff's: a sign-in (last_login) changes
# nothing on one, and a person's own name is on their Person, which has its trigger.
EVERYONE_TABLES = {
    "coaching_user": (
        ["first_name", "last_name", "username", "is_active", "role"],
        "OLD.role <> 'person'",
    ),
    "coaching_theme": (None, None),
    "outcomes_outcometype": (None, None),
}

_BLANK = ", ".join(f"for_{viewer} = '', for_{viewer}_stamp = ''" for viewer in VIEWERS)
_COLUMNS = ", ".join(f"for_{viewer}, for_{viewer}_stamp" for viewer in VIEWERS)


def _forget_person(person_sql: str) -> str:
    # Only for a person who is there: their own deletion takes their copies with it.
    return (
        f"INSERT INTO {TABLE} (person_id, version, {_COLUMNS}) "  # noqa: S608 (our names)
        f"SELECT id, 1, {', '.join(["''"] * 2 * len(VIEWERS))} FROM coaching_person "
        f"WHERE id = {person_sql} "
        f"ON CONFLICT (person_id) DO UPDATE SET version = {TABLE}.version + 1, {_BLANK}"
    )


FORGET_EVERYONE = f"UPDATE {TABLE} SET version = version + 1, {_BLANK}"  # noqa: S608


def record(
    request, person, *, viewer: str, template: str, context: Callable[[], dict]
) -> SafeString:
    """The person's record for this kind of viewer: the kept copy while it is current,
    else drawn (from `context()`, which reads the person afresh) and kept."""
    if settings.DEBUG or request.GET.get("page"):
        # Only the newest page of the story is kept; and a developer sees an edited
        # template at once.
        return render_to_string(template, context(), request)
    column = f"for_{viewer}"
    stamp = _stamp()
    row = (
        KeptRecord.objects.filter(pk=person.pk)
        .values_list("version", column, f"{column}_stamp")
        .first()
    )
    version, html, kept_stamp = row or (0, "", "")
    if not html or kept_stamp != stamp:
        # The token is the viewer's own, so the copy holds a slot for it.
        html = render_to_string(template, {**context(), "csrf_token": csrf_slot()}, request)
        _keep(person.pk, version, column, html, stamp)
    # Drawn by our templates, which escaped it; the token is letters and digits.
    return mark_safe(html.replace(csrf_slot(), get_token(request)))  # noqa: S308


def _keep(person_id: int, version: int, column: str, html: str, stamp: str) -> None:
    """Store a copy drawn from `version`, unless a write has moved the person on."""
    values = {f"for_{viewer}": "" for viewer in VIEWERS} | {column: html}
    stamps = {f"for_{viewer}_stamp": "" for viewer in VIEWERS} | {f"{column}_stamp": stamp}
    params = [person_id, version]
    for viewer in VIEWERS:
        params += [values[f"for_{viewer}"], stamps[f"for_{viewer}_stamp"]]
    placeholders = ", ".join(["%s"] * len(params))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (person_id, version, {_COLUMNS}) VALUES ({placeholders}) "  # noqa: S608
            f"ON CONFLICT (person_id) DO UPDATE SET {column} = excluded.{column}, "
            f"{column}_stamp = excluded.{column}_stamp WHERE {TABLE}.version = %s",
            [*params, version],
        )


def _stamp() -> str:
    return f"{timezone.localdate().isoformat()} {release()}"


@cache
def release() -> str:
    """A fingerprint of everything that draws a record: templates, code, the scale."""
    digest = hashlib.sha256(settings.WELLBEING_SCALE.encode())
    base = Path(settings.BASE_DIR)
    for folder in ("templates", "coaching", "budgets", "outcomes", "mayday"):
        for path in sorted((base / folder).rglob("*")):
            if path.suffix in (".html", ".py") and "migrations" not in path.parts:
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


@cache
def csrf_slot() -> str:
    # Unguessable, so no one can type it into their notes.
    return "csrf-" + salted_hmac("coaching.kept", "csrf slot", algorithm="sha256").hexdigest()[:24]


# The triggers, installed after every migrate (CoachingConfig.ready): a migration
# that rebuilds a table (SQLite does, to alter one) drops the table's triggers.


def install_triggers(using: str = "default", **kwargs) -> None:
    from django.db import connections

    db = connections[using]
    tables = set(db.introspection.table_names())
    if TABLE not in tables:
        return
    statements = []
    for table, person_sql in PERSON_TABLES.items():
        if table in tables:
            statements += _person_triggers(db.vendor, table, person_sql)
    for table, (columns, only_if) in EVERYONE_TABLES.items():
        if table in tables:
            statements += _everyone_triggers(db.vendor, table, columns, only_if)
    with db.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _person_triggers(vendor: str, table: str, person_sql: str) -> list[str]:
    new = _forget_person(person_sql.format(row="NEW"))
    old = _forget_person(person_sql.format(row="OLD"))
    name = f"kept_forget_{table}"
    if table == "coaching_person":
        # A new person has nothing kept yet; a deleted one takes their copies along.
        events, update = ["UPDATE", "DELETE"], new
        old = f"DELETE FROM {TABLE} WHERE person_id = OLD.id"  # noqa: S608
    else:
        # Both, should a row ever move from one person to another.
        events, update = ["INSERT", "UPDATE", "DELETE"], f"{old}; {new}"
    if vendor == "postgresql":
        body = {
            "INSERT": f"IF TG_OP = 'INSERT' THEN {new}; END IF;",
            "UPDATE": f"IF TG_OP = 'UPDATE' THEN {update}; END IF;",
            "DELETE": f"IF TG_OP = 'DELETE' THEN {old}; END IF;",
        }
        return [
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {' '.join(body[event] for event in events)} RETURN NULL; END $$",
            f"DROP TRIGGER IF EXISTS {name} ON {table}",
            f"CREATE TRIGGER {name} AFTER {' OR '.join(events)} ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {name}()",
        ]
    body = {"INSERT": f"{new};", "UPDATE": f"{update};", "DELETE": f"{old};"}
    statements = []
    for event in events:
        statements += [
            f"DROP TRIGGER IF EXISTS {name}_{event.lower()}",
            f"CREATE TRIGGER {name}_{event.lower()} AFTER {event} ON {table} "
            f"FOR EACH ROW BEGIN {body[event]} END",
        ]
    return statements


def _everyone_triggers(
    vendor: str, table: str, columns: list[str] | None, only_if: str | None
) -> list[str]:
    name = f"kept_forget_all_{table}"
    if columns:
        events = f"UPDATE OF {', '.join(columns)}"
        distinct = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"
        changed = " OR ".join(f"OLD.{c} {distinct} NEW.{c}" for c in columns)
        when = f"WHEN (({changed}) AND {only_if})"
    else:
        events, when = "INSERT OR UPDATE OR DELETE", ""
    if vendor == "postgresql":
        return [
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {FORGET_EVERYONE}; RETURN NULL; END $$",
            f"DROP TRIGGER IF EXISTS {name} ON {table}",
            f"CREATE TRIGGER {name} AFTER {events} ON {table} FOR EACH ROW {when} "
            f"EXECUTE FUNCTION {name}()",
        ]
    statements = []
    for event in events.split(" OR ") if not columns else [events]:
        suffix = event.split()[0].lower()
        statements += [
            f"DROP TRIGGER IF EXISTS {name}_{suffix}",
            f"CREATE TRIGGER {name}_{suffix} AFTER {event} ON {table} FOR EACH ROW {when} "
            f"BEGIN {FORGET_EVERYONE}; END",
        ]
    return statements
