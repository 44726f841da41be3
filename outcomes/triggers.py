"""How the dashboard's cached figures stay fresh: database triggers, one mechanism for all.

The dashboard reads three kinds of figure it caches rather than counts on every visit:
people by the state of their coaching today (PeopleNow, outcomes/people_now.py), each
past period's contact figures (ContactSummary, outcomes/summary.py) and each person's
first and latest wellbeing score (WellbeingSummary). All are derived from recorded
rows, most of them the coaching app's. Triggers on those rows keep them fresh in
the same statement as the write, so the code that records never calls anything of the
dashboard's, and a write from the admin, a shell, a bulk `update()`, an import or raw
SQL changes the figures as a view's write does. (A Django signal would miss `update()`,
`bulk_create` and SQL, and would have every writer remember to send it.)

- People now: the trigger counts the person again and appends -1/+1 by coach and state.
- Wellbeing: the trigger summarises the person's scores on that scale again.
- Contact figures: the trigger appends the moment of what was written (a contact, a
  theme or barrier of one, a beginning, ending or restart; every such moment of a person whose
  reporting choice changed, the beginnings and endings of one whose personal details
  changed, or every moment of a coach who changed team) to StaleMoment. The next
  read marks those days' and months' summaries stale, and counts them again. The
  triggers append, never update in place, so two writers never wait on one row; and
  which day a moment falls on is worked out in Python, in UK time, as everywhere else,
  not by a database (SQLite) that knows no time zones.

One more trigger is installed here, the same way, though it keeps no figure: a person
who turns reporting off is let go from the lines of submitted claims (their person and
outcome links emptied; the pseudonym, type, day and money stay, and the outcome stays
`claimed`, so it is never claimed again). A claim keeps the money, never who it was.

The triggers are installed after every migrate (OutcomesConfig.ready): a migration that
rebuilds a table (SQLite does, to alter one) drops that table's triggers. A load that
skips triggers, or any doubt, is put right by `recount()` (`manage.py insights
--recount`).
"""

from django.core import checks
from django.db import connections, transaction

from coaching.history_triggers import existing_triggers
from outcomes import people_now
from outcomes.models import (
    Claim,
    ClaimLine,
    ContactSummary,
    PeopleNow,
    PersonCounted,
    StaleMoment,
    WellbeingScore,
    WellbeingSummary,
)
from outcomes.summary import DETAILS

STALE = StaleMoment._meta.db_table
SUMMARIES = ContactSummary._meta.db_table
SCORES = WellbeingScore._meta.db_table
WELLBEING = WellbeingSummary._meta.db_table
# The advisory locks' first key: a person's wellbeing summarised again (people_now has
# its own).
WELLBEING_LOCK_SPACE = 7_005_002
CONTACT_OF = "FROM coaching_contact WHERE id = {row}.contact_id"
# What the contact summaries count of a relationship's events (outcomes.summary).
COUNTED_EVENTS = "kind IN ('began', 'ended', 'restarted')"


def _append(moment_sql: str, only_if: str = "") -> str:
    """A statement that appends the moment `moment_sql` (a column of NEW or OLD),
    where `only_if` holds."""
    where = f" WHERE {only_if}" if only_if else ""
    return f"INSERT INTO {STALE} (occurred_at) SELECT {moment_sql}{where}"  # noqa: S608


def _append_rows(rows_sql: str, only_if: str = "") -> str:
    """A statement that appends the `occurred_at` of the rows `rows_sql` (FROM ...
    WHERE ...) selects, where `only_if` holds: none, for a row gone already."""
    where = f" AND {only_if}" if only_if else ""
    return f"INSERT INTO {STALE} (occurred_at) SELECT occurred_at {rows_sql}{where}"  # noqa: S608


def _changed(columns: list[str]) -> str:
    return "(" + " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in columns) + ")"


def _stale_specs(tables: set[str]) -> tuple[list, bool]:
    """The contact figures' triggers, (table, name, {event: SQL}), and whether to
    install them (every table is there) or drop them."""
    contact_columns = ["occurred_at", "coach_id", "person_id", "channel", "reached_out_by"]
    # Counted for the relationship's coach (a beginning counts for the event's own).
    for_its_coach = "kind IN ('ended', 'restarted')"
    of_relationships = "FROM coaching_relationshipevent WHERE relationship_id"
    # Our own table names and trigger rows (NEW.id), never anything typed.
    people_relationships = "(SELECT id FROM coaching_relationship WHERE person_id = NEW.id)"
    relationships = "(SELECT id FROM coaching_relationship WHERE person_id = {row}.person_id)"
    coach_relationships = "(SELECT id FROM coaching_relationship WHERE coach_id = NEW.id)"
    triggers = [
        (
            "coaching_contact",
            {
                "INSERT": _append("NEW.occurred_at"),
                f"UPDATE OF {', '.join(contact_columns)}": (
                    f"{_append('OLD.occurred_at', _changed(contact_columns))}; "
                    f"{_append('NEW.occurred_at', _changed(contact_columns))}"
                ),
                "DELETE": _append("OLD.occurred_at"),
            },
        ),
        *[
            (
                table,
                {
                    "INSERT": _append_rows(CONTACT_OF.format(row="NEW")),
                    f"UPDATE OF contact_id, {column}": (
                        f"{_append_rows(CONTACT_OF.format(row='OLD'))}; "
                        f"{_append_rows(CONTACT_OF.format(row='NEW'))}"
                    ),
                    "DELETE": _append_rows(CONTACT_OF.format(row="OLD")),
                },
            )
            for table, column in [
                ("coaching_contact_themes", "theme_id"),
                ("coaching_systembarrier", "category, raised_with_service, followed_up"),
            ]
        ],
        (
            "coaching_relationshipevent",
            {
                "INSERT": _append("NEW.occurred_at", f"NEW.{COUNTED_EVENTS}"),
                # Never overwritten; but should one be, both moments.
                "UPDATE": f"{_append('OLD.occurred_at')}; {_append('NEW.occurred_at')}",
                "DELETE": _append("OLD.occurred_at", f"OLD.{COUNTED_EVENTS}"),
            },
        ),
        (
            # An ending counts for the relationship's coach now, by how long it had
            # lasted since the relationship began; every step, for its person.
            "coaching_relationship",
            {
                "UPDATE OF coach_id, created_at, person_id": (
                    _append_rows(
                        f"{of_relationships} = NEW.id",
                        f"(({for_its_coach} AND {_changed(['coach_id', 'created_at'])}) OR "
                        f"({COUNTED_EVENTS} AND {_changed(['person_id'])}))",
                    )
                ),
            },
        ),
        (
            "coaching_person",
            {
                "UPDATE OF share_reporting": "; ".join(
                    [
                        _append_rows(
                            "FROM coaching_contact WHERE person_id = NEW.id",
                            _changed(["share_reporting"]),
                        ),
                        _append_rows(
                            f"{of_relationships} IN {people_relationships}",
                            f"{COUNTED_EVENTS} AND {_changed(['share_reporting'])}",
                        ),
                    ]
                ),
            },
        ),
        (
            # Who began and whose coaching ended are counted by the person's details
            # too (fairness).
            "coaching_personaldetails",
            {
                "INSERT": _append_rows(
                    f"{of_relationships} IN {relationships.format(row='NEW')}", COUNTED_EVENTS
                ),
                f"UPDATE OF person_id, {', '.join(DETAILS)}": "; ".join(
                    _append_rows(
                        f"{of_relationships} IN {relationships.format(row=row)}",
                        f"{COUNTED_EVENTS} AND {_changed(['person_id', *DETAILS])}",
                    )
                    for row in ["OLD", "NEW"]
                ),
                "DELETE": _append_rows(
                    f"{of_relationships} IN {relationships.format(row='OLD')}", COUNTED_EVENTS
                ),
            },
        ),
        (
            # The summaries count a coach's rows for the coach's team.
            "coaching_user",
            {
                "UPDATE OF team_id": "; ".join(
                    [
                        _append_rows(
                            "FROM coaching_contact WHERE coach_id = NEW.id",
                            _changed(["team_id"]),
                        ),
                        _append_rows(
                            "FROM coaching_relationshipevent WHERE coach_id = NEW.id",
                            f"kind = 'began' AND {_changed(['team_id'])}",
                        ),
                        _append_rows(
                            f"{of_relationships} IN {coach_relationships}",
                            f"{for_its_coach} AND {_changed(['team_id'])}",
                        ),
                    ]
                ),
            },
        ),
        (
            # Barriers are counted by the area of the coach's team.
            "coaching_team",
            {
                "UPDATE OF area": _append_rows(
                    "FROM coaching_contact WHERE coach_id IN "
                    "(SELECT id FROM coaching_user WHERE team_id = NEW.id) "
                    "AND id IN (SELECT contact_id FROM coaching_systembarrier)",
                    _changed(["area"]),
                ),
            },
        ),
    ]
    specs = [(table, f"figures_stale_{table}", body) for table, body in triggers]
    watched = {table for table, _ in triggers} | {"coaching_relationship"}
    return specs, {STALE, SUMMARIES} | watched <= tables


def _summarise_wellbeing(where: str) -> str:
    """A statement that writes the WellbeingSummary of each person and scale whose
    scores `where` picks (of `s`): how many, the first and the latest by when they were
    completed, each as the dashboard compares them (the SWEMWBS metric score, the WEMWBS
    sum: a WEMWBS score has no metric score)."""
    value = "COALESCE(f.metric_score, f.raw_score)"
    # A score answered against one-word themes only is not a valid score: never counted.
    same = "f.person_id = s.person_id AND f.scale = s.scale AND f.answered_from <> 'themes'"
    return (
        f"INSERT INTO {WELLBEING} (person_id, scale, scores, first_score, first_at, "  # noqa: S608
        "latest_score, latest_at) SELECT s.person_id, s.scale, COUNT(*), "
        f"(SELECT {value} FROM {SCORES} f WHERE {same} ORDER BY f.completed_at, f.id LIMIT 1), "
        "MIN(s.completed_at), "
        f"(SELECT {value} FROM {SCORES} f WHERE {same} "
        "ORDER BY f.completed_at DESC, f.id DESC LIMIT 1), "
        f"MAX(s.completed_at) FROM {SCORES} s WHERE ({where}) AND s.answered_from <> 'themes' "
        "GROUP BY s.person_id, s.scale"
    )


def summarise_wellbeing_again(using: str = "default") -> None:
    """Write every person's wellbeing summaries again from their scores."""
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute(f"DELETE FROM {WELLBEING}")  # noqa: S608 (our names)
        cursor.execute(_summarise_wellbeing("1 = 1"))


def _wellbeing_again(row: str, vendor: str) -> str:
    """Statements that summarise the scores of `row`'s person and scale again (a score
    may be back-dated, so the first is not always the oldest row)."""
    person, scale = f"{row}.person_id", f"{row}.scale"
    statements = [
        f"DELETE FROM {WELLBEING} WHERE person_id = {person} AND scale = {scale}",  # noqa: S608
        _summarise_wellbeing(f"s.person_id = {person} AND s.scale = {scale}"),
    ]
    if vendor == "postgresql":
        # Two scores of one person at once: the second is summarised after the first
        # commits, from rows that include it.
        key = f"(({person}) % 2147483647)::int"
        statements.insert(0, f"PERFORM pg_advisory_xact_lock({WELLBEING_LOCK_SPACE}, {key})")
    return "; ".join(statements)


def _wellbeing_specs(vendor: str, tables: set[str]) -> tuple[list, bool]:
    """The wellbeing summaries' trigger, and whether to install it."""
    columns = "person_id, scale, completed_at, raw_score, metric_score, answered_from"
    body = {
        "INSERT": _wellbeing_again("NEW", vendor),
        f"UPDATE OF {columns}": (
            f"{_wellbeing_again('OLD', vendor)}; {_wellbeing_again('NEW', vendor)}"
        ),
        "DELETE": _wellbeing_again("OLD", vendor),
    }
    # STALE too: a database from before outcomes 0009 expects none of the triggers
    # (and `manage.py check`, which migrate runs first, does not stop migrate making them).
    return [(SCORES, "figures_wellbeing", body)], {SCORES, WELLBEING, STALE} <= tables


def _claims_specs(tables: set[str]) -> tuple[list, bool]:
    """The person let go from submitted claims' lines when they turn reporting off."""
    lines, claims = ClaimLine._meta.db_table, Claim._meta.db_table
    if "coaching_person" not in tables:
        return [], False
    let_go = (
        f"UPDATE {lines} SET person_id = NULL, outcome_id = NULL "  # noqa: S608
        f"WHERE person_id = NEW.id AND NOT NEW.share_reporting "
        f"AND claim_id IN (SELECT id FROM {claims} WHERE state = '{Claim.State.SUBMITTED}')"
    )
    specs = [("coaching_person", "claims_let_go", {"UPDATE OF share_reporting": let_go})]
    return specs, {lines, claims} <= tables


def _all_specs(vendor: str, tables: set[str]) -> list[tuple[list, bool]]:
    return [
        _stale_specs(tables),
        people_now.specs(vendor, tables),
        _wellbeing_specs(vendor, tables),
        _claims_specs(tables),
    ]


def install_triggers(using: str = "default", leaving_out: frozenset = frozenset(), **kwargs):
    """Make every trigger whose tables are there, and drop those whose tables are gone
    or `leaving_out` (about to go, in a migration going back past them): else every
    write to the tables they watch would fail on them. In one transaction, so no write
    lands between a trigger dropped and made again."""
    db = connections[using]
    tables = set(db.introspection.table_names()) - leaving_out
    with transaction.atomic(using=using), db.cursor() as cursor:
        if db.vendor == "postgresql":
            # A trigger is made under a lock on its table: wait for a long report a
            # little, not with every request queued behind it; migrate again if so.
            cursor.execute("SET LOCAL lock_timeout = '10s'")
        missing = trigger_names(db.vendor, tables) - existing_triggers(db)
        for specs, install in _all_specs(db.vendor, tables):
            for table, name, body in specs:
                if install:
                    for statement in _create(db.vendor, table, name, body):
                        cursor.execute(statement)
                else:
                    on = f" ON {table}" if db.vendor == "postgresql" else ""
                    for trigger in _names(db.vendor, name, body):
                        cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}{on}")
        if missing and not leaving_out:
            # Writes made while a trigger was not there (new, or dropped with its table
            # when a migration rebuilt it) went unseen.
            recount(using=using)


def recount(using: str = "default") -> None:
    """Count every cached figure again from the rows: people now and wellbeing summaries
    at once, each period's contact figures on its next read. After a load with triggers
    off, or any doubt."""
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        tables = set(connections[using].introspection.table_names())
        if {PeopleNow._meta.db_table, PersonCounted._meta.db_table} <= tables:
            people_now.recount(using=using)
        if {STALE, SUMMARIES} <= tables:
            cursor.execute(f"DELETE FROM {SUMMARIES}")  # noqa: S608 (our names)
            cursor.execute(f"DELETE FROM {STALE}")  # noqa: S608
        if {SCORES, WELLBEING} <= tables:
            summarise_wellbeing_again(using=using)


def trigger_names(vendor: str, tables: set[str]) -> set[str]:
    """The triggers these tables should have (cached_figures_triggers looks for them)."""
    return {
        trigger
        for specs, install in _all_specs(vendor, tables)
        if install
        for _, name, body in specs
        for trigger in _names(vendor, name, body)
    }


def _names(vendor: str, name: str, body: dict) -> list[str]:
    # One trigger on PostgreSQL, its function telling the events apart; one an event on
    # SQLite, whose triggers have no TG_OP.
    if vendor == "postgresql":
        return [name]
    return [f"{name}_{event.split()[0].lower()}" for event in body]


def _create(vendor: str, table: str, name: str, body: dict) -> list[str]:
    if vendor == "postgresql":
        steps = " ".join(
            f"IF TG_OP = '{event.split()[0]}' THEN {sql}; END IF;" for event, sql in body.items()
        )
        return [
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {steps} RETURN NULL; END $$",
            f"CREATE OR REPLACE TRIGGER {name} AFTER {' OR '.join(body)} ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {name}()",
        ]
    statements = []
    for (event, sql), trigger in zip(body.items(), _names(vendor, name, body), strict=True):
        # SQLite's IS NOT compares NULLs as PostgreSQL's IS DISTINCT FROM does.
        sql = sql.replace("IS DISTINCT FROM", "IS NOT")
        statements += [
            f"DROP TRIGGER IF EXISTS {trigger}",
            f"CREATE TRIGGER {trigger} AFTER {event} ON {table} FOR EACH ROW BEGIN {sql}; END",
        ]
    return statements


@checks.register(checks.Tags.database)
def cached_figures_triggers(app_configs=None, databases=None, **kwargs):
    """`manage.py check --database default`: every table the cached figures are counted
    from has its trigger. A load with triggers off (session_replication_role = replica)
    or a restore without them would leave the figures stale."""
    errors = []
    for alias in databases or []:
        db = connections[alias]
        missing = trigger_names(db.vendor, set(db.introspection.table_names()))
        missing -= existing_triggers(db)
        if missing:
            errors.append(
                checks.Error(
                    "Triggers that keep the dashboard's figures current are missing: "
                    f"{', '.join(sorted(missing))}.",
                    hint="Run python manage.py migrate (it installs them), then "
                    "python manage.py insights --recount.",
                    id="outcomes.E001",
                )
            )
    return errors
