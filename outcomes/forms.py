from datetime import date
from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy

from coaching.forms import DateInput
from coaching.models import Team, User
from helpers.forms import ModelChoiceField, ModelMultipleChoiceField, PlainWords
from outcomes.insights import Filters
from outcomes.models import (
    TARIFF_NOT_NEGATIVE,
    Contract,
    ContractTariff,
    Outcome,
    OutcomeType,
    Payer,
)
from outcomes.scales import ANSWERS
from outcomes.services import PayerTerms, recorded_that_day, sustainment_problem

EARLIEST = date(2000, 1, 1)
LATEST = date(2099, 12, 31)
# How far ahead the dashboard's period may run (a contract's last year, say).
YEARS_AHEAD = 5


class WellbeingForm(PlainWords, forms.Form):
    """One radio group per item, labelled with the licensed wording when loaded, else
    with our neutral theme. Every item must be answered for a score; nothing partial
    is ever stored."""

    def __init__(self, *args, items, paper: str = "", **kwargs):
        """`paper`: "" for the person (on screen only), "may" for a coach while the
        wording is loaded, "must" for a coach while it is not."""
        super().__init__(*args, **kwargs)
        if paper:
            self.fields["from_paper"] = forms.BooleanField(
                required=paper == "must",
                label="These answers come from the official paper form",
                help_text="The form the person filled in with the full statements.",
                error_messages={
                    "required": "Until the statements are set up here, answers can only "
                    "come from the official paper form."
                },
            )
        # Numbered as the person meets them, 1 to 7 on the short scale; the item's own
        # number (SWEMWBS takes WEMWBS's 1, 2, 3, 6, ...) read as questions missing.
        for shown, item in enumerate(items, start=1):
            self.fields[f"item_{item.number}"] = forms.TypedChoiceField(
                choices=ANSWERS,
                coerce=int,
                widget=forms.RadioSelect,
                label=item.wording or f"{shown}. {item.theme.capitalize()}",
                error_messages={
                    "required": gettext_lazy("Choose an answer: a score needs every one."),
                    "invalid_choice": gettext_lazy("Choose one of the five answers."),
                },
            )

    def answers(self) -> dict[int, int]:
        return {
            int(name.split("_")[1]): value
            for name, value in self.cleaned_data.items()
            if name.startswith("item_")
        }

    @property
    def from_paper(self) -> bool:
        return self.cleaned_data.get("from_paper", False)


class OutcomeForm(PlainWords, forms.ModelForm):
    class Meta:
        model = Outcome
        fields = ["type", "achieved_on", "sustains", "evidence"]
        field_classes = {"type": ModelChoiceField, "sustains": ModelChoiceField}
        widgets = {"achieved_on": DateInput, "evidence": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "type": "Outcome",
            "achieved_on": "Date achieved",
            "sustains": "Sustains (for a sustainment outcome)",
            "evidence": "Evidence",
        }
        help_texts = {
            "evidence": "A short note of what shows it happened, e.g. “tenancy agreement seen”. "
            "They can read it.",
            "sustains": "The entry outcome this one follows, e.g. the day they moved in.",
        }

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        # A successful start is counted from the contact log, never typed in.
        self.fields["type"].queryset = OutcomeType.objects.filter(
            active=True, from_contact_log=False
        )
        self.fields["type"].empty_label = None
        self.fields["sustains"].queryset = (
            Outcome.objects.filter(person=person, type__sustainment_types__isnull=False)
            .distinct()
            .select_related("type")
        )
        self.fields["sustains"].empty_label = "Not a sustainment outcome"

    def clean_achieved_on(self):
        achieved_on = self.cleaned_data["achieved_on"]
        if achieved_on > timezone.localdate():
            raise forms.ValidationError("An outcome is recorded once it has happened.")
        if achieved_on < EARLIEST:
            raise forms.ValidationError("That date is too long ago.")
        return achieved_on

    def clean(self):
        cleaned = super().clean()
        kind, achieved_on = cleaned.get("type"), cleaned.get("achieved_on")
        if kind and achieved_on:
            problem = sustainment_problem(kind, cleaned.get("sustains"), achieved_on)
            if problem:
                field = "sustains" if "earliest" not in problem else "achieved_on"
                self.add_error(field, problem)
            elif recorded := recorded_that_day(self.person, kind, achieved_on):
                # Twice recorded, it could be paid twice once both are verified.
                self.add_error("achieved_on", recorded)
        return cleaned


class ContractForm(PlainWords, forms.ModelForm):
    teams = ModelMultipleChoiceField(
        Team.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Outcomes count when recorded while the person was coached in these teams.",
    )

    class Meta:
        model = Contract
        fields = [
            "name",
            "funder",
            "starts_on",
            "ends_on",
            "cap",
            "teams",
            "takes",
            "min_age",
            "max_age",
            "began_within_period",
            "start_contacts",
            "start_weeks",
        ]
        widgets = {"starts_on": DateInput, "ends_on": DateInput, "takes": forms.RadioSelect}
        labels = {
            "cap": "Outcomes cap (£)",
            "starts_on": "Starts",
            "ends_on": "Ends",
            "takes": "Whose outcomes it counts",
            "min_age": "Youngest age when enrolled",
            "max_age": "Oldest age when enrolled",
            "start_contacts": "A successful start: this many contacts",
            "start_weeks": "within this many weeks of being taken on",
        }
        help_texts = {
            "cap": "Leave blank to use the sum of the payers' caps.",
            "start_contacts": "Counted from the contact log. Leave both blank if the "
            "contract does not pay for a successful start.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cap"].required = False
        # Left unchosen (an older form, a test's post): everyone in its teams, as before.
        self.fields["takes"].required = False
        for n in PAYER_ROWS:
            self.fields[f"payer_{n}_name"] = forms.CharField(
                label=f"Payer {n}", max_length=160, required=False
            )
            self.fields[f"payer_{n}_share"] = forms.DecimalField(
                label=f"Payer {n}'s share (%)",
                max_digits=5,
                decimal_places=2,
                min_value=Decimal("0.01"),
                max_value=100,
                required=False,
            )
            self.fields[f"payer_{n}_cap"] = forms.DecimalField(
                label=f"Payer {n}'s cap (£)",
                max_digits=12,
                decimal_places=2,
                min_value=0,
                required=False,
            )

    def payer_rows(self) -> list[list]:
        return [
            [self[f"payer_{n}_{part}"] for part in ("name", "share", "cap")] for n in PAYER_ROWS
        ]

    def payers(self) -> list[PayerTerms]:
        """The payers named, in order; none named: the funder pays it all."""
        data = self.cleaned_data
        return [
            PayerTerms(data[f"payer_{n}_name"], data[f"payer_{n}_share"], data[f"payer_{n}_cap"])
            for n in PAYER_ROWS
            if data.get(f"payer_{n}_name")
        ]

    def contract_fields(self) -> dict:
        return {
            k: v for k, v in self.cleaned_data.items() if k in self._meta.fields and k != "teams"
        }

    def clean_name(self):
        # Two of one name are two identical choices in the dashboard's filter.
        name = self.cleaned_data["name"]
        others = Contract.objects.exclude(pk=self.instance.pk).filter(name__iexact=name)
        if others.exists():
            raise forms.ValidationError("There is already a contract of that name.")
        return name

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "Give an end on or after the day the contract starts.")
        for name in ("starts_on", "ends_on"):
            when = cleaned.get(name)
            if when and not EARLIEST <= when <= LATEST:
                self.add_error(name, f"Choose a day from {EARLIEST.year} to {LATEST.year}.")
        for n in PAYER_ROWS:
            named = cleaned.get(f"payer_{n}_name")
            if named and cleaned.get(f"payer_{n}_share") is None:
                self.add_error(f"payer_{n}_share", "Give this payer's share.")
            if not named and cleaned.get(f"payer_{n}_share") is not None:
                self.add_error(f"payer_{n}_name", "Name this payer, or leave its row blank.")
        cleaned["takes"] = cleaned.get("takes") or Contract.Takes.TEAMS
        if cleaned["takes"] != Contract.Takes.ENROLLED:
            for name in ("min_age", "max_age", "began_within_period"):
                if cleaned.get(name):
                    self.add_error(
                        name, "Only a contract that counts the people enrolled has this rule."
                    )
        low, high = cleaned.get("min_age"), cleaned.get("max_age")
        if low is not None and high is not None and low > high:
            self.add_error("max_age", "The oldest age is at least the youngest.")
        contacts, weeks = cleaned.get("start_contacts"), cleaned.get("start_weeks")
        if contacts == 0:
            self.add_error("start_contacts", "Give at least 1 contact, or leave it blank.")
        if weeks == 0:
            self.add_error("start_weeks", "Give at least 1 week, or leave it blank.")
        if contacts and not weeks:
            self.add_error("start_weeks", "Give the number of weeks too.")
        if weeks and not contacts:
            self.add_error("start_contacts", "Give the number of contacts too.")
        return cleaned


PAYER_ROWS = (1, 2, 3)

# No contract pays for more of one outcome than this: a larger target is a slip.
MOST_OUTCOMES = 100_000


class TariffForm(PlainWords, forms.ModelForm):
    """One outcome type's tariff and targets; leave it all blank to leave the type out."""

    class Meta:
        model = ContractTariff
        fields = ["tariff", "target_low", "target_median", "target_high"]
        labels = {
            "tariff": "Tariff (£)",
            "target_low": "Low",
            "target_median": "Median",
            "target_high": "High",
        }

    def __init__(self, *args, outcome_type, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcome_type = outcome_type
        for field in self.fields.values():
            field.required = False
            # Each box's own name, for its hidden label and the error summary's link:
            # "High for Entered employment", not a bare "High" of twelve rows.
            field.label = f"{field.label} for {outcome_type.name}"
        for name in ("target_low", "target_median", "target_high"):
            self.fields[name].validators.append(
                MaxValueValidator(MOST_OUTCOMES, f"A target is at most {MOST_OUTCOMES:,}.")
            )

    @property
    def left_blank(self) -> bool:
        return self.is_bound and not any(
            self.data.get(self.add_prefix(name), "").strip() for name in self.fields
        )

    def clean(self):
        cleaned = super().clean()
        if self.left_blank:
            return cleaned
        for name in self.fields:
            if cleaned.get(name) is None and name not in self.errors:
                self.add_error(name, "Fill this in too, or leave the whole row blank.")
        if (cleaned.get("tariff") or 0) < 0:
            # The constraint's own words, on the box rather than the row: the summary
            # links to it.
            self.add_error("tariff", TARIFF_NOT_NEGATIVE)
        low, median, high = (cleaned.get(f"target_{n}") for n in ("low", "median", "high"))
        if None not in (low, median, high) and not low <= median <= high:
            self.add_error("target_median", "Targets run low ≤ median ≤ high.")
        return cleaned


class TariffForms(list):
    """A contract's tariff rows, a TariffForm for each active outcome type. The error
    summary reads them as it reads a formset."""

    def __init__(self, data=None):
        super().__init__(
            TariffForm(data, prefix=f"type-{kind.pk}", outcome_type=kind)
            for kind in OutcomeType.objects.filter(active=True)
        )

    def is_valid(self) -> bool:
        return all(form.is_valid() for form in self)

    @property
    def total_error_count(self) -> int:
        return sum(len(form.errors) for form in self)

    def non_form_errors(self) -> list[str]:
        """The errors of a whole row, named by its outcome type (the summary lists each
        box's own, linked to the box)."""
        return [f"{f.outcome_type.name}: {error}" for f in self for error in f.non_field_errors()]


DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"]


# More coaches than this and the coach filter lists a team's coaches once a team is
# chosen: a thousand names in one list are hard to choose from, and slow to render.
LIST_EVERY_COACH_UP_TO = 100
CHOOSE_A_TEAM_FIRST = "Every coach (choose a team first)"
COACH_COLUMNS = ["pk", "first_name", "last_name", "username", "team__name", "is_active"]


class CoachesByTeam(forms.models.ModelChoiceIterator):
    """Coaches under their team's name, read as plain values: a thousand coaches are
    easier to find in a hundred teams, and cost no model instance each. With a team
    chosen, only its coaches; in a large network with none chosen, only a chosen coach,
    and the first line (seen with the list shut) says how to list the rest. A chosen
    coach is always listed, from the form's own copy, so one query reads the list
    whatever the size of the network."""

    def __iter__(self):
        empty_label, groups = self._listed()
        if empty_label is not None:
            yield ("", empty_label)
        yield from groups

    def _listed(self) -> tuple[str | None, list]:
        """The first line and the groups, read once for what the form chose: a widget
        iterates its choices more than once (Select.use_required_attribute reads the
        first), and the first line here depends on the query."""
        chosen_for = (self.field.team, self.field.chosen)
        if getattr(self, "_listed_for", None) != chosen_for:
            self._listed_for, self._list = chosen_for, self._list_for(*chosen_for)
        return self._list

    def _list_for(self, team: Team | None, chosen: User | None) -> tuple[str | None, list]:
        empty_label = self.field.empty_label
        if team is not None:
            rows = list(self.queryset.filter(team=team).values_list(*COACH_COLUMNS))
        else:
            rows = list(self.queryset.values_list(*COACH_COLUMNS)[: LIST_EVERY_COACH_UP_TO + 1])
            if len(rows) > LIST_EVERY_COACH_UP_TO:
                empty_label, rows = CHOOSE_A_TEAM_FIRST, []
        if chosen is not None and all(row[0] != chosen.pk for row in rows):
            rows.append(_row(chosen))  # from another team: shown chosen, beside its error
        return empty_label, _by_team(rows)


def _by_team(rows) -> list[tuple[str, list]]:
    teams: dict[str, list] = {}
    for pk, first_name, last_name, username, team, is_active in rows:
        # As User.display_name: the full name, or the username without one. A coach
        # who has left still has figures, so is still listed, and marked.
        name = f"{first_name} {last_name}".strip() or username
        name += "" if is_active else " (has left)"
        teams.setdefault(team or "No team", []).append((pk, name))
    return list(teams.items())


def _row(coach: User) -> tuple:
    """A coach as COACH_COLUMNS reads them (their team read with them by the field)."""
    team = coach.team.name if coach.team_id else None
    return (coach.pk, coach.first_name, coach.last_name, coach.username, team, coach.is_active)


class CoachChoiceField(forms.ModelChoiceField):
    iterator = CoachesByTeam
    # What the list is rendered for, once the form has read its filters (see its clean).
    team: Team | None = None
    chosen: User | None = None


class InsightsFilterForm(forms.Form):
    """The dashboard's filters, read from the query string. Bad values get a message."""

    start = forms.DateField(
        label="From", input_formats=DATE_FORMATS, required=False, widget=DateInput
    )
    end = forms.DateField(label="To", input_formats=DATE_FORMATS, required=False, widget=DateInput)
    team = ModelChoiceField(
        queryset=Team.objects.only("name"),
        required=False,
        empty_label="Every team",
    )
    coach = CoachChoiceField(
        # With their team, so that the chosen coach's team is read with them.
        queryset=User.objects.filter(role=User.Role.COACH)
        .select_related("team")
        .order_by("team__name", "first_name", "last_name", "username"),
        required=False,
        empty_label="Every coach",
    )
    contract = ModelChoiceField(
        queryset=Contract.objects.order_by("name"), required=False, empty_label="Every contract"
    )

    def clean(self):
        data = super().clean()
        # Before any error below, so that a page refused still lists what was chosen.
        self.fields["coach"].team, self.fields["coach"].chosen = data.get("team"), data.get("coach")
        default = Filters.default()
        start, end = data.get("start") or default.start, data.get("end") or default.end
        if "start" in data and "end" in data and start > end:
            raise forms.ValidationError("The period must start on or before the day it ends.")
        if "start" in data and start < EARLIEST:
            self.add_error("start", "Choose a day from the year 2000 on.")
        latest = date(timezone.localdate().year + YEARS_AHEAD, 12, 31)
        if "end" in data and end > latest:
            # A month a row: a period to the year 9999 would be a table without end.
            self.add_error("end", f"Choose a day up to {latest.day} {latest:%B %Y}.")
        team, coach = data.get("team"), data.get("coach")
        if team and coach and coach.team_id != team.pk:
            # Their people's figures would all be nought (only the budget tables, which
            # go by team, would show any): say why instead.
            self.add_error(
                "coach",
                f"{coach.display_name} is not in {team.name}: choose their team, or every team.",
            )
        contract = data.get("contract")
        if contract and coach and not contract.teams.filter(pk=coach.team_id).exists():
            self.add_error(
                "coach",
                f"{coach.display_name}'s team is not one of {contract.name}'s: choose one of "
                "its coaches, or every coach.",
            )
        data["start"], data["end"] = start, end
        return data

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            start=data["start"],
            end=data["end"],
            team=data["team"],
            coach=data["coach"],
            contract=data["contract"],
        )


class PeriodForm(PlainWords, forms.Form):
    """A period within a contract's own: for a claim, or an evaluator's extract."""

    period_start = forms.DateField(label="From", widget=DateInput)
    period_end = forms.DateField(label="To", widget=DateInput)

    def __init__(self, *args, contract: Contract, **kwargs):
        super().__init__(*args, **kwargs)
        self.contract = contract

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "Give a day on or after the first day.")
        elif start and end and (start < self.contract.starts_on or end > self.contract.ends_on):
            self.add_error(
                "period_start",
                f"Choose days within the contract, {self.contract.starts_on:%-d %B %Y} to "
                f"{self.contract.ends_on:%-d %B %Y}.",
            )
        return cleaned


class ExtractForm(PeriodForm):
    made_for = forms.CharField(
        label="Who is it for?", max_length=160, help_text="The evaluator, and their organisation."
    )


class PaymentForm(PlainWords, forms.Form):
    payer = ModelChoiceField(queryset=Payer.objects.none(), empty_label=None)
    amount = forms.DecimalField(
        label="Amount paid (£)", max_digits=12, decimal_places=2, min_value=Decimal("0.01")
    )
    paid_on = forms.DateField(label="Paid on", widget=DateInput)

    def __init__(self, *args, contract: Contract, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["payer"].queryset = contract.payers.all()


class EnrolmentForm(PlainWords, forms.Form):
    contract = ModelChoiceField(queryset=Contract.objects.none(), empty_label=None)
    enrolled_on = forms.DateField(label="Enrolled on", widget=DateInput)

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contract"].queryset = Contract.objects.filter(
            takes=Contract.Takes.ENROLLED, teams=team
        ).order_by("name")


class EndingForm(PlainWords, forms.Form):
    ended_on = forms.DateField(label="When did it end?", widget=DateInput)
    because = forms.CharField(
        label="Why did it end? In their words.",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
