from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "budgets"
    verbose_name = "Personal budgets"

    def ready(self):
        from budgets import export, signals  # noqa: F401 - registers the export section, signals
