"""Funds are reference data; managers also keep them at /insights/budgets/."""

from django.contrib import admin

from budgets.models import Fund


@admin.register(Fund)
class FundAdmin(admin.ModelAdmin):
    list_display = ["name", "funder", "team", "total", "allocated", "starts_on", "ends_on"]
    list_filter = ["team"]
    readonly_fields = ["allocated"]
