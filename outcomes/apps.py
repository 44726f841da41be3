from django.apps import AppConfig
from django.db.models.signals import post_migrate


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = "Outcomes and wellbeing"

    def ready(self):
        # The person's export sections, and the database checks of the triggers.
        from outcomes import checks, export  # noqa: F401
        from outcomes.triggers import install_triggers

        # After every migrate: SQLite drops a table's triggers when a migration
        # rebuilds the table.
        post_migrate.connect(install_triggers, sender=self)
