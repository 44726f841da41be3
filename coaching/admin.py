"""Reference data and staff accounts only: no daily work happens in the admin.

Support staff sign in here, and nothing they open here reaches a person's "who has
looked" list. So the admin shows no person's data at all: people's accounts are
looked after in the app (a coach gives a new password code; erasure is a manager's),
and allauth's admin pages for second factors, sign-in sessions and email addresses,
which would show secrets, addresses and browsers, are taken away or cut down.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from coaching.models import Team, Theme, User

for model in (Authenticator, UserSession, EmailAddress):
    if admin.site.is_registered(model):
        admin.site.unregister(model)

STAFF_ROLES = [User.Role.COACH, User.Role.MANAGER, User.Role.COMMISSIONER]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Staff accounts. A person's sign-in is never listed, opened or deleted here."""

    list_display = ["username", "email", "first_name", "last_name", "role", "team", "is_active"]
    list_filter = ["role", "team", "is_active"]
    fieldsets = BaseUserAdmin.fieldsets + (("Role", {"fields": ["role", "team"]}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        ("Role", {"fields": ["email", "first_name", "last_name", "role", "team"]}),
    )

    def get_queryset(self, request):
        # Another id gives the admin's "does not exist" page, as any unknown id does.
        return super().get_queryset(request).exclude(role=User.Role.PERSON)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role":
            kwargs["choices"] = [(role.value, role.label) for role in STAFF_ROLES]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None):
        # Erasure, in the app, is the one way a person's sign-in goes.
        if obj is not None and obj.is_person:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Authenticator)
class StaffSecondFactorAdmin(admin.ModelAdmin):
    """Only to remove a staff member's lost second factor, so they can set a new one.
    Never the secret (encrypted at rest all the same); never a person's."""

    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type"]
    fields = ["user", "type", "created_at", "last_used_at"]
    readonly_fields = fields
    search_fields = ["user__username", "user__email"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .exclude(user__role=User.Role.PERSON)
            .select_related("user")
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "area", "takes_unsure_requests"]
    search_fields = ["name", "area"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "name_cy", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
