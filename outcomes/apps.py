from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = "Outcomes and wellbeing"

    def ready(self):
        from outcomes import export  # noqa: F401 - registers the person's export sections
