"""Show a downloaded section's JSON-ready values in plain words on the readable page."""

import re
from datetime import date, datetime

from django import template
from django.utils import timezone
from django.utils.html import format_html, format_html_join

register = template.Library()

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}.*)?$")


@register.filter
def export_label(key: str) -> str:
    return key.replace("_", " ").capitalize()


@register.filter
def export_value(value):
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, str) and ISO_DATE.match(value):
        return _date_words(value)
    if isinstance(value, dict):
        return export_fields(value)
    if isinstance(value, list):
        if all(isinstance(item, str) for item in value):
            return ", ".join(value)
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
    if "T" not in value:
        return f"{date.fromisoformat(value):%-d %B %Y}"
    return f"{timezone.localtime(datetime.fromisoformat(value)):%-d %B %Y, %H:%M}"
