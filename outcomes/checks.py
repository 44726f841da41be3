"""Checks of the database that `manage.py check --database default` runs: the parts of
it Django's own checks cannot see."""

from django.core import checks
from django.db import connections


@checks.register(checks.Tags.database)
def cached_figures_triggers(app_configs=None, databases=None, **kwargs):
    """Every table the dashboard's cached figures are counted from has its trigger. A
    load with triggers off (session_replication_role = replica) or a restore without
    them would leave the figures stale."""
    from outcomes.triggers import existing_triggers, trigger_names

    errors = []
    for alias in databases or []:
        connection = connections[alias]
        tables = set(connection.introspection.table_names())
        missing = sorted(trigger_names(connection.vendor, tables) - existing_triggers(connection))
        if missing:
            errors.append(
                checks.Error(
                    f"Triggers that keep the dashboard's figures current are missing: "
                    f"{', '.join(missing)}.",
                    hint="Run python manage.py migrate (it installs them), then "
                    "python manage.py insights --recount.",
                    id="outcomes.E001",
                )
            )
    return errors
