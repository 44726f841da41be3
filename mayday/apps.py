from django.contrib.admin.apps import AdminConfig


class MaydayAdminConfig(AdminConfig):
    default_site = "mayday.admin.MaydayAdminSite"

    def ready(self):
        super().ready()
        import helpers.db  # noqa: F401  (adds the median to each SQLite connection)
