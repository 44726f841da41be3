"""Personal budgets: funds, and the requests people make of them.

A request moves requested -> approved or declined -> paid, or requested ->
withdrawn; each step is timestamped and a step once taken is never undone.
`Fund.allocated` (approved but unpaid, plus paid) is rewritten from the
request rows under a row lock by every step that spends, and the database
refuses an `allocated` above the fund's `total`, so a fund cannot be
over-committed even by two approvals racing.
"""

from django.conf import settings
from django.db import models
from django.db.models import Case, DecimalField, F, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from budgets.money import MAX_FUND, MAX_REQUEST, PENNY
from helpers.limits import LengthLimit
from helpers.paths import path_for

MONEY = {"max_digits": 12, "decimal_places": 2}
ZERO = Value(0, output_field=DecimalField(**MONEY))


def _iff(condition, implies) -> Q:
    """Both hold or neither does: a state and the fields that come with it."""
    return (condition & implies) | (~condition & ~implies)


class FundQuerySet(models.QuerySet):
    def open_on(self, day):
        return self.filter(starts_on__lte=day, ends_on__gte=day)

    def for_team(self, team):
        """Funds a request from this team may be paid from: the team's own, and everyone's."""
        return self.filter(Q(team__isnull=True) | Q(team=team)) if team else self.none()

    def with_figures(self):
        """Committed (approved, not yet paid) and paid, summed from the requests."""
        return self.annotate(
            committed=Coalesce(
                Sum("requests__amount", filter=Q(requests__status="approved")), ZERO
            ),
            paid=Coalesce(Sum("requests__paid_amount", filter=Q(requests__status="paid")), ZERO)
            + F("paid_to_erased"),
        )


class Fund(models.Model):
    name = models.CharField(max_length=120)
    funder = models.CharField(max_length=120)
    team = models.ForeignKey(
        "coaching.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funds",
        help_text="Leave empty for a fund every team can use.",
    )
    total = models.DecimalField(**MONEY)
    starts_on = models.DateField()
    ends_on = models.DateField()
    coach_limit = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        default=0,
        help_text="Coaches may decide requests up to this amount; above it a manager decides.",
    )
    # Approved-but-unpaid plus paid, rewritten from the requests under a row lock.
    allocated = models.DecimalField(**MONEY, default=0, editable=False)
    # Paid to people whose records were deleted at their request since: the money left
    # the fund, who it went to did not stay (budgets.services.person_leaving).
    paid_to_erased = models.DecimalField(**MONEY, default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    objects = FundQuerySet.as_manager()

    class Meta:
        ordering = ["-ends_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(total__gt=0, total__lte=MAX_FUND), name="fund_total_positive"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="fund_ends_after_it_starts"
            ),
            models.CheckConstraint(
                condition=Q(coach_limit__gte=0, coach_limit__lte=F("total")),
                name="fund_coach_limit_within_total",
            ),
            models.CheckConstraint(
                condition=Q(allocated__gte=0, allocated__lte=F("total")),
                name="fund_never_over_committed",
            ),
            models.CheckConstraint(
                condition=Q(paid_to_erased__gte=0, paid_to_erased__lte=F("allocated")),
                name="fund_paid_to_erased_is_spent",
            ),
            LengthLimit(field_name="name", limit=120, name="fund_name_within_limit"),
            LengthLimit(field_name="funder", limit=120, name="fund_funder_within_limit"),
        ]

    def __str__(self):
        return f"{self.name} ({self.funder})"

    def is_open_on(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on

    @property
    def available(self):
        return self.total - self.allocated

    def allocated_from_requests(self):
        """What the rows say is spoken for: approved amounts, and paid amounts once paid,
        with what was paid to people whose records are gone."""
        from_rows = self.requests.aggregate(
            allocated=Coalesce(
                Sum(
                    Case(
                        When(status=BudgetRequest.Status.APPROVED, then=F("amount")),
                        When(status=BudgetRequest.Status.PAID, then=F("paid_amount")),
                        default=ZERO,
                    )
                ),
                ZERO,
            )
        )["allocated"]
        return (from_rows + self.paid_to_erased).quantize(PENNY)


class PaymentMethod(models.TextChoices):
    SUPPLIER = "supplier", _("Paid to a supplier")
    VOUCHER = "voucher", _("A voucher")
    BANK_TRANSFER = "bank_transfer", _("A bank transfer to the person")
    BOUGHT_BY_COACH = "bought_by_coach", _("Bought by the coach")


# How the person reads each way of paying, on their own form and pages.
PAYMENT_METHODS_FOR_THE_PERSON = {
    PaymentMethod.SUPPLIER: _("Paid to a supplier"),
    PaymentMethod.VOUCHER: _("A voucher"),
    PaymentMethod.BANK_TRANSFER: _("A bank transfer to me"),
    PaymentMethod.BOUGHT_BY_COACH: _("Bought by my coach"),
}


class Category(models.TextChoices):
    """What the money was for, chosen by staff afterwards; never asked of the person."""

    TRAVEL = "travel", "Travel and driving"
    HOME = "home", "Home and furniture"
    LEARNING = "learning", "Learning and courses"
    WORK = "work", "Work: clothes, tools, kit"
    DIGITAL = "digital", "Phone and getting online"
    HEALTH = "health", "Health and wellbeing"
    FAMILY = "family", "Children and family"
    INTERESTS = "interests", "Interests and community"
    OTHER = "other", "Something else"


class BudgetRequestQuerySet(models.QuerySet):
    def for_person_user(self, user):
        return self.filter(person__user=user)

    def for_coach(self, coach):
        """Requests of the people whose current relationship is with this coach."""
        return self.filter(person__current_relationship__coach=coach)

    def awaiting_decision(self):
        return self.filter(status=BudgetRequest.Status.REQUESTED)


class BudgetRequest(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Waiting for a decision")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Not approved")
        PAID = "paid", _("Paid")

    DECIDED = [Status.APPROVED, Status.DECLINED, Status.PAID]

    person = models.ForeignKey(
        "coaching.Person", on_delete=models.CASCADE, related_name="budget_requests"
    )
    # The person's coach's team when they asked: where the figures count it.
    team = models.ForeignKey("coaching.Team", on_delete=models.PROTECT, null=True, related_name="+")
    purpose = models.TextField("What it is for", max_length=2000)
    amount = models.DecimalField(max_digits=8, decimal_places=2)
    payment_method = models.CharField(max_length=20, choices=PaymentMethod)
    status = models.CharField(max_length=12, choices=Status, default=Status.REQUESTED)

    requested_at = models.DateTimeField(default=timezone.now)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    fund = models.ForeignKey(
        Fund, on_delete=models.PROTECT, null=True, blank=True, related_name="requests"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decline_reason = models.TextField(max_length=2000, blank=True)

    paid_amount = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    paid_on = models.DateField(null=True, blank=True)
    paid_method = models.CharField(max_length=20, choices=PaymentMethod, blank=True)
    paid_recorded_at = models.DateTimeField(null=True, blank=True)
    paid_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    category = models.CharField(max_length=12, choices=Category, blank=True)
    categorised_at = models.DateTimeField(null=True, blank=True)

    objects = BudgetRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [
            models.Index(fields=["person", "-requested_at"]),
            models.Index(fields=["status", "requested_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0, amount__lte=MAX_REQUEST),
                name="budget_amount_within_bounds",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["requested", "withdrawn", "approved", "declined", "paid"]),
                name="budget_status_known",
            ),
            models.CheckConstraint(
                condition=_iff(Q(status="withdrawn"), Q(withdrawn_at__isnull=False)),
                name="budget_withdrawn_has_a_time",
            ),
            models.CheckConstraint(
                condition=_iff(
                    Q(status__in=["approved", "declined", "paid"]),
                    Q(decided_at__isnull=False, decided_by__isnull=False),
                ),
                name="budget_decided_has_time_and_who",
            ),
            models.CheckConstraint(
                condition=_iff(Q(status__in=["approved", "paid"]), Q(fund__isnull=False)),
                name="budget_fund_only_when_approved",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="budget_decline_has_a_reason",
            ),
            models.CheckConstraint(
                condition=_iff(
                    Q(status="paid"),
                    Q(
                        paid_amount__isnull=False,
                        paid_on__isnull=False,
                        paid_recorded_at__isnull=False,
                    ),
                ),
                name="budget_paid_has_amount_and_date",
            ),
            models.CheckConstraint(
                condition=Q(paid_amount__isnull=True)
                | Q(paid_amount__gt=0, paid_amount__lte=MAX_REQUEST),
                name="budget_paid_amount_within_bounds",
            ),
            LengthLimit(field_name="purpose", limit=2000, name="budget_purpose_within_limit"),
            LengthLimit(
                field_name="decline_reason", limit=2000, name="budget_decline_reason_within_limit"
            ),
        ]

    def __str__(self):
        return f"Budget request {self.pk}"

    def get_absolute_url(self):
        return path_for("budgets:me_request", self.pk)

    @property
    def payment_method_for_the_person(self) -> str:
        return PAYMENT_METHODS_FOR_THE_PERSON[self.payment_method]

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.REQUESTED

    @property
    def raised_by_person(self) -> bool:
        return self.raised_by_id is not None and self.raised_by_id == self.person.user_id

    @property
    def days_to_decide(self) -> int | None:
        if self.decided_at is None:
            return None
        return (self.decided_at - self.requested_at).days
