from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


class CoachingConfig(AppConfig):
    name = "coaching"
    verbose_name = "Coaching"

    def ready(self):
        # Sign-in events for the audit log, and this app's parts of a person's export.
        from coaching import (  # noqa: F401
            checks,
            export_sections,
            request_export,
            signals,
            story_words,
        )
        from coaching.history_triggers import drop_sqlite_triggers, install_triggers

        # On SQLite triggers go before migrate and come back after (coaching/history_triggers.py).
        pre_migrate.connect(drop_sqlite_triggers, sender=self)
        post_migrate.connect(install_triggers, sender=self)
