"""Checks of the database that `manage.py check --database default` runs: the parts of
it Django's own checks cannot see."""

from django.core import checks
from django.db import connections


@checks.register(checks.Tags.database)
def database_triggers(app_configs=None, databases=None, **kwargs):
    """Every trigger that keeps the dashboard's counts of people now is there. A load
    with triggers off (session_replication_role = replica) or a restore without them
    would leave the counts wrong."""
    from coaching.triggers import existing_triggers, trigger_names

    errors = []
    for alias in databases or []:
        connection = connections[alias]
        tables = set(connection.introspection.table_names())
        missing = sorted(trigger_names(connection.vendor, tables) - existing_triggers(connection))
        if missing:
            errors.append(
                checks.Error(
                    "Triggers that keep the dashboard's counts current are missing: "
                    f"{', '.join(missing)}.",
                    hint="Run python manage.py migrate: it installs them.",
                    id="coaching.E001",
                )
            )
    return errors
