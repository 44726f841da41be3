"""Checks of the database that `manage.py check --database default` runs: the parts of
it Django's own checks cannot see."""

from django.conf import settings
from django.core import checks
from django.db import connections

from coaching import history
from coaching.history_triggers import existing_triggers


@checks.register(checks.Tags.security, deploy=True)
def second_factor_keys_set(app_configs=None, **kwargs):
    """Production keeps second-factor secrets under a key of its own (see settings)."""
    if settings.DEBUG or settings.MFA_SECRET_KEYS:
        return []
    return [
        checks.Error(
            "MFA_SECRET_KEYS is not set: second-factor secrets would be encrypted with a key "
            "derived from SECRET_KEY, and changing that key would lock every member of "
            "staff out.",
            hint='Set MFA_SECRET_KEYS to a long random string (see ".env.example").',
            id="coaching.E002",
        )
    ]


@checks.register(checks.Tags.database)
def history_triggers(app_configs=None, databases=None, **kwargs):
    """The triggers that keep history as written (coaching.history) are there."""
    errors = []
    for alias in databases or []:
        connection = connections[alias]
        if not history.applied(connection):
            continue  # not migrated yet
        missing = sorted(history.trigger_names(connection.vendor) - existing_triggers(connection))
        if missing:
            errors.append(
                checks.Error(
                    f"Triggers that keep history as written are missing: {', '.join(missing)}.",
                    hint="Run python manage.py migrate: it installs them.",
                    id="coaching.E003",
                )
            )
    return errors
