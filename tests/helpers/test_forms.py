"""The form renderer writes the very markup Django's widget templates write, and choice
lists are read in one go."""

import importlib

import pytest
from django import forms
from django.db import connection
from django.forms.models import ModelChoiceIterator
from django.forms.renderers import DjangoTemplates
from django.template import engines
from django.test.utils import CaptureQueriesContext

from coaching.forms import ContactForm
from coaching.models import Theme
from helpers.forms import FormRenderer

CHOICES = [("in_person", "In person"), ("phone", 'Phone <& "quotes">'), ("", "Not said")]
GROUPED = [("Near", [("a", "Café"), ("b", "Library")]), ("Far", [("c", "Phone")]), ("d", "Other")]


class EveryWidget(forms.Form):
    name = forms.CharField(help_text="As they like to be called.", max_length=20)
    email = forms.EmailField(required=False)
    minutes = forms.IntegerField(
        required=False, widget=forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"})
    )
    secret = forms.CharField(widget=forms.PasswordInput, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    web = forms.URLField(required=False)
    when = forms.DateTimeField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    day = forms.DateField(required=False, widget=forms.DateInput(format="%Y-%m-%d"))
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    agree = forms.BooleanField(required=False)
    how = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect, help_text="Pick one.")
    where = forms.ChoiceField(choices=GROUPED, widget=forms.RadioSelect(attrs={"class": "x"}))
    what = forms.MultipleChoiceField(choices=GROUPED, widget=forms.CheckboxSelectMultiple)
    themes = forms.MultipleChoiceField(
        choices=CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )
    pick = forms.ChoiceField(choices=CHOICES, required=False)
    place = forms.ChoiceField(choices=GROUPED, widget=forms.Select(attrs={"class": "x"}))
    several = forms.MultipleChoiceField(choices=GROUPED, widget=forms.SelectMultiple)


DATA = [
    None,
    {},
    {
        "name": "Sam <b>",
        "email": "not an email",
        "minutes": "0x",
        "version": "3",
        "when": "2026-03-03T14:05",
        "day": "2026-02-30",
        "notes": "Line one\n<script>",
        "agree": "on",
        "how": "phone",
        "where": "c",
        "what": ["a", "d"],
        "themes": [""],
        "pick": "phone",
        "place": "b",
        "several": ["a", "c"],
    },
]


@pytest.mark.parametrize("data", DATA)
@pytest.mark.parametrize("auto_id", ["id_%s", False])
def test_every_widget_renders_as_djangos_templates_render_it(data, auto_id):
    theirs = EveryWidget(data, auto_id=auto_id, renderer=DjangoTemplates())
    ours = EveryWidget(data, auto_id=auto_id, renderer=FormRenderer())
    for name in EveryWidget.base_fields:
        assert str(ours[name]) == str(theirs[name]), name
    assert ours.as_div() == theirs.as_div()


def render_field(bound_field) -> str:
    return engines["django"].from_string("{% load forms %}{% field f %}").render({"f": bound_field})


def test_field_has_its_label_help_and_errors():
    html = render_field(EveryWidget({"name": ""})["name"])
    assert html.startswith('<div class="field field--error">\n  <label for="id_name">Name</label>')
    assert '<div class="helptext" id="id_name_helptext">As they like to be called.</div>' in html
    assert '<ul class="errorlist" id="id_name_error"><li>This field is required.</li></ul>' in html
    assert 'aria-invalid="true" aria-describedby="id_name_helptext id_name_error"' in html


def test_a_group_of_choices_is_a_fieldset_with_a_legend():
    html = render_field(EveryWidget()["how"])
    assert html.startswith(
        '<div class="field">\n  <fieldset aria-describedby="id_how_helptext"><legend>How</legend>'
    )
    assert html.endswith("</div>\n  </fieldset>\n</div>")
    assert render_field(EveryWidget()["agree"]).startswith('<div class="field field--checkbox">')


def test_plain_words_replace_djangos_stock_messages_and_leave_a_forms_own():
    from django import forms

    from helpers.forms import PLEASE_KEEP_TO, PlainWords

    class Said(PlainWords, forms.Form):
        name = forms.CharField(max_length=5)
        when = forms.DateField()
        own = forms.CharField(error_messages={"required": "Tell us your town."})
        how = forms.ChoiceField(choices=[("phone", "Phone")], required=False)
        much = forms.DecimalField(required=False)
        many = forms.IntegerField(required=False)

    errors = Said(
        {"name": "too long", "when": "31/02/2026", "how": "pigeon", "much": "lots", "many": "2.5"}
    ).errors
    assert errors["name"] == ["Please keep this to 5 characters (this has 8)."]
    assert errors["when"] == ["Please give a date, like 21/03/2026."]
    assert errors["how"] == ["Please choose one of the options given."]
    assert errors["much"] == ["Please give a number."]
    assert errors["many"] == ["Please give a whole number."]
    assert errors["own"] == ["Tell us your town."]
    assert Said({})["name"].errors == ["Please fill this in."]
    # The class's own field is untouched: another form built from it says Django's words.
    assert forms.CharField(max_length=5).validators[0].message != PLEASE_KEEP_TO


def test_a_person_writing_too_long_a_goal_is_told_in_plain_words(person_client):
    from django.urls import reverse

    response = person_client.post(
        reverse("coaching:me_own_words_new", args=["goal"]), {"text": "x" * 501}
    )
    assert "Please keep this to 500 characters (this has 501)." in response.content.decode()


def test_a_choice_list_is_read_again_each_time_it_is_rendered(person):
    form = ContactForm(person=person)
    Theme.objects.create(slug="pets", name="Pets", position=99)

    with CaptureQueriesContext(connection) as read:
        labels = [label for _value, label in form["themes"].field.choices]

    assert labels[-1] == "Pets"
    assert len(read) == 1


@pytest.mark.postgres
def test_a_choice_list_is_read_in_one_go_with_no_cursor_left_open_on_the_server(person):
    # Django reads choices with QuerySet.iterator(): on PostgreSQL a server-side cursor,
    # DECLARE, FETCH, FETCH and CLOSE, four round trips for the contact form's themes.
    choices = iter(ContactForm(person=person)["themes"].field.choices)
    next(choices)  # halfway through drawing the list

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_cursors")
        assert cursor.fetchone()[0] == 0
    assert len(list(choices)) == Theme.objects.count() - 1


def test_every_model_choice_field_of_ours_reads_its_choices_in_one_go():
    """Fields a ModelForm makes of a foreign key are Django's unless its Meta says."""
    modules = ["coaching.forms", "coaching.request_forms", "budgets.forms", "outcomes.forms"]
    checked = []
    for module in map(importlib.import_module, modules):
        for form in vars(module).values():
            if not (isinstance(form, type) and issubclass(form, forms.BaseForm)):
                continue
            for name, field in getattr(form, "base_fields", {}).items():
                if isinstance(field, forms.ModelChoiceField):
                    checked.append(f"{form.__name__}.{name}")
                    assert field.iterator is not ModelChoiceIterator, checked[-1]
    assert {"ContactForm.themes", "OutcomeForm.type", "FundForm.team"} <= set(checked)
