from django.apps import AppConfig
from django.db.models.signals import post_migrate


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = "Outcomes and wellbeing"

    def ready(self):
        # The person's export sections, and their page's panels.
        from outcomes import export, panels  # noqa: F401
        from outcomes.triggers import install_triggers  # and registers their check

        # After every migrate: SQLite drops a table's triggers when a migration
        # rebuilds the table.
        post_migrate.connect(install_triggers, sender=self)
