"""Every step of a budget request. Views call these; these never read a request.

Each step locks the request row, checks it is still in the state the step
starts from, and writes the new state and its timestamp together, so a
withdrawn or decided request cannot change again. Steps that spend from a
fund (approving, paying) lock the fund row too, always after the request,
and recompute what is spoken for from the rows before they write.
"""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from budgets.models import BudgetRequest, Category, Fund
from budgets.money import pounds
from coaching.audit import audit
from coaching.models import Activity, AuditEvent, Person, User, record_activity


class StepRefused(Exception):
    """This step cannot be taken; the message says why, in plain words."""


def request_raise(
    *, person: Person, by: User, purpose: str, amount: Decimal, payment_method: str
) -> BudgetRequest:
    """The person asks for a budget, or their coach asks with them."""
    relationship = person.current_relationship
    coach = relationship.coach if relationship else None
    budget_request = BudgetRequest.objects.create(
        person=person,
        team=coach.team if coach else None,
        purpose=purpose,
        amount=amount,
        payment_method=payment_method,
        raised_by=by,
    )
    if by.is_person:
        record_activity(person, Activity.Kind.BUDGET_REQUESTED)
    return budget_request


def request_withdraw(*, budget_request: BudgetRequest, by: User) -> BudgetRequest:
    """The person changes their mind before anyone has decided."""
    with transaction.atomic():
        current = _lock(budget_request)
        _must_be_waiting(current, "withdrawn")
        current.status = BudgetRequest.Status.WITHDRAWN
        current.withdrawn_at = timezone.now()
        current.save(update_fields=["status", "withdrawn_at"])
    if by.is_person:
        record_activity(current.person, Activity.Kind.BUDGET_WITHDRAWN)
    return current


def request_approve(
    *, budget_request: BudgetRequest, fund: Fund, by: User, on: date | None = None
) -> BudgetRequest:
    """Approve from a fund, unless that would take the fund past its total."""
    on = on or timezone.localdate()
    _must_be_staff(by)
    with transaction.atomic():
        current = _lock(budget_request)
        _must_be_waiting(current, "decided")
        # The fund row lock makes racing approvals take turns; each sees the last one's sum.
        locked_fund = Fund.objects.select_for_update().get(pk=fund.pk)
        if not Fund.objects.for_team(current.team).filter(pk=fund.pk).exists():
            raise StepRefused("That fund is not one this person's team can use.")
        if not locked_fund.is_open_on(on):
            raise StepRefused(
                f"{locked_fund.name} is open from {locked_fund.starts_on:%-d %B %Y} "
                f"to {locked_fund.ends_on:%-d %B %Y}."
            )
        if by.is_coach and current.amount > locked_fund.coach_limit:
            raise StepRefused(
                f"Requests from {locked_fund.name} above its coach limit are decided by a manager."
            )
        _spend(locked_fund, current.amount)
        current.status = BudgetRequest.Status.APPROVED
        current.fund = locked_fund
        current.decided_at = timezone.now()
        current.decided_by = by
        current.save(update_fields=["status", "fund", "decided_at", "decided_by"])
        audit(action=AuditEvent.Action.BUDGET_DECIDED, actor=by, obj=current, detail="approved")
    return current


def request_decline(*, budget_request: BudgetRequest, by: User, reason: str) -> BudgetRequest:
    """Say no, with a reason written to the person, who reads it."""
    if not reason.strip():
        raise StepRefused("Please write the reason to the person.")
    _must_be_staff(by)
    with transaction.atomic():
        current = _lock(budget_request)
        _must_be_waiting(current, "decided")
        if by.is_coach and not coach_may_decide(current):
            raise StepRefused("This is above every fund's coach limit, so a manager decides.")
        current.status = BudgetRequest.Status.DECLINED
        current.decline_reason = reason.strip()
        current.decided_at = timezone.now()
        current.decided_by = by
        current.save(update_fields=["status", "decline_reason", "decided_at", "decided_by"])
        audit(action=AuditEvent.Action.BUDGET_DECIDED, actor=by, obj=current, detail="declined")
    return current


def payment_record(
    *, budget_request: BudgetRequest, by: User, amount: Decimal, paid_on: date, method: str
) -> BudgetRequest:
    """Record what was paid, which may differ from what was approved.

    A coach pays out at most what was approved, or the fund's coach limit if that is
    more: never more than they could have approved themselves. Beyond that it is a
    manager's decision, as a larger request would have been."""
    _must_be_staff(by)
    with transaction.atomic():
        current = _lock(budget_request)
        if current.status != BudgetRequest.Status.APPROVED:
            raise StepRefused("Only an approved request, not yet paid, can be paid.")
        fund = Fund.objects.select_for_update().get(pk=current.fund_id)
        most = max(current.amount, fund.coach_limit)
        if not by.is_manager and amount > most:
            raise StepRefused(
                f"A coach can record a payment of up to {pounds(most)} for this request. "
                "A manager can record more."
            )
        try:
            _spend(fund, amount - current.amount)
        except StepRefused as refusal:
            # Only the part beyond the approval needs the fund: say which part that is.
            beyond = amount - current.amount
            raise StepRefused(
                f"{pounds(amount)} is {pounds(beyond)} more than the {pounds(current.amount)} "
                f"approved. {refusal}"
            ) from None
        current.status = BudgetRequest.Status.PAID
        current.paid_amount = amount
        current.paid_on = paid_on
        current.paid_method = method
        current.paid_recorded_at = timezone.now()
        current.paid_recorded_by = by
        current.save(
            update_fields=[
                "status",
                "paid_amount",
                "paid_on",
                "paid_method",
                "paid_recorded_at",
                "paid_recorded_by",
            ]
        )
        audit(action=AuditEvent.Action.BUDGET_PAID, actor=by, obj=current)
    return current


def request_categorise(*, budget_request: BudgetRequest, category: str) -> BudgetRequest:
    """What the money was for, for the figures; chosen by staff, never asked of the person."""
    budget_request.category = Category(category) if category else ""
    budget_request.categorised_at = timezone.now() if category else None
    budget_request.save(update_fields=["category", "categorised_at"])
    return budget_request


def person_leaving(person: Person) -> None:
    """Before a person's record is deleted, with their requests: keep each fund's books.

    An approval not yet paid will now never be paid, so its amount is free again. A
    payment stays spent: the fund keeps the amount, without who it went to. Without
    this, the deleted rows would take an unpaid approval's money out of reach for good
    and a payment out of the fund's spend.
    """
    with transaction.atomic():
        # Every request of theirs, not only those spent from a fund: a step still
        # deciding one holds its row, and is waited for, then read as it left it.
        rows = (
            BudgetRequest.objects.select_for_update()
            .filter(person=person)
            .order_by("pk")
            .values_list("fund_id", "status", "amount", "paid_amount")
        )
        released, kept = defaultdict(Decimal), defaultdict(Decimal)
        for fund_id, status, amount, paid_amount in rows:
            if status == BudgetRequest.Status.PAID:
                kept[fund_id] += paid_amount
            elif status == BudgetRequest.Status.APPROVED:
                released[fund_id] += amount
        # Funds in the order of their ids, after the requests, as every step locks them.
        for fund_id in sorted(released.keys() | kept.keys()):
            Fund.objects.filter(pk=fund_id).update(
                allocated=F("allocated") - released[fund_id],
                paid_to_erased=F("paid_to_erased") + kept[fund_id],
            )


def coach_may_decide(budget_request: BudgetRequest) -> bool:
    """A coach decides when some fund the request could come from lets them."""
    return (
        Fund.objects.for_team(budget_request.team)
        .open_on(timezone.localdate())
        .filter(coach_limit__gte=budget_request.amount)
        .exists()
    )


def _must_be_staff(by: User) -> None:
    # The views let only staff here; this holds for any other caller (a script, an
    # import, a future view): a person asks and withdraws, and never decides or pays.
    if not (by.is_coach or by.is_manager):
        raise StepRefused("Only a coach or a manager decides a request, or records a payment.")


def _lock(budget_request: BudgetRequest) -> BudgetRequest:
    return (
        BudgetRequest.objects.select_for_update(of=("self",))
        .select_related("person")
        .get(pk=budget_request.pk)
    )


# Where a request stands, as a refusal says it: "is not approved" read as if it had
# to be approved first.
ALREADY = {
    BudgetRequest.Status.WITHDRAWN: "was withdrawn",
    BudgetRequest.Status.APPROVED: "has been approved",
    BudgetRequest.Status.DECLINED: "was not approved",
    BudgetRequest.Status.PAID: "has been paid",
}


def _must_be_waiting(current: BudgetRequest, step: str) -> None:
    if current.status != BudgetRequest.Status.REQUESTED:
        raise StepRefused(f"This request {ALREADY[current.status]}, so it can no longer be {step}.")


def _spend(fund: Fund, extra: Decimal) -> None:
    """Add `extra` to what the fund has spoken for, or refuse if it would pass the total.

    The check recomputes the sum from the request rows under the fund's row
    lock. The write is an increment, so even a path that forgot the lock
    would meet the fund_never_over_committed constraint rather than overwrite.
    """
    spoken_for = fund.allocated_from_requests()
    if spoken_for + extra > fund.total:
        left = fund.total - spoken_for
        raise StepRefused(f"{fund.name} has {pounds(left)} left, not enough for this.")
    try:
        with transaction.atomic():
            Fund.objects.filter(pk=fund.pk).update(allocated=F("allocated") + extra)
    except IntegrityError:
        raise StepRefused(f"{fund.name} does not have enough left for this.") from None
