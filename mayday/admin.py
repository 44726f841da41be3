from allauth.account.decorators import secure_admin_login
from django.contrib import admin


class MaydayAdminSite(admin.AdminSite):
    """The admin signs in through allauth (rate limited, second factor) and is only
    for staff who have a second factor."""

    site_header = "Mayday reference data"
    site_title = "Mayday admin"

    def has_permission(self, request):
        from coaching.access import needs_second_factor

        return super().has_permission(request) and not needs_second_factor(request.user)

    def login(self, request, extra_context=None):
        return secure_admin_login(super().login)(request, extra_context)
