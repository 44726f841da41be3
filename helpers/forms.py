"""Forms, written faster: the form renderer and the `{% field %}` tag.

Django renders every widget through small templates (input, attrs, and for a radio
button or checkbox four per option); the contact form spent most of its time there.
`FormRenderer` writes the commonest widgets in Python instead, in exactly the markup
Django's own templates write (tests/helpers/test_forms.py renders both and compares),
so labels, ids, `checked`, `required` and aria attributes stay as they were. Any other
template (a whole form, an error list) renders as Django renders it.

`PlainWords` gives the forms people and staff fill in our words for Django's stock
messages. `ModelChoiceField` and `ModelMultipleChoiceField` read their choices in one
round trip to the database.
"""

from collections.abc import Callable

from django import forms, template
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.forms.renderers import DjangoTemplates
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from helpers.escaping import esc

register = template.Library()


# Django's commonest stock messages, as our pages say them. Django's own
# ("This field is required.", "Ensure this value has at most 500 characters (it has
# 5000).", "Enter a valid date.") read as a system talking, not as us.
PLEASE_FILL_IN = _("Please fill this in.")
PLEASE_KEEP_TO = _("Please keep this to %(limit_value)s characters (this has %(show_value)s).")
PLEASE_GIVE_A_DATE = _("Please give a date, like 21/03/2026.")
PLEASE_CHOOSE = _("Please choose one of the options given.")
PLEASE_GIVE_A_NUMBER = _("Please give a number.")
PLEASE_GIVE_A_WHOLE_NUMBER = _("Please give a whole number.")


class KeepTo(MaxLengthValidator):
    """Django's MaxLengthValidator in our words, its numbers as we write them: "keep
    this to 2,000 characters (this has 1,000,000)"."""

    message = PLEASE_KEEP_TO

    def __call__(self, value):
        length = self.clean(value)
        if length > self.limit_value:
            params = {"limit_value": f"{self.limit_value:,}", "show_value": f"{length:,}"}
            raise ValidationError(self.message, code=self.code, params=params)


class PlainWords:
    """Django's stock messages in our words, on the forms people and staff fill in
    (allauth's take theirs from coaching.adapters; the dashboard's filters, read from a
    query string, keep Django's). A message a form sets itself is left as it is."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stock = forms.Field.default_error_messages["required"]
        for field in self.fields.values():
            if field.error_messages.get("required") == stock:
                field.error_messages["required"] = PLEASE_FILL_IN
            if (
                field.error_messages.get("invalid")
                == forms.DateField.default_error_messages["invalid"]
            ):
                field.error_messages["invalid"] = PLEASE_GIVE_A_DATE
            invalid = field.error_messages.get("invalid")
            if invalid == forms.DecimalField.default_error_messages["invalid"]:
                field.error_messages["invalid"] = PLEASE_GIVE_A_NUMBER
            if invalid == forms.IntegerField.default_error_messages["invalid"]:
                field.error_messages["invalid"] = PLEASE_GIVE_A_WHOLE_NUMBER
            if field.error_messages.get("invalid_choice") in (
                forms.ChoiceField.default_error_messages["invalid_choice"],
                forms.ModelChoiceField.default_error_messages["invalid_choice"],
                forms.ModelMultipleChoiceField.default_error_messages["invalid_choice"],
            ):
                field.error_messages["invalid_choice"] = PLEASE_CHOOSE
            # New validators, not the old ones changed: a field's validators can be
            # shared with the class's, or a model's.
            field.validators = [
                KeepTo(v.limit_value)
                if type(v) is MaxLengthValidator and v.message == MaxLengthValidator.message
                else v
                for v in field.validators
            ]


class ChoicesInOneRead(forms.models.ModelChoiceIterator):
    """A choice field's rows read as one list, in one round trip to the database.

    Django reads them with QuerySet.iterator(), which on PostgreSQL opens a server-side
    cursor: DECLARE, FETCH, FETCH and CLOSE, four round trips for the contact form's ten
    themes. Our choice lists are short (themes, teams, funds, a team's coaches). Each
    read is a fresh query, as Django's is, so a list is never older than its page.
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class ModelChoiceField(forms.ModelChoiceField):
    iterator = ChoicesInOneRead


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = ChoicesInOneRead


def html_attrs(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html: ` name="value"`, a bare ` name` for True."""
    return "".join(
        f" {esc(name)}" if value is True else f' {esc(name)}="{esc(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input_html(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{esc(widget["value"])}"'
    attrs = html_attrs(widget["attrs"])
    return f'<input type="{esc(widget["type"])}" name="{esc(widget["name"])}"{value}{attrs}>'


def _input(widget: dict) -> SafeString:
    """django/forms/widgets/input.html"""
    return mark_safe(_input_html(widget))  # noqa: S308 -- escaped piece by piece


def _textarea(widget: dict) -> SafeString:
    """django/forms/widgets/textarea.html"""
    return format_html(
        '<textarea name="{}"{}>\n{}</textarea>',
        widget["name"],
        mark_safe(html_attrs(widget["attrs"])),  # noqa: S308 -- escaped piece by piece
        widget["value"] or "",
    )


def _option(option: dict) -> str:
    """django/forms/widgets/input_option.html as radio_option.html includes it."""
    field = _input_html(option)
    if not option["wrap_label"]:
        return f"{field}\n\n\n"
    label_for = f' for="{esc(option["attrs"]["id"])}"' if option["attrs"].get("id") else ""
    return f"<label{label_for}>{field}\n {esc(option['label'])}</label>\n\n"


def _multiple_input(widget: dict) -> SafeString:
    """django/forms/widgets/multiple_input.html: radio buttons, checkboxes."""
    parts = ["<div"]
    if widget["attrs"].get("id"):
        parts.append(f' id="{esc(widget["attrs"]["id"])}"')
    if widget["attrs"].get("class"):
        parts.append(f' class="{esc(widget["attrs"]["class"])}"')
    parts.append(">")
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f"\n  <div><label>{esc(group)}</label>")
        for option in options:
            parts += ["<div>\n    ", _option(option), "</div>"]
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return mark_safe("".join(parts))  # noqa: S308 -- escaped piece by piece


def _select(widget: dict) -> SafeString:
    """django/forms/widgets/select.html with select_option.html: a select of a hundred
    options (the dashboard's coaches, by team) costs tens of ms through the templates."""
    parts = [f'<select name="{esc(widget["name"])}"{html_attrs(widget["attrs"])}>']
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f'\n  <optgroup label="{esc(group)}">')
        for option in options:
            parts.append(
                f'\n  <option value="{esc(str(option["value"]))}"{html_attrs(option["attrs"])}>'
                f"{esc(option['label'])}</option>\n"
            )
        if group:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308 -- escaped piece by piece


INPUTS = ["text", "number", "email", "url", "password", "hidden", "search", "tel"]
WRITERS: dict[str, Callable[[dict], SafeString]] = {
    **{f"django/forms/widgets/{name}.html": _input for name in INPUTS},
    "django/forms/widgets/checkbox.html": _input,
    "django/forms/widgets/date.html": _input,
    "django/forms/widgets/datetime.html": _input,
    "django/forms/widgets/time.html": _input,
    "django/forms/widgets/input.html": _input,
    "django/forms/widgets/textarea.html": _textarea,
    "django/forms/widgets/select.html": _select,
    "django/forms/widgets/radio.html": _multiple_input,
    "django/forms/widgets/checkbox_select.html": _multiple_input,
}


class FormRenderer(DjangoTemplates):
    """Django's template renderer, with the widgets above written in Python.

    Only for Django's own template names: a project that overrides one of those
    templates must take it out of WRITERS.
    """

    def render(self, template_name, context, request=None):
        write = WRITERS.get(template_name)
        if write is None:
            return super().render(template_name, context, request)
        return write(context["widget"])


@register.simple_tag
def field(bound_field) -> SafeString:
    """{% field form.place %}: a label (a legend for a group of choices), help text,
    errors and the widget, in a `div.field`: one shape for every form in the app.
    Label and help text are escaped, unless made safe with format_html."""
    errors = bound_field.errors
    classes = "field"
    if errors:
        classes += " field--error"
    if bound_field.widget_type == "checkbox":
        classes += " field--checkbox"
    if bound_field.use_fieldset:
        describedby = bound_field.aria_describedby
        opening = format_html(
            "<fieldset{}><legend>{}</legend>",
            format_html(' aria-describedby="{}"', describedby) if describedby else "",
            bound_field.label,
        )
    else:
        opening = format_html(
            '<label for="{}">{}</label>', bound_field.id_for_label, bound_field.label
        )
    help_text = ""
    if bound_field.help_text:
        # Escaped as any other text: a help text may carry a person's name. One that
        # is meant as HTML is made with format_html, and so passes as it is.
        help_text = format_html(
            '\n  <div class="helptext" id="{}_helptext">{}</div>',
            bound_field.auto_id,
            bound_field.help_text,
        )
    closing = "\n  </fieldset>" if bound_field.use_fieldset else ""
    return format_html(
        '<div class="{}">\n  {}{}\n  {}\n  {}' + closing + "\n</div>",
        classes,
        opening,
        help_text,
        errors or "",
        bound_field,
    )
