from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "budgets"
    verbose_name = "Personal budgets"

    def ready(self):
        # The export section, the person's page's panel, its moments in the story, signals.
        from budgets import export, panels, signals, story  # noqa: F401
