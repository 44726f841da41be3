"""Reference data and support only: no daily work happens in the admin."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from coaching.models import AccessLogEntry, Team, Theme, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "role", "team", "is_active"]
    list_filter = ["role", "team", "is_active"]
    fieldsets = BaseUserAdmin.fieldsets + (("Role", {"fields": ["role", "team"]}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        ("Role", {"fields": ["email", "first_name", "last_name", "role", "team"]}),
    )


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "area", "takes_unsure_requests"]
    search_fields = ["name", "area"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    list_display = ["viewed_at", "viewer", "viewer_role", "what", "as_cover"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
