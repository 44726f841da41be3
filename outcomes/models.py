"""Wellbeing scores, outcomes and the commissioning contracts that pay for them."""

import calendar
from datetime import date, timedelta
from functools import reduce
from operator import add

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone

from coaching.models.fields import import_ref_field
from helpers.limits import LengthLimit
from outcomes.scales import HIGHEST_ANSWER, LOWEST_ANSWER, SWEMWBS, WEMWBS

ITEM_FIELDS = [f"item_{n}" for n in WEMWBS.items]


def _answer_field(n):
    return models.PositiveSmallIntegerField(null=True, blank=True, verbose_name=f"item {n}")


def _sum_of(items):
    return reduce(add, (F(f"item_{n}") for n in items))


def _answered(items, *, only: bool):
    """Every one of `items` answered; with `only`, every other item left empty."""
    q = Q(**{f"item_{n}__isnull": False for n in items})
    if only:
        q &= Q(**{f"item_{n}__isnull": True for n in WEMWBS.items if n not in items})
    return q


class WellbeingWording(models.Model):
    """The organisation's licensed wording for one item, loaded from its own file."""

    item = models.PositiveSmallIntegerField(unique=True)
    wording = models.CharField(max_length=300)
    loaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["item"]
        constraints = [
            models.CheckConstraint(
                condition=Q(item__gte=1, item__lte=14), name="wording_item_1_to_14"
            )
        ]

    def __str__(self):
        return f"Item {self.item}"


class WellbeingScore(models.Model):
    """One completed scale. Stored only when every item is answered and the person
    allows wellbeing scores; the database refuses anything else."""

    class Scale(models.TextChoices):
        WEMWBS = WEMWBS.code, WEMWBS.name
        SWEMWBS = SWEMWBS.code, SWEMWBS.name

    class CompletedWith(models.TextChoices):
        SELF = "self", "On their own"
        COACH = "coach", "With their coach"

    class AnsweredFrom(models.TextChoices):
        """What the person answered: a score counts only from the licensed wording."""

        WORDING = "wording", "The licensed wording, on screen"
        PAPER = "paper", "The official paper form, entered by a coach"
        # One-word themes shown before the wording was loaded: not a valid use of the
        # scale, so kept and shown, but left out of every average and summary.
        THEMES = "themes", "Short themes only, so not counted"

    person = models.ForeignKey(
        "coaching.Person", on_delete=models.CASCADE, related_name="wellbeing_scores"
    )
    scale = models.CharField(max_length=8, choices=Scale)
    completed_at = models.DateTimeField(default=timezone.now)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    completed_with = models.CharField(max_length=5, choices=CompletedWith)
    answered_from = models.CharField(max_length=7, choices=AnsweredFrom)
    item_1 = _answer_field(1)
    item_2 = _answer_field(2)
    item_3 = _answer_field(3)
    item_4 = _answer_field(4)
    item_5 = _answer_field(5)
    item_6 = _answer_field(6)
    item_7 = _answer_field(7)
    item_8 = _answer_field(8)
    item_9 = _answer_field(9)
    item_10 = _answer_field(10)
    item_11 = _answer_field(11)
    item_12 = _answer_field(12)
    item_13 = _answer_field(13)
    item_14 = _answer_field(14)
    raw_score = models.PositiveSmallIntegerField()
    metric_score = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)
    import_ref = import_ref_field()

    class Meta:
        ordering = ["completed_at", "pk"]
        indexes = [models.Index(fields=["person", "scale", "completed_at"])]
        constraints = [
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}__isnull": True})
                    | Q(**{f"{name}__gte": LOWEST_ANSWER, f"{name}__lte": HIGHEST_ANSWER}),
                    name=f"wellbeing_{name}_1_to_5",
                )
                for name in ITEM_FIELDS
            ),
            models.CheckConstraint(
                condition=(
                    Q(scale="wemwbs", metric_score__isnull=True, raw_score=_sum_of(WEMWBS.items))
                    & _answered(WEMWBS.items, only=True)
                )
                | (
                    Q(
                        scale="swemwbs",
                        metric_score__gte=7,
                        metric_score__lte=35,
                        raw_score=_sum_of(SWEMWBS.items),
                    )
                    & _answered(SWEMWBS.items, only=True)
                ),
                name="wellbeing_every_item_answered_and_scored",
            ),
            models.CheckConstraint(
                condition=Q(completed_with__in=["self", "coach"]),
                name="wellbeing_completed_with_known",
            ),
            models.CheckConstraint(
                condition=Q(answered_from__in=["wording", "paper", "themes"]),
                name="wellbeing_answered_from_known",
            ),
            # Only a coach enters answers from the paper form.
            models.CheckConstraint(
                condition=~Q(answered_from="paper", completed_with="self"),
                name="wellbeing_paper_entered_by_a_coach",
            ),
        ]

    def __str__(self):
        return f"Wellbeing score {self.pk}"

    @property
    def counts(self) -> bool:
        """Whether the score stands: answered from the wording or the paper form."""
        return self.answered_from != self.AnsweredFrom.THEMES

    @property
    def score(self):
        """The score people see: the WEMWBS total or the SWEMWBS metric score."""
        return self.metric_score if self.scale == self.Scale.SWEMWBS else self.raw_score

    def answers(self) -> dict[int, int]:
        return {
            n: getattr(self, f"item_{n}")
            for n in WEMWBS.items
            if getattr(self, f"item_{n}") is not None
        }


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the 31st becomes the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


class WellbeingSummary(models.Model):
    """A person's first and latest score on a scale, and how many they have, so the
    dashboard reads a row a person instead of searching every score for each person's
    first and latest. Written by a trigger on the scores (outcomes/triggers.py), however
    a score is stored, changed or deleted."""

    person = models.ForeignKey("coaching.Person", on_delete=models.CASCADE, related_name="+")
    scale = models.CharField(max_length=8, choices=WellbeingScore.Scale)
    scores = models.PositiveIntegerField()
    # The score the dashboard compares: the SWEMWBS metric score, or the WEMWBS sum.
    first_score = models.DecimalField(max_digits=4, decimal_places=2)
    first_at = models.DateTimeField()
    latest_score = models.DecimalField(max_digits=4, decimal_places=2)
    latest_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "scale"], name="one_wellbeing_summary")
        ]
        indexes = [models.Index(fields=["scale", "latest_at"])]

    def __str__(self):
        return f"Wellbeing summary {self.pk}"


class OutcomeType(models.Model):
    """Something a funder may pay for. Reference data, kept in the admin."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)
    sustains = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sustainment_types",
        help_text="For a sustainment outcome: the entry outcome it sustains.",
    )
    sustain_months = models.PositiveSmallIntegerField(null=True, blank=True)
    sustain_weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    # A "successful start": counted from the contact log by a contract's own rule
    # (outcomes/starts.py), never recorded by hand.
    from_contact_log = models.BooleanField(
        default=False,
        db_default=False,
        help_text="Counted from the contact log by a contract's rule, never recorded by hand.",
    )

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    sustains__isnull=True, sustain_months__isnull=True, sustain_weeks__isnull=True
                )
                | Q(sustains__isnull=False, sustain_months__gt=0, sustain_weeks__isnull=True)
                | Q(sustains__isnull=False, sustain_months__isnull=True, sustain_weeks__gt=0),
                name="outcome_type_sustainment_has_one_period",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_sustainment(self) -> bool:
        return self.sustains_id is not None

    def due_after(self, entry_date: date) -> date:
        """The earliest day this sustainment can be achieved after its entry outcome."""
        if self.sustain_months:
            return add_months(entry_date, self.sustain_months)
        return entry_date + timedelta(weeks=self.sustain_weeks)


class OutcomeQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(verified_at__isnull=False)

    def awaiting_verification(self):
        return self.filter(verified_at__isnull=True)


# The words for a sustainment recorded twice, from the database or from outcome_record.
SUSTAINED_ALREADY = "That sustainment is already recorded for this outcome."


class Outcome(models.Model):
    person = models.ForeignKey("coaching.Person", on_delete=models.CASCADE, related_name="outcomes")
    type = models.ForeignKey(OutcomeType, on_delete=models.PROTECT, related_name="outcomes")
    achieved_on = models.DateField()
    evidence = models.CharField(max_length=500, help_text="Short: what shows it happened.")
    # RESTRICT, not PROTECT: an entry with a sustainment after it is not deleted alone,
    # but both go when the person's whole record is erased.
    sustains = models.ForeignKey(
        "self",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="sustained_by",
        help_text="The entry outcome a sustainment outcome follows.",
    )
    # The team coaching the person when the outcome was recorded: it decides which
    # contracts the outcome counts towards, and a later handover does not move it.
    team = models.ForeignKey(
        "coaching.Team", on_delete=models.PROTECT, null=True, related_name="outcomes"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    # A job or tenancy that ended: no sustainment of it is claimed past this day.
    ended_on = models.DateField(null=True, blank=True)
    ended_because = models.CharField(
        max_length=300,
        blank=True,
        default="",
        db_default="",
        help_text="Why it ended, in the person's own words.",
    )
    # In a submitted claim: never counted or claimed again, even once the claim's line
    # has let go of the outcome (the person turned reporting off, outcomes/triggers.py).
    claimed = models.BooleanField(default=False, db_default=False)
    import_ref = import_ref_field()

    objects = OutcomeQuerySet.as_manager()

    class Meta:
        ordering = ["-achieved_on", "-pk"]
        indexes = [
            models.Index(fields=["person", "-achieved_on"]),
            models.Index(fields=["type", "achieved_on"]),
            # What contracts count: a contract's teams' verified outcomes in its period,
            # read from the index alone (contracts.contract_reports).
            models.Index(
                fields=["team", "achieved_on"],
                include=["type", "person", "claimed"],
                condition=Q(verified_at__isnull=False),
                name="outcome_verified_by_team",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(verified_by__isnull=True, verified_at__isnull=True)
                | Q(verified_by__isnull=False, verified_at__isnull=False),
                name="outcome_verified_by_and_at_together",
            ),
            models.UniqueConstraint(
                fields=["sustains", "type"],
                condition=Q(sustains__isnull=False),
                name="outcome_one_sustainment_of_each_type_per_entry",
                violation_error_message=SUSTAINED_ALREADY,
            ),
            # Twice recorded, an outcome could be paid for twice once both are verified.
            models.UniqueConstraint(
                fields=["person", "type", "achieved_on"],
                name="outcome_once_a_day_of_each_type",
                violation_error_message="That outcome is already recorded on that day.",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, ended_because="")
                | Q(ended_on__isnull=False) & ~Q(ended_because=""),
                name="outcome_ended_with_a_reason",
                violation_error_message="Say why it ended, in their words.",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("achieved_on")),
                name="outcome_ends_after_it_began",
                violation_error_message="It ended on or after the day it began.",
            ),
            LengthLimit(
                field_name="ended_because", limit=300, name="outcome_why_ended_within_limit"
            ),
            LengthLimit(field_name="evidence", limit=500, name="outcome_evidence_within_limit"),
        ]

    def __str__(self):
        return f"Outcome {self.pk}"

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class Contract(models.Model):
    """A commissioning contract or social impact bond that pays on outcomes.

    Its cohort: outcomes recorded while the person was coached in one of its teams.
    """

    name = models.CharField(max_length=160)
    funder = models.CharField(max_length=160)
    starts_on = models.DateField()
    ends_on = models.DateField()
    cap = models.DecimalField(
        max_digits=12, decimal_places=2, help_text="The most it will pay in total, in pounds."
    )
    teams = models.ManyToManyField("coaching.Team", related_name="contracts")
    created_at = models.DateTimeField(default=timezone.now)

    class Takes(models.TextChoices):
        TEAMS = "teams", "Everyone coached in its teams"
        ENROLLED = "enrolled", "Only the people enrolled in it"

    # Whose outcomes it counts. Two contracts may share a team, a period and an outcome
    # only when both count the people enrolled: each person's enrolment says which.
    takes = models.CharField(
        max_length=10, choices=Takes, default=Takes.TEAMS, db_default=Takes.TEAMS
    )
    # Who may be enrolled and counted (contracts that take the enrolled only).
    min_age = models.PositiveSmallIntegerField(null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(null=True, blank=True)
    began_within_period = models.BooleanField(
        default=False,
        db_default=False,
        help_text="Only people who began coaching within the contract's period.",
    )
    # What makes a successful start (outcomes/starts.py): at least `start_contacts`
    # contacts within `start_weeks` weeks of the contract taking the person on.
    start_contacts = models.PositiveSmallIntegerField(null=True, blank=True)
    start_weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    # Commissioner sign-ins that may read this contract's figures.
    commissioners = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="commissioned_contracts",
        limit_choices_to={"role": "commissioner"},
    )

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(takes="enrolled")
                | Q(min_age__isnull=True, max_age__isnull=True, began_within_period=False),
                name="contract_eligibility_only_with_enrolment",
                violation_error_message="Only a contract that counts the people enrolled "
                "can have rules about who is eligible.",
            ),
            models.CheckConstraint(
                condition=Q(min_age__isnull=True)
                | Q(max_age__isnull=True)
                | Q(min_age__lte=F("max_age")),
                name="contract_ages_in_order",
                violation_error_message="The youngest age is at most the oldest.",
            ),
            models.CheckConstraint(
                condition=Q(start_contacts__isnull=True, start_weeks__isnull=True)
                | Q(start_contacts__gt=0, start_weeks__gt=0),
                name="contract_start_rule_whole",
                violation_error_message="A successful start needs both a number of contacts "
                "and a number of weeks.",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="contract_ends_after_it_starts",
                violation_error_message="A contract ends on or after the day it starts.",
            ),
            models.CheckConstraint(
                condition=Q(cap__gte=0),
                name="contract_cap_not_negative",
                violation_error_message="The cap cannot be less than £0.",
            ),
            LengthLimit(field_name="name", limit=160, name="contract_name_within_limit"),
            LengthLimit(field_name="funder", limit=160, name="contract_funder_within_limit"),
            # Two of one name are two identical choices in the dashboard's filter.
            models.UniqueConstraint(
                Lower("name"),
                name="contract_name_once",
                violation_error_message="There is already a contract of that name.",
            ),
        ]

    def __str__(self):
        return self.name


TARIFF_NOT_NEGATIVE = "A tariff cannot be less than £0."


class ContractTariff(models.Model):
    """What a contract pays for one outcome type, and its targets for it."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="tariffs")
    outcome_type = models.ForeignKey(OutcomeType, on_delete=models.PROTECT, related_name="+")
    tariff = models.DecimalField(max_digits=10, decimal_places=2)
    target_low = models.PositiveIntegerField()
    target_median = models.PositiveIntegerField()
    target_high = models.PositiveIntegerField()

    class Meta:
        ordering = ["outcome_type__position", "outcome_type__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "outcome_type"], name="contract_one_tariff_per_type"
            ),
            models.CheckConstraint(
                condition=Q(tariff__gte=0),
                name="tariff_not_negative",
                violation_error_message=TARIFF_NOT_NEGATIVE,
            ),
            models.CheckConstraint(
                condition=Q(
                    target_low__lte=F("target_median"), target_median__lte=F("target_high")
                ),
                name="targets_low_median_high_in_order",
                violation_error_message="Targets run low ≤ median ≤ high.",
            ),
        ]

    def __str__(self):
        return f"{self.contract}: {self.outcome_type}"


class Payer(models.Model):
    """Who pays a contract's outcomes: its share of each tariff, and its own cap.

    A contract's payers' shares add up to 100 and their caps to the contract's cap
    (outcomes.services.contract_create holds both).
    """

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="payers")
    name = models.CharField(max_length=160)
    share = models.DecimalField(
        max_digits=5, decimal_places=2, help_text="Its share of each tariff, in per cent."
    )
    cap = models.DecimalField(
        max_digits=12, decimal_places=2, help_text="The most it will pay, in pounds."
    )
    import_ref = import_ref_field()

    class Meta:
        ordering = ["-share", "name"]
        constraints = [
            models.UniqueConstraint(
                "contract",
                Lower("name"),
                name="payer_name_once_per_contract",
                violation_error_message="That payer is already named for this contract.",
            ),
            models.CheckConstraint(
                condition=Q(share__gt=0, share__lte=100),
                name="payer_share_a_percentage",
                violation_error_message="A payer's share is more than 0% and at most 100%.",
            ),
            models.CheckConstraint(
                condition=Q(cap__gte=0),
                name="payer_cap_not_negative",
                violation_error_message="The cap cannot be less than £0.",
            ),
            LengthLimit(field_name="name", limit=160, name="payer_name_within_limit"),
        ]

    def __str__(self):
        return self.name


class Enrolment(models.Model):
    """A person enrolled in a contract that counts only the people enrolled in it.

    Whether they were eligible is worked out once, from the contract's rules on the
    day they were enrolled (outcomes.services.enrolment_make), and kept.
    """

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="enrolments")
    person = models.ForeignKey(
        "coaching.Person", on_delete=models.CASCADE, related_name="enrolments"
    )
    enrolled_on = models.DateField()
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    eligible = models.BooleanField()
    # Why not, in a manager's words ("aged 34 when enrolled"); empty when eligible.
    not_eligible_because = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    import_ref = import_ref_field()

    class Meta:
        ordering = ["enrolled_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "person"],
                name="enrolment_once_per_contract",
                violation_error_message="They are already enrolled in this contract.",
            ),
            models.CheckConstraint(
                condition=Q(eligible=True, not_eligible_because="")
                | Q(eligible=False) & ~Q(not_eligible_because=""),
                name="enrolment_says_why_not_eligible",
            ),
            LengthLimit(
                field_name="not_eligible_because", limit=200, name="enrolment_why_within_limit"
            ),
        ]

    def __str__(self):
        return f"Enrolment {self.pk}"


class Claim(models.Model):
    """A claim to a contract's payers for one period's outcomes. Prepared as a draft
    a manager reviews; once submitted its lines never change (outcomes.claims)."""

    class State(models.TextChoices):
        DRAFT = "draft", "Being reviewed"
        SUBMITTED = "submitted", "Submitted"

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="claims")
    period_start = models.DateField()
    period_end = models.DateField()
    state = models.CharField(max_length=10, choices=State, default=State.DRAFT)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    prepared_at = models.DateTimeField(default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True)
    # People with outcomes in the period left out because reporting was off: a count.
    reporting_off = models.PositiveIntegerField(default=0)
    # Outcomes in the period not claimed because the payers' caps were reached.
    beyond_cap = models.PositiveIntegerField(default=0)
    import_ref = import_ref_field()

    class Meta:
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract"],
                condition=Q(state="draft"),
                name="claim_one_draft_per_contract",
                violation_error_message="This contract has a claim being reviewed already.",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="claim_period_in_order",
                violation_error_message="A claim's period ends on or after the day it starts.",
            ),
            models.CheckConstraint(
                condition=Q(state="draft", submitted_by__isnull=True, submitted_at__isnull=True)
                | Q(state="submitted", submitted_by__isnull=False, submitted_at__isnull=False),
                name="claim_submitted_by_and_at_together",
            ),
        ]

    def __str__(self):
        return f"Claim {self.pk}"

    @property
    def is_submitted(self) -> bool:
        return self.state == self.State.SUBMITTED


class ClaimLine(models.Model):
    """One claimed outcome, kept as it was claimed. The person and the outcome are
    let go (SET_NULL) when the person is erased; the reference, type, date, tariff
    and shares stay, so the money claimed never changes."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="lines")
    person = models.ForeignKey(
        "coaching.Person", on_delete=models.SET_NULL, null=True, related_name="claim_lines"
    )
    outcome = models.ForeignKey(
        Outcome, on_delete=models.SET_NULL, null=True, related_name="claim_lines"
    )
    # A pseudonym for the person, the same on each of their lines of one contract.
    reference = models.CharField(max_length=20)
    outcome_type = models.ForeignKey(OutcomeType, on_delete=models.PROTECT, related_name="+")
    achieved_on = models.DateField()
    tariff = models.DecimalField(max_digits=10, decimal_places=2)
    # What is claimed: the tariff, or less where a payer's cap ran out part way.
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    import_ref = import_ref_field()

    class Meta:
        ordering = ["achieved_on", "pk"]
        constraints = [
            # Claimed once, by one contract: the database says so, not only the service.
            models.UniqueConstraint(
                fields=["outcome"],
                condition=Q(outcome__isnull=False),
                name="claim_line_outcome_claimed_once",
                violation_error_message="That outcome has been claimed already.",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0, amount__lte=F("tariff")),
                name="claim_line_amount_within_tariff",
            ),
        ]

    def __str__(self):
        return f"Claim line {self.pk}"


class ClaimShare(models.Model):
    """One payer's part of one claim line."""

    line = models.ForeignKey(ClaimLine, on_delete=models.CASCADE, related_name="shares")
    payer = models.ForeignKey(Payer, on_delete=models.PROTECT, related_name="claim_shares")
    amount = models.DecimalField(max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["line", "-payer__share"]
        constraints = [
            models.UniqueConstraint(fields=["line", "payer"], name="claim_share_once_per_payer"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="claim_share_not_negative"),
        ]

    def __str__(self):
        return f"Claim share {self.pk}"


class Payment(models.Model):
    """What a payer paid against a submitted claim, and when."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="payments")
    payer = models.ForeignKey(Payer, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    paid_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    import_ref = import_ref_field()

    class Meta:
        ordering = ["paid_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="payment_more_than_nothing",
                violation_error_message="A payment is more than £0.",
            ),
        ]

    def __str__(self):
        return f"Payment {self.pk}"


class Extract(models.Model):
    """An evaluator's extract, recorded when it is made. Its key is never kept: two
    extracts' pseudonyms cannot be joined."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="extracts")
    period_start = models.DateField()
    period_end = models.DateField()
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField(default=timezone.now)
    made_for = models.CharField(max_length=160, help_text="Who the extract is for.")
    rows = models.PositiveIntegerField()

    class Meta:
        ordering = ["-made_at", "-pk"]
        constraints = [
            LengthLimit(field_name="made_for", limit=160, name="extract_made_for_within_limit"),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="extract_period_in_order"
            ),
        ]

    def __str__(self):
        return f"Extract {self.pk}"


# The dashboard's cached figures. Each is derived from rows other apps record, and brought
# up to date by database triggers (outcomes/triggers.py), never by the code that records:
# a write from a view, the admin, a shell or an import changes them alike.


class ContactSummary(models.Model):
    """One period's contact figures (a month, or a day), with who began coaching and
    how long the coaching that ended had lasted, so the dashboard need not count
    millions of contacts on every visit (outcomes/summary.py counts and reads them).

    A summary counts only while `built_version == version` and its `layout` is the
    current one. `version` is bumped when a write touches the period (as a StaleMoment,
    taken in before every read); the builder writes its result with `WHERE version =
    <the version it read first>`, so a write that lands while it counts leaves the
    period stale, never wrong."""

    class Span(models.TextChoices):
        MONTH = "month", "Month"
        DAY = "day", "Day"

    # How `figures` and `totals` are laid out. A summary of another layout is stale, so
    # one written by a worker of an older release during a deploy is counted again.
    # 2: barriers by kind of service, area, raised and followed up; 3: who began and
    # whose coaching ended by personal details (fairness); 4: who restarted
    LAYOUT = 4

    starts_on = models.DateField(help_text="The day, or the first day of the month (UK time).")
    span = models.CharField(max_length=5, choices=Span)
    version = models.PositiveIntegerField(default=0)
    built_version = models.PositiveIntegerField(null=True, blank=True)
    # By team, {"team_<id>": {"contacts": [[channel, reached_out_by, n]], "themes":
    # [[theme_id, n]], "barriers": [[category, area, raised,
    # followed up, n]], "began": [[n]], "ended": [[days it
    # had lasted, n]], "began_details" and "ended_details": [[date of birth, gender,
    # ethnicity, disability, n]], "restarted": [[person id, asked by the person,
    # n]]}}: people who allow reporting. Keyed so that the database can
    # send one team's figures (`summary.team_key`).
    figures = models.JSONField(default=dict)
    # The same summed over the teams, for the whole organisation's figures:
    # {"contacts": [[channel, reached_out_by, n]], "themes": [[theme_id, n]], ...}.
    totals = models.JSONField(default=dict)
    built_at = models.DateTimeField(null=True, blank=True)
    # New with every count: the figures' name, by which a process caches them unpacked
    # (outcomes/summary.py). A period counted again gets another, so a process never
    # reads an old count under it.
    build = models.UUIDField(null=True, blank=True, editable=False)
    layout = models.PositiveSmallIntegerField(default=0, db_default=0)

    class Meta:
        ordering = ["starts_on", "span"]
        verbose_name_plural = "contact summaries"
        constraints = [
            models.UniqueConstraint(fields=["starts_on", "span"], name="one_summary_per_period"),
            models.CheckConstraint(
                condition=Q(span__in=["month", "day"]), name="contact_summary_span_known"
            ),
        ]

    def __str__(self):
        return f"{self.span} from {self.starts_on}"

    @property
    def is_current(self) -> bool:
        return self.counts(
            version=self.version, built_version=self.built_version, layout=self.layout
        )

    @classmethod
    def counts(cls, *, version: int, built_version: int | None, layout: int) -> bool:
        """Whether a summary with these values may be read as it is (also for one read
        with values())."""
        return built_version == version and layout == cls.LAYOUT


class StaleMoment(models.Model):
    """A moment whose day and month of contact figures must be counted again: a
    contact, a theme or barrier of one, or a beginning, ending or restart, written, changed or
    deleted then, or moved to another team or out of the count.

    Appended by the triggers in the same statement as the write, never updated, so
    writers never wait on one another; the next read of the figures marks those
    periods' summaries stale and deletes the rows (outcomes/summary.py). A moment, not a
    day: which day it falls on is a question of UK time, which the database (SQLite)
    cannot answer the way Django does."""

    occurred_at = models.DateTimeField()

    def __str__(self):
        return f"figures changed at {self.occurred_at}"


class PeopleNow(models.Model):
    """How many people's coaching stands in each state today, by the coach of their
    current relationship: people who allow reporting. The dashboard adds up a few
    thousand rows rather than looking at every person and relationship.

    Each row is a change (+1, -1, or a sum of them once folded), appended by the
    database's triggers as people and relationships change (outcomes/people_now.py),
    whoever writes, and never updated in place; PersonCounted holds where each person
    is counted, so a change takes back exactly that."""

    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,  # written by triggers; a coach with coaching cannot go
        related_name="+",
    )
    state = models.CharField(max_length=10)
    people = models.IntegerField()

    class Meta:
        verbose_name_plural = "people now"

    def __str__(self):
        return f"{self.people:+} {self.state} with coach {self.coach_id}"


class PersonCounted(models.Model):
    """A person counted in PeopleNow, under their coach and state as counted. No foreign
    keys: the rows follow the people and relationships by trigger, deletions included."""

    person_id = models.BigIntegerField(primary_key=True)
    coach_id = models.BigIntegerField()
    state = models.CharField(max_length=10)

    def __str__(self):
        return f"person {self.person_id}: {self.state} with coach {self.coach_id}"
