"""Forms for asking for a coach, and for the team inbox."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from coaching.forms import EarlierRecordFields
from coaching.models import CoachRequest, Team
from helpers.forms import ModelChoiceField, PlainWords

EMAIL_IN_TEXT = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
MIN_PHONE_DIGITS = 7
NOT_SURE = ""


def team_with_area(team: Team) -> str:
    """A team's name, and its area where the name does not already say it."""
    return team.name if team.area.lower() in team.name.lower() else f"{team.name} ({team.area})"


class AskForm(PlainWords, forms.Form):
    name = forms.CharField(
        label=_("What should we call you?"),
        max_length=120,
        help_text=_("A first name or a nickname is fine."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    reach_by = forms.ChoiceField(
        label=_("How can a coach reach you?"),
        choices=CoachRequest.ReachBy.choices,
        initial=CoachRequest.ReachBy.PHONE,
        widget=forms.RadioSelect,
    )
    reach_details = forms.CharField(
        label=_("Your number, email, or where and when"),
        max_length=500,
        help_text=_(
            "A phone number or email. Or a place and a time you're usually there. "
            "Or the name of someone who can pass on a message, and how to reach them."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    area = forms.ChoiceField(label=_("Where are you?"), required=False)
    message = forms.CharField(
        label=_("Anything you'd like us to know (optional)"),
        max_length=2000,
        required=False,
        help_text=_("You don't need to tell us anything else. A good time to call is useful."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    passed_on = forms.BooleanField(
        label=_("I work for another organisation and I'm passing this on for someone"),
        required=False,
    )
    passed_on_by = forms.CharField(
        label=_("Your organisation (only if passing this on)"), max_length=200, required=False
    )
    # The honeypot: hidden from sight, and labelled so a screen reader says to leave it.
    website = forms.CharField(
        label=_("Leave this empty. It is here to stop automated messages."),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        areas = Team.objects.order_by("area").values_list("area", flat=True).distinct()
        self.fields["area"].choices = [(NOT_SURE, _("Not sure"))] + [(a, a) for a in areas]

    @property
    def visible_fields_in_order(self):
        return [self[name] for name in self.fields if name != "website"]

    def is_automated(self) -> bool:
        return bool(self.data.get("website", "").strip())

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError("Please tell us what to call you.")
        return name

    def clean(self):
        cleaned = super().clean()
        reach_by, details = cleaned.get("reach_by"), cleaned.get("reach_details", "")
        if reach_by and details:
            problem = _reach_problem(reach_by, details)
            if problem:
                self.add_error("reach_details", problem)
        if cleaned.get("passed_on") and not cleaned.get("passed_on_by"):
            self.add_error("passed_on_by", _("Please give the name of your organisation."))
        if cleaned.get("passed_on_by") and not cleaned.get("passed_on"):
            self.add_error(
                "passed_on",
                _("Tick this if you are passing this on, or leave your organisation empty."),
            )
        return cleaned

    def request_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "reach_by": data["reach_by"],
            "reach_details": data["reach_details"],
            "area": data["area"],
            "message": data["message"],
            "passed_on_by": data["passed_on_by"] if data["passed_on"] else "",
        }


def _reach_problem(reach_by: str, details: str) -> str:
    if reach_by == CoachRequest.ReachBy.PHONE:
        if sum(ch.isdigit() for ch in details) < MIN_PHONE_DIGITS:
            return _("Please give a phone number, like 07700 900123.")
    elif reach_by == CoachRequest.ReachBy.EMAIL:
        if not EMAIL_IN_TEXT.search(details):
            return _("Please give an email address, like name@example.com.")
    elif len(details) < 3:
        return _("Please tell us a little more, so a coach can find you.")
    return ""


class TakeRequestForm(EarlierRecordFields, forms.Form):
    person_agreed = forms.BooleanField(required=False)

    def __init__(self, *args, coach_request, matches=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.coach_request = coach_request
        self.offer_earlier(matches)
        if coach_request.is_passed_on:
            field = self.fields["person_agreed"]
            field.required = True
            field.label = f"I have met {coach_request.name} and they told me they want a coach"
            field.error_messages["required"] = (
                f"{coach_request.passed_on_by} passed this on. Coaching begins only when "
                f"{coach_request.name} wants it: tick to confirm they told you so."
            )
        else:
            del self.fields["person_agreed"]

    def clean(self):
        cleaned = super().clean()
        self.check_agreed(cleaned)
        return cleaned


class PassRequestForm(PlainWords, forms.Form):
    to_team = ModelChoiceField(Team.objects.none(), label="Pass to")
    note = forms.CharField(
        label="Why (optional)",
        max_length=500,
        required=False,
        help_text="For the other team. The person may read this later.",
    )

    def __init__(self, *args, current_team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_team"].queryset = Team.objects.exclude(pk=current_team.pk).order_by("name")
        self.fields["to_team"].label_from_instance = team_with_area


class DifferentCoachForm(PlainWords, forms.Form):
    """The person asks for a different coach; saying why is up to them."""

    words = forms.CharField(
        label=_("Why? (You don't have to say.)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The coaches in your coach's team will read this. Your coach can too."),
    )
