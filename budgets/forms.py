import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from budgets.models import (
    PAYMENT_METHODS_FOR_THE_PERSON,
    BudgetRequest,
    Category,
    Fund,
    PaymentMethod,
)
from budgets.money import MAX_FUND, MAX_REQUEST, PENNY, pounds
from coaching.forms import DateInput
from helpers.display import day_long
from helpers.forms import ModelChoiceField, PlainWords

EARLIEST_YEAR = 2000


AMOUNT = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|-?\.\d+")


class PoundsField(forms.Field):
    """An amount in pounds and pence. Takes "45", "45.50", "£1,234.50"; gives a Decimal."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def __init__(self, *, maximum: Decimal = MAX_REQUEST, allow_zero: bool = False, **kwargs):
        self.maximum = maximum
        self.allow_zero = allow_zero
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return f"{value:.2f}"
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip().replace("£", "", 1).strip()
        # Digits, commas only between thousands, a point: "1e3" or "4 5" is not money.
        if not AMOUNT.fullmatch(text):
            raise ValidationError(
                _("Please write an amount in pounds and pence, like 45 or 45.50."), code="invalid"
            )
        amount = Decimal(text.replace(",", ""))
        if abs(amount) > self.maximum:
            return amount  # validate() says what the most is
        if amount != amount.quantize(PENNY):
            raise ValidationError("Please give pounds and pence only, like 45.50.", code="pence")
        return amount.quantize(PENNY)

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if value < 0 and self.allow_zero:
            raise ValidationError("The amount cannot be below £0.00.", code="min")
        if value <= 0 and not self.allow_zero:
            raise ValidationError("The amount must be more than £0.00.", code="min")
        if value > self.maximum:
            raise ValidationError(
                _("The most this can be is %(most)s.") % {"most": pounds(self.maximum)}, code="max"
            )


class PersonRequestForm(PlainWords, forms.ModelForm):
    """Asked by the person, in their own words. No evidence, no means test."""

    amount = PoundsField(label=_("How much?"), help_text=_("In pounds, like 45 or 45.50."))

    class Meta:
        model = BudgetRequest
        fields = ["purpose", "amount", "payment_method"]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "payment_method": forms.RadioSelect,
        }
        labels = {"purpose": _("What is it for?"), "payment_method": _("How should it be paid?")}
        help_texts = {
            "purpose": _("In your own words. You do not need to prove anything."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The person's own form speaks to them; the stored choices are neutral.
        self.fields["payment_method"].choices = list(PAYMENT_METHODS_FOR_THE_PERSON.items())


class CoachRequestForm(PersonRequestForm):
    """Raised by the coach with the person, still in the person's words."""

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["purpose"].help_text = f"In {person.name}'s own words, as they told you."
        self.fields["payment_method"].choices = [
            (PaymentMethod.SUPPLIER, "Paid to a supplier"),
            (PaymentMethod.VOUCHER, "A voucher"),
            (PaymentMethod.BANK_TRANSFER, f"A bank transfer to {person.name}"),
            (PaymentMethod.BOUGHT_BY_COACH, "Bought by me, their coach"),
        ]


class DecisionForm(PlainWords, forms.Form):
    APPROVE, DECLINE = "approve", "decline"

    decision = forms.ChoiceField(
        label="Your decision",
        choices=[(APPROVE, "Approve"), (DECLINE, "Decline")],
        widget=forms.RadioSelect,
    )
    fund = ModelChoiceField(
        Fund.objects.none(),
        label="Pay it from",
        required=False,
        empty_label="Choose a fund",
        help_text="Needed to approve. Funds of their team, and funds every team can use.",
    )
    decline_reason = forms.CharField(
        label="Reason, written to them",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed to decline. They will read exactly this.",
    )

    def __init__(self, *args, budget_request: BudgetRequest, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.budget_request = budget_request
        self.user = user
        funds = Fund.objects.for_team(budget_request.team).open_on(timezone.localdate())
        if user.is_coach:
            funds = funds.filter(coach_limit__gte=budget_request.amount)
        self.fields["fund"].queryset = funds.order_by("name")
        self.fields["fund"].label_from_instance = self.fund_label

    def fund_label(self, fund):
        return f"{fund.name}: {pounds(fund.available)} left"

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision == self.APPROVE and not cleaned.get("fund"):
            self.add_error("fund", "Please choose the fund to pay it from.")
        if decision == self.DECLINE and not cleaned.get("decline_reason", "").strip():
            self.add_error("decline_reason", "Please write the reason to them.")
        return cleaned


class PaymentForm(PlainWords, forms.Form):
    amount = PoundsField(
        label="Amount paid", help_text="What was actually paid; it may differ from the approved."
    )
    paid_on = forms.DateField(label="Date paid", widget=DateInput)
    method = forms.ChoiceField(
        label="How it was paid", choices=PaymentMethod.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, budget_request: BudgetRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.budget_request = budget_request
        self.fields["method"].choices = [
            (PaymentMethod.SUPPLIER, "Paid to a supplier"),
            (PaymentMethod.VOUCHER, "A voucher"),
            (PaymentMethod.BANK_TRANSFER, "A bank transfer to the person"),
            (PaymentMethod.BOUGHT_BY_COACH, "Bought by the coach"),
        ]
        if not self.is_bound:
            self.initial.update(
                amount=budget_request.amount,
                paid_on=timezone.localdate(),
                method=budget_request.payment_method,
            )

    def clean_paid_on(self):
        paid_on = self.cleaned_data["paid_on"]
        if paid_on > timezone.localdate():
            raise ValidationError("A payment cannot be in the future.")
        if paid_on < timezone.localtime(self.budget_request.requested_at).date():
            raise ValidationError("A payment cannot be before the request.")
        return paid_on


class CategoryForm(forms.Form):
    category = forms.ChoiceField(
        label="What the money was for",
        choices=[("", "Not chosen yet"), *Category.choices],
        required=False,
        help_text="For the figures only. Never asked of the person.",
    )


class FundForm(PlainWords, forms.ModelForm):
    total = PoundsField(label="Total", maximum=MAX_FUND)
    coach_limit = PoundsField(
        label="Coach limit",
        maximum=MAX_REQUEST,
        allow_zero=True,
        help_text="Coaches decide requests up to this amount; above it a manager decides.",
    )

    class Meta:
        model = Fund
        fields = ["name", "funder", "team", "total", "starts_on", "ends_on", "coach_limit"]
        field_classes = {"team": ModelChoiceField}
        widgets = {"starts_on": DateInput, "ends_on": DateInput}
        labels = {"team": "Team (optional)", "starts_on": "Opens on", "ends_on": "Closes on"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].empty_label = "Every team"

    def clean_starts_on(self):
        starts_on = self.cleaned_data["starts_on"]
        if starts_on.year < EARLIEST_YEAR:
            raise ValidationError(f"Please give a date from {EARLIEST_YEAR} on.")
        return starts_on

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "A fund cannot close before it opens.")
        total, limit = cleaned.get("total"), cleaned.get("coach_limit")
        if total and limit is not None and limit > total:
            self.add_error("coach_limit", "The coach limit cannot be more than the total.")
        if total and self.instance.pk and total < self.instance.allocated:
            self.add_error(
                "total",
                f"{pounds(self.instance.allocated)} is already approved or paid from this fund.",
            )
        dates_changed = {"starts_on", "ends_on"} & set(self.changed_data)
        if self.instance.pk and starts_on and ends_on and dates_changed:
            # Only new dates: a payment may fall after a fund's end (paid a week late),
            # and the fund must still be editable afterwards.
            self._check_dates_hold_payments(starts_on, ends_on)
        team = cleaned.get("team")
        if self.instance.pk and team and self._used_by_other_teams(team):
            self.add_error("team", "Requests from other teams are already paid from this fund.")
        return cleaned

    def _check_dates_hold_payments(self, starts_on, ends_on) -> None:
        """A fund's dates cover the money already paid from it, or its books would
        show payments from a fund that was not open."""
        paid = self.instance.requests.filter(paid_on__isnull=False).aggregate(
            first=Min("paid_on"), last=Max("paid_on")
        )
        if paid["last"] and ends_on < paid["last"]:
            self.add_error(
                "ends_on",
                f"Money was paid from this fund on {day_long(paid['last'])}, so it closes on "
                "that day or later.",
            )
        if paid["first"] and starts_on > paid["first"]:
            self.add_error(
                "starts_on",
                f"Money was paid from this fund on {day_long(paid['first'])}, so it opens on "
                "that day or earlier.",
            )

    def _used_by_other_teams(self, team) -> bool:
        return (
            self.instance.requests.exclude(team=team)
            .filter(Q(status__in=[BudgetRequest.Status.APPROVED, BudgetRequest.Status.PAID]))
            .exists()
        )
