"""Forms for a coach's reflections and a team's learning sessions."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from coaching.forms import EARLIEST_YEAR, DateInput
from coaching.models import LearningSession, Person, Reflection, Relationship, Team
from helpers.forms import ModelChoiceField, PlainWords


class ReflectionForm(PlainWords, forms.ModelForm):
    person = ModelChoiceField(
        Person.objects.none(),
        required=False,
        empty_label="Nobody: it is about my work",
        label="Is it about one person? (optional)",
        help_text=(
            "Only people who keep notes of your conversations are listed. If you choose "
            "someone, this becomes part of their record: they can read it, and see who reads it."
        ),
    )

    class Meta:
        model = Reflection
        fields = ["noticed", "helped", "got_in_the_way", "person", "shared_with_manager"]
        widgets = {
            "noticed": forms.Textarea(attrs={"rows": 4}),
            "helped": forms.Textarea(attrs={"rows": 3}),
            "got_in_the_way": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "noticed": "What I noticed",
            "helped": "What helped",
            "got_in_the_way": "What got in the way",
            "shared_with_manager": "Share this with my team's manager",
        }
        help_texts = {
            "noticed": "About your work, not about one person: please name nobody here.",
            "shared_with_manager": "Only you can read it unless you tick this. "
            "You can change it later.",
        }

    def __init__(self, *args, coach, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.coach = coach
        self.fields["person"].queryset = (
            Person.objects.for_coach(coach)
            .filter(share_notes=True, current_relationship__state__in=Relationship.OPEN_STATES)
            .order_by("name", "pk")
        )


class LearningSessionForm(PlainWords, forms.ModelForm):
    team = ModelChoiceField(Team.objects.none(), label="Team")

    class Meta:
        model = LearningSession
        fields = ["team", "held_on", "themes_found", "notes"]
        widgets = {
            "held_on": DateInput,
            "themes_found": forms.Textarea(attrs={"rows": 4}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"held_on": "When it was held", "themes_found": "Themes we found"}
        help_texts = {
            "themes_found": "One a line. About the team's work: please name nobody.",
        }

    def __init__(self, *args, manager, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.recorded_by = manager
        teams = Team.objects.order_by("name")
        self.fields["team"].queryset = (
            teams if manager.team_id is None else teams.filter(pk=manager.team_id)
        )
        self.fields["held_on"].initial = timezone.localdate()

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise ValidationError("Please give a day that has come already.")
        if held_on.year < EARLIEST_YEAR:
            raise ValidationError(f"Please give a date from {EARLIEST_YEAR} on.")
        return held_on
