from django.contrib import admin

from outcomes.models import Contract, ContractTariff, OutcomeType, Payer


@admin.register(OutcomeType)
class OutcomeTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "sustains", "sustain_months", "sustain_weeks", "active"]
    list_editable = ["position", "active"]
    prepopulated_fields = {"slug": ["name"]}


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ContractTariffInline(ReadOnlyInline):
    model = ContractTariff


class PayerInline(ReadOnlyInline):
    model = Payer
    exclude = ["import_ref"]


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):
    """Support gives commissioners their contracts here. What a contract counts and
    pays (period, teams, tariffs, payers) is set up on the managers' page, whose
    service refuses two contracts counting one outcome: here it can only be read."""

    list_display = ["name", "funder", "starts_on", "ends_on", "cap"]
    filter_horizontal = ["commissioners"]
    fields = ["name", "funder", "starts_on", "ends_on", "cap", "takes", "teams", "commissioners"]
    readonly_fields = ["name", "funder", "starts_on", "ends_on", "cap", "takes", "teams"]
    inlines = [ContractTariffInline, PayerInline]

    def has_add_permission(self, request):
        return False
