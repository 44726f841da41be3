"""Forms for keeping in touch: the person's rhythm, ways and needs; asking their coach
to get in touch; and the work phone and hours a coach shows their people."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coaching.models import ContactAsk, KeepingInTouch, User
from helpers.forms import PlainWords

NOT_SAID = ("", _("I'm not sure, or I'd rather not say"))


class KeepingInTouchForm(PlainWords, forms.Form):
    """The person's answers, or their coach's with them. Ways and needs are ticks, each
    kept as its own yes or no on KeepingInTouch."""

    rhythm = forms.ChoiceField(
        label=_("How often would you like to hear from your coach?"),
        choices=[*KeepingInTouch.Rhythm.choices, NOT_SAID],
        widget=forms.RadioSelect,
        required=False,
    )
    ways = forms.MultipleChoiceField(
        label=_("Which ways suit you?"),
        help_text=_("Tick all that suit you."),
        choices=[(f, KeepingInTouch._label(f)) for f in KeepingInTouch.WAYS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    best_times = forms.CharField(
        label=_("Best times (you can leave this out)"),
        help_text=_("For example: weekday mornings, or not after 6pm."),
        max_length=120,
        required=False,
    )
    needs = forms.MultipleChoiceField(
        label=_("What helps you talk with us?"),
        help_text=_("Tick all that help you."),
        choices=[(f, KeepingInTouch._label(f)) for f in KeepingInTouch.NEEDS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    language = forms.CharField(
        label=_("Your language (you can leave this out)"),
        help_text=_(
            "The language you like to use most. If you want an interpreter, tick it above."
        ),
        max_length=60,
        required=False,
    )
    other_needs = forms.CharField(
        label=_("Anything else that helps (you can leave this out)"),
        help_text=_("In your own words."),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @classmethod
    def initial_from(cls, kept: KeepingInTouch | None) -> dict:
        if kept is None:
            return {}
        return {
            "rhythm": kept.rhythm,
            "ways": [f for f in KeepingInTouch.WAYS if getattr(kept, f)],
            "best_times": kept.best_times,
            "needs": [f for f in KeepingInTouch.NEEDS if getattr(kept, f)],
            "language": kept.language,
            "other_needs": kept.other_needs,
        }

    def answers(self) -> dict:
        """The answers as KeepingInTouch.FIELDS keeps them."""
        data = self.cleaned_data
        return {
            "rhythm": data["rhythm"],
            **{f: f in data["ways"] for f in KeepingInTouch.WAYS},
            "best_times": data["best_times"].strip(),
            "language": data["language"].strip(),
            **{f: f in data["needs"] for f in KeepingInTouch.NEEDS},
            "other_needs": data["other_needs"].strip(),
        }


class CoachKeepingInTouchForm(KeepingInTouchForm):
    """The coach writes it down with the person; they confirm it."""

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person_decided"] = forms.BooleanField(
            label=f"{person.name} told me these",
            error_messages={
                "required": f"Only {person.name} says how they like to keep in touch. "
                "Tick the box to confirm they did."
            },
        )


class ContactAskForm(PlainWords, forms.ModelForm):
    how = forms.ChoiceField(
        label=_("How should your coach get in touch?"),
        choices=ContactAsk.How.choices,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = ContactAsk
        fields = ["how", "when_suits", "words"]
        widgets = {"words": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "when_suits": _("When is good for you? (you can leave this out)"),
            "words": _("Anything you want to say? (you can leave this out)"),
        }
        help_texts = {
            "when_suits": _("For example: today after 3pm."),
            "words": _("A few words. Your coach will get in touch to talk."),
        }


class WorkContactForm(PlainWords, forms.ModelForm):
    class Meta:
        model = User
        fields = ["work_phone", "work_hours"]
        labels = {"work_phone": "Work phone (optional)", "work_hours": "When you work (optional)"}
        help_texts = {
            "work_phone": "Never a personal number.",
            "work_hours": "For example: Monday to Thursday, 9am to 5pm.",
        }
