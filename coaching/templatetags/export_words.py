"""Show a downloaded section's JSON-ready values in plain words on the readable page,
in the reader's language (names of fields from coaching.export.FIELD_WORDS)."""

import re
from datetime import date, datetime

from django import template
from django.utils.functional import Promise
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

from coaching.export import FIELD_WORDS
from helpers.display import day_long, local

register = template.Library()

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}.*)?$")


@register.filter
def export_label(key: str) -> str:
    words = FIELD_WORDS.get(key)
    return str(words) if words is not None else key.replace("_", " ").capitalize()


@register.filter
def export_value(value):
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, str) and ISO_DATE.match(value):
        return _date_words(value)
    if isinstance(value, dict):
        return export_fields(value)
    if isinstance(value, list):
        if all(isinstance(item, str | Promise) for item in value):
            return ", ".join(str(item) for item in value)
        return format_html(
            '<ul class="export-list">{}</ul>',
            format_html_join("", "<li>{}</li>", ((export_value(item),) for item in value)),
        )
    return value


@register.filter
def export_fields(row: dict):
    """A row as a definition list, leaving out what is empty."""
    shown = [(k, v) for k, v in row.items() if v not in (None, "", [])]
    return format_html(
        '<dl class="export-row">{}</dl>',
        format_html_join(
            "", "<dt>{}</dt><dd>{}</dd>", ((export_label(k), export_value(v)) for k, v in shown)
        ),
    )


def _date_words(value: str) -> str:
    """3 March 2026 (in Welsh, 3 Mawrth 2026), with the time when there is one."""
    if "T" not in value:
        return day_long(date.fromisoformat(value))
    moment = local(datetime.fromisoformat(value))
    return f"{day_long(moment)}, {moment:%H:%M}"
