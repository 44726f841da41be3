"""Forms for the person's own words in their story (coaching.story_words)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coaching.models import Correction, PersonEntry
from helpers.forms import PlainWords


class PersonEntryForm(PlainWords, forms.ModelForm):
    class Meta:
        model = PersonEntry
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}
        labels = {"text": _("What do you want to add to your story?")}
        help_texts = {"text": _("In your own words. It goes in your story with today's date.")}


class CorrectionAskForm(PlainWords, forms.ModelForm):
    class Meta:
        model = Correction
        fields = ["asked_words"]
        widgets = {"asked_words": forms.Textarea(attrs={"rows": 4})}
        labels = {"asked_words": _("What is wrong, and what should it say?")}
        help_texts = {
            "asked_words": _("Your coach will read this and answer. Nothing is changed until then.")
        }


class CorrectionAnswerForm(PlainWords, forms.ModelForm):
    answer = forms.ChoiceField(
        label="Your answer",
        choices=[
            (Correction.Answer.CORRECTED, "Add a correction, shown beside the entry"),
            (Correction.Answer.NOT_CORRECTED, "Do not change it, and say why"),
        ],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Correction
        fields = ["answer", "answer_words"]
        widgets = {"answer_words": forms.Textarea(attrs={"rows": 4})}
        labels = {"answer_words": "The correction, or why not"}
        help_texts = {"answer_words": "They read this beside the entry and their ask. Plain words."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer_words"].required = True
