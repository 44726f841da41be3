"""The person's budget requests, for "Download my data"."""

from django.utils.translation import gettext_lazy as _

from budgets.models import BudgetRequest
from coaching.export import ExportSection, export_section, field_words


@export_section
def budget_requests(person) -> ExportSection:
    requests = BudgetRequest.objects.filter(person=person).select_related("decided_by", "fund")
    return ExportSection(
        key="budget_requests",
        tables=("budgets.BudgetRequest",),
        title=_("Your personal budget requests"),
        order=60,
        rows=[_row(r) for r in requests],
    )


def _when(moment):
    return moment.isoformat() if moment else None


def _money(amount):
    return f"{amount:.2f}" if amount is not None else None


def _row(r: BudgetRequest) -> dict:
    return {
        "what_for": r.purpose,
        "amount": _money(r.amount),
        "how_to_pay": r.get_payment_method_display(),
        "status": r.get_status_display(),
        "asked_at": _when(r.requested_at),
        "withdrawn_at": _when(r.withdrawn_at),
        "decided_at": _when(r.decided_at),
        "decided_by": r.decided_by.display_name if r.decided_by else None,
        "reason_given": r.decline_reason or None,
        "fund": r.fund.name if r.fund else None,
        "paid_amount": _money(r.paid_amount),
        "paid_on": r.paid_on.isoformat() if r.paid_on else None,
        "paid_how": r.get_paid_method_display() or None,
        "what_it_was_for_in_figures": r.get_category_display() or None,
    }


field_words(
    {
        "what_for": _("What for"),
        "amount": _("Amount (£)"),
        "how_to_pay": _("How to pay"),
        "status": _("Where it is up to"),
        "withdrawn_at": _("Taken back"),
        "decided_at": _("Decided"),
        "decided_by": _("Decided by"),
        "reason_given": _("Reason given"),
        "fund": _("Fund"),
        "paid_amount": _("Amount paid (£)"),
        "paid_on": _("Paid on"),
        "paid_how": _("Paid how"),
        "what_it_was_for_in_figures": _("What it was for, in our figures"),
    }
)
