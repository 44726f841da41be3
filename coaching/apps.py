from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "coaching"
    verbose_name = "Coaching"

    def ready(self):
        # Sign-in events for the audit log, and this app's parts of a person's export.
        from coaching import export_sections, request_export, signals  # noqa: F401
