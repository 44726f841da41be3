from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


class CoachingConfig(AppConfig):
    name = "coaching"
    verbose_name = "Coaching"

    def ready(self):
        # Sign-in events for the audit log, and this app's parts of a person's export.
        from coaching import checks, export_sections, history, request_export, signals  # noqa: F401
        from coaching.triggers import install_triggers

        # After every migrate: SQLite drops a table's triggers when a migration
        # rebuilds the table.
        pre_migrate.connect(history.drop_sqlite_triggers, sender=self)
        post_migrate.connect(install_triggers, sender=self)
