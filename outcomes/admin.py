from django.contrib import admin

from outcomes.models import Contract, ContractTariff, OutcomeType


@admin.register(OutcomeType)
class OutcomeTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "sustains", "sustain_months", "sustain_weeks", "active"]
    list_editable = ["position", "active"]
    prepopulated_fields = {"slug": ["name"]}


class ContractTariffInline(admin.TabularInline):
    model = ContractTariff
    extra = 0


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):
    list_display = ["name", "funder", "starts_on", "ends_on", "cap"]
    filter_horizontal = ["teams"]
    inlines = [ContractTariffInline]
