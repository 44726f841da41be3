from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "budgets"
    verbose_name = "Personal budgets"

    def ready(self):
        # The export section, the person's page's panel, and signals.
        from budgets import export, panels, signals  # noqa: F401
