"""The database triggers that keep the people-now counts (coaching.now) and history as
written (coaching.history), installed
after every migrate (CoachingConfig.ready): a migration that rebuilds a table (SQLite
does, to alter one) drops the table's triggers. In one transaction, so no write lands
between a trigger dropped and made again."""

from django.db import connections, transaction

from coaching import history, now


def install_triggers(
    using: str = "default", leaving_out: frozenset = frozenset(), **kwargs
) -> None:
    """Make every trigger whose tables are there, and drop those whose tables are gone
    or `leaving_out` (about to go, in a migration going back past them)."""
    db = connections[using]
    tables = set(db.introspection.table_names()) - leaving_out
    specs, counting = now.specs(db.vendor, tables)
    with transaction.atomic(using=using), db.cursor() as cursor:
        if db.vendor == "postgresql":
            # A trigger is made under a lock on its table: wait for a long report a
            # little, not with every request queued behind it; migrate again if so.
            cursor.execute("SET LOCAL lock_timeout = '10s'")
        missed_writes = counting and not _names_of(db.vendor, specs) <= existing_triggers(db)
        for table, name, body, when in specs:
            if counting:
                statements = _triggers(db.vendor, table, name, body, when)
            else:
                # Their tables gone (migrated back): else every write to the tables they
                # watch would fail on them.
                on = f" ON {table}" if db.vendor == "postgresql" else ""
                statements = [
                    f"DROP TRIGGER IF EXISTS {n}{on}" for n in _names(db.vendor, name, body)
                ]
            for statement in statements:
                cursor.execute(statement)
        if history.applied(db):
            for statement in history.install(db):
                cursor.execute(statement)
        if missed_writes:
            # Writes made while the counts' triggers were not there (SQLite drops a
            # table's triggers when a migration rebuilds it) went uncounted.
            now.rebuild(using=using)


def existing_triggers(db) -> set[str]:
    """The names of the triggers the database has (of every table)."""
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {row[0] for row in cursor.fetchall()}


def trigger_names(vendor: str, tables: set[str]) -> set[str]:
    """The triggers these tables should have (coaching.checks looks for them)."""
    specs, counting = now.specs(vendor, tables)
    return _names_of(vendor, specs) if counting else set()


def _names_of(vendor: str, specs) -> set[str]:
    return {n for _, name, body, _ in specs for n in _names(vendor, name, body)}


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
