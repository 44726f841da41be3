from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = "Outcomes and wellbeing"

    def ready(self):
        # The person's export sections, and their page's panels.
        from outcomes import export, panels  # noqa: F401
