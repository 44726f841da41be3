"""Making this app's database triggers (coaching.history), after every migrate.

SQLite rebuilds a table to alter it, and a trigger that reads a table being rebuilt
stops the rebuild; so on SQLite every trigger is dropped before migrate and each app
makes its own again after it (outcomes makes the dashboard's). On PostgreSQL they stay.
"""

from django.db import connections, transaction

from coaching import history


def drop_sqlite_triggers(using: str = "default", **kwargs) -> None:
    db = connections[using]
    if db.vendor != "sqlite":
        return
    with db.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')


def install_triggers(using: str = "default", **kwargs) -> None:
    db = connections[using]
    if not history.applied(db):
        return  # migrated back past them, or not yet migrated
    with transaction.atomic(using=using), db.cursor() as cursor:
        for statement in history.install(db):
            cursor.execute(statement)


def existing_triggers(db) -> set[str]:
    """The names of the triggers the database has (of every table)."""
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {row[0] for row in cursor.fetchall()}
