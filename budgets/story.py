"""Personal budgets in the person's story (coaching.timeline): a request asked for,
its decision, its payment, or its withdrawal, each in plain words, for the person and
their coach alike."""

from budgets.models import BudgetRequest
from coaching.timeline import story_source

TEMPLATE = "budgets/includes/story_entry.html"


def _requests(person):
    return BudgetRequest.objects.filter(person=person)


@story_source("budget_asked", when="requested_at", fields=("purpose", "amount"), template=TEMPLATE)
def asked(person, viewer: str):
    return _requests(person)


@story_source(
    "budget_decided",
    when="decided_at",
    fields=("amount", "status", "decline_reason"),
    template=TEMPLATE,
)
def decided(person, viewer: str):
    return _requests(person).filter(decided_at__isnull=False)


@story_source(
    "budget_paid",
    when="paid_recorded_at",
    fields=("paid_amount", "paid_method"),
    template=TEMPLATE,
)
def paid(person, viewer: str):
    return _requests(person).filter(paid_recorded_at__isnull=False)


@story_source("budget_withdrawn", when="withdrawn_at", fields=("amount",), template=TEMPLATE)
def withdrawn(person, viewer: str):
    return _requests(person).filter(withdrawn_at__isnull=False)
