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
shell). A reader stores a copy only by updating the person's row where the version is
still the one it read before drawing, so a write that lands while a page is drawn is
never covered by that page's copy; and a reader never inserts a copy, so a person
erased while their page is drawn leaves none behind. Changes that show on every
record (a coach's name, a theme, an outcome type: EVERYONE_TABLES) bump one
generation, which is part of every copy's stamp, with the day (for due dates) and the
release (templates, code, the wellbeing scale, Django), so a new day, a new release or
such a change draws afresh.

Every staff view is still logged: the views log before they ask for the record.
"""

import hashlib
from collections.abc import Callable
from contextlib import suppress
from functools import cache
from pathlib import Path

import django
from django.conf import settings
from django.db import OperationalError, connections, transaction
from django.db.models import Subquery
from django.db.models.functions import Coalesce
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from coaching.models import KeptGeneration, KeptRecord, Person
from coaching.models.kept import VIEWERS

TABLE = KeptRecord._meta.db_table
GENERATION = KeptGeneration._meta.db_table

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
# Tables whose rows show on many records: a change bumps the generation. For sign-ins,
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
# What {% csrf_token %} writes in a copy, for the viewer's own token on the way out.
# Marked safe, so the tag writes it as it is; anyone's typed "<" is escaped, so no text
# in a record can stand for it.
CSRF_SLOT = mark_safe("<csrf-slot>")  # noqa: S308

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


FORGET_EVERYONE = (
    f"INSERT INTO {GENERATION} (id, value) VALUES (1, 1) "  # noqa: S608 (our names)
    f"ON CONFLICT (id) DO UPDATE SET value = {GENERATION}.value + 1"
)


def record(
    request, person, *, viewer: str, template: str, context: Callable[[Person], dict]
) -> SafeString:
    """The person's record for this kind of viewer: the kept copy while it is current,
    else drawn from `context(person)`, the person read afresh, and kept."""
    if settings.DEBUG or request.GET.get("page"):
        # Only the newest page of the story is kept; and a developer sees an edited
        # template at once.
        return render_to_string(template, context(_afresh(person)), request)
    column = f"for_{viewer}"
    generation = Subquery(KeptGeneration.objects.filter(pk=1).values("value"))
    row = (
        KeptRecord.objects.filter(pk=person.pk)
        .annotate(generation=Coalesce(generation, 0))
        .values_list("version", column, f"{column}_stamp", "generation")
        .first()
    )
    if row is None:
        # Made empty before anything is read for the copy, so that a write from now on
        # bumps the version the copy is stored against. Empty, it holds nothing of
        # theirs should they be erased meanwhile.
        KeptRecord.objects.bulk_create([KeptRecord(person_id=person.pk)], ignore_conflicts=True)
        row = (0, "", "", _generation())
    version, html, kept_stamp, generation = row
    stamp = f"{timezone.localdate().isoformat()} {release()} {generation}"
    if not html or kept_stamp != stamp:
        drawn = {**context(_afresh(person)), "csrf_token": CSRF_SLOT}
        html = render_to_string(template, drawn, request)
        _keep(person.pk, version, column, html, stamp)
    # Drawn by our templates, which escaped it; the token is letters and digits.
    return mark_safe(html.replace(CSRF_SLOT, get_token(request)))  # noqa: S308


def _afresh(seen: Person) -> Person:
    """The person read again, after the version: a copy must be drawn from data no
    older than the version it is stored against. How the viewer reached them (cover)
    stays as the access check found it."""
    person = Person.objects.select_related("current_relationship__coach", "user").get(pk=seen.pk)
    person.as_cover = getattr(seen, "as_cover", False)
    return person


def _generation() -> int:
    return KeptGeneration.objects.filter(pk=1).values_list("value", flat=True).first() or 0


def _keep(person_id: int, version: int, column: str, html: str, stamp: str) -> None:
    """Store a copy drawn from `version`, unless a write has moved the person on or
    they are gone: an update, never an insert, so an erased person's row stays gone.
    Keeping is only a saving: a copy that cannot be stored (SQLite busy past its
    timeout) is drawn again next time, rather than the page failing."""
    with suppress(OperationalError):
        KeptRecord.objects.filter(pk=person_id, version=version).update(
            **{column: html, f"{column}_stamp": stamp}
        )


@cache
def release() -> str:
    """A fingerprint of everything that draws a record: templates, code, the scale,
    Django itself and where the site is mounted."""
    digest = hashlib.sha256(
        f"{settings.WELLBEING_SCALE} {django.__version__} {settings.FORCE_SCRIPT_NAME}".encode()
    )
    base = Path(settings.BASE_DIR)
    for folder in ("templates", "coaching", "budgets", "outcomes", "mayday"):
        for path in sorted((base / folder).rglob("*")):
            if path.suffix in (".html", ".py") and "migrations" not in path.parts:
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


# The triggers, installed after every migrate (CoachingConfig.ready): a migration
# that rebuilds a table (SQLite does, to alter one) drops the table's triggers. In one
# transaction, so no write lands between a trigger dropped and made again.


def install_triggers(
    using: str = "default", leaving_out: frozenset = frozenset(), **kwargs
) -> None:
    """Make every trigger whose tables are there, and drop those whose tables are gone
    or `leaving_out` (about to go, in a migration going back past them)."""
    db = connections[using]
    tables = set(db.introspection.table_names()) - leaving_out
    with transaction.atomic(using=using), db.cursor() as cursor:
        if db.vendor == "postgresql":
            # A trigger is made under a lock on its table: wait for a long report a
            # little, not with every request queued behind it; migrate again if so.
            cursor.execute("SET LOCAL lock_timeout = '10s'")
        for statement in _statements(db.vendor, tables):
            cursor.execute(statement)


def existing_triggers(db) -> set[str]:
    """The names of the triggers the database has (of every table)."""
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {row[0] for row in cursor.fetchall()}


def _statements(vendor: str, tables: set[str]) -> list[str]:
    """The kept records' triggers, made, or dropped with their tables gone (migrated
    back): else every write to the tables they watch would fail on them."""
    keeping = TABLE in tables and GENERATION in tables
    statements = []
    for specs, install in [(_specs(tables), keeping)]:
        for table, name, body, when in specs:
            if install:
                statements += _triggers(vendor, table, name, body, when)
            else:
                on = f" ON {table}" if vendor == "postgresql" else ""
                names = _names(vendor, name, body)
                statements += [f"DROP TRIGGER IF EXISTS {n}{on}" for n in names]
    return statements


def trigger_names(vendor: str, tables: set[str]) -> set[str]:
    """The triggers these tables should have (coaching.checks looks for them)."""
    return _names_of(vendor, list(_specs(tables)))


def _names_of(vendor: str, specs) -> set[str]:
    return {n for _, name, body, _ in specs for n in _names(vendor, name, body)}


def _specs(tables: set[str]):
    """Each table's trigger, of those there: (table, name, {event: statement}, when)."""
    for table, person_sql in PERSON_TABLES.items():
        if table not in tables:
            continue
        new = _forget_person(person_sql.format(row="NEW"))
        old = _forget_person(person_sql.format(row="OLD"))
        if table == "coaching_person":
            # A deleted person takes their copies along; a new one finds none left by an
            # id used before (after a restore, say).
            gone = f"DELETE FROM {TABLE} WHERE person_id = OLD.id"  # noqa: S608
            fresh = f"DELETE FROM {TABLE} WHERE person_id = NEW.id"  # noqa: S608
            body = {"INSERT": fresh, "UPDATE": new, "DELETE": gone}
        else:
            # Both, should a row ever move from one person to another.
            body = {"INSERT": new, "UPDATE": f"{old}; {new}", "DELETE": old}
        yield table, f"kept_forget_{table}", body, ""
    for table, (columns, only_if) in EVERYONE_TABLES.items():
        if table not in tables:
            continue
        if columns:
            changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in columns)
            body = {f"UPDATE OF {', '.join(columns)}": FORGET_EVERYONE}
            when = f"WHEN (({changed}) AND {only_if})"
        else:
            body, when = dict.fromkeys(["INSERT", "UPDATE", "DELETE"], FORGET_EVERYONE), ""
        yield table, f"kept_forget_all_{table}", body, when


def _names(vendor: str, name: str, body: dict) -> list[str]:
    # One trigger on PostgreSQL, its function telling the events apart; one an event on
    # SQLite, whose triggers have no TG_OP.
    if vendor == "postgresql":
        return [name]
    return [f"{name}_{event.split()[0].lower()}" for event in body]


def _triggers(vendor: str, table: str, name: str, body: dict, when: str) -> list[str]:
    if vendor == "postgresql":
        steps = " ".join(
            f"IF TG_OP = '{event.split()[0]}' THEN {sql}; END IF;" for event, sql in body.items()
        )
        return [
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {steps} RETURN NULL; END $$",
            f"CREATE OR REPLACE TRIGGER {name} AFTER {' OR '.join(body)} ON {table} "
            f"FOR EACH ROW {when} EXECUTE FUNCTION {name}()",
        ]
    # SQLite has no IS DISTINCT FROM; its IS compares NULLs the same way.
    when = when.replace("IS DISTINCT FROM", "IS NOT")
    statements = []
    for (event, sql), trigger in zip(body.items(), _names(vendor, name, body), strict=True):
        statements += [
            f"DROP TRIGGER IF EXISTS {trigger}",
            f"CREATE TRIGGER {trigger} AFTER {event} ON {table} FOR EACH ROW {when} "
            f"BEGIN {sql}; END",
        ]
    return statements
