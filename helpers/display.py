"""Dates and times as the everyday pages show them, in local time and the page's language.

Django's `date` filter parses its format string and looks up translated names on every
call, tens of microseconds each; a timeline or a list of fifty people pays that hundreds
of times a page. These give the same words for the few formats the pages use, with each
language's names of days and months looked up once. Load them
with `{% load display %}`, which also gives `{% path %}` for links repeated down a page.
A value that is not a date shows as nothing, as with Django's filters.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache

from django import template
from django.conf import settings
from django.utils import dates, formats, timezone, translation
from django.utils.html import format_html
from django.utils.timesince import timesince
from django.utils.translation import gettext

from helpers.paths import path_for

register = template.Library()


def choice_badges(choices) -> dict[str, str]:
    """Each value of a choices class (a model's TextChoices) as a badge in the page's
    language, `<span class="badge badge--{value}">{label}</span>`: made once a
    language, as a list repeats them."""
    return _choice_badges(choices, translation.get_language() or settings.LANGUAGE_CODE)


@cache
def _choice_badges(choices, language: str) -> dict[str, str]:
    with translation.override(language):
        return {
            choice.value: format_html(
                '<span class="badge badge--{}">{}</span>', choice.value, str(choice.label)
            )
            for choice in choices
        }


_translated: dict[str | None, dict[str, str]] = {}


def translated(message: str) -> str:
    """gettext for fixed words built into a page in Python, each looked up once a
    language: a page of a story asks for the same few words a hundred times, and each
    gettext walks Django's chain of catalogues. Only fixed words come here, never data
    (each is marked where it is written, `translated as _`, so the catalogue holds it)."""
    return fixed_words()(message)


def fixed_words() -> Callable[[str], str]:
    """`translated`, for a piece of a page that asks for many words: the page's
    language looked up once, not once a word (`_ = fixed_words()`, then `_("...")`)."""
    table = _translated.setdefault(translation.get_language(), {})

    def word(message: str) -> str:
        found = table.get(message)
        if found is None:
            found = table[message] = gettext(message)
        return found

    return word


@cache
def _decimal_mark(language: str) -> str:
    with translation.override(language):
        return formats.get_format("DECIMAL_SEPARATOR")


def number(value: Decimal | int) -> str:
    """A score or a change as Django's localize writes it in the page's language (its
    decimal mark; no grouping, as the settings say), without localize's look-ups of
    the language's formats on every call: a wellbeing table asks for two a row."""
    text = f"{value:f}" if isinstance(value, Decimal) else str(value)
    mark = _decimal_mark(translation.get_language() or settings.LANGUAGE_CODE)
    return text if mark == "." else text.replace(".", mark)


@dataclass(frozen=True)
class _Names:
    weekdays: tuple[str, ...]  # Mon..Sun
    months: tuple[str, ...]  # January..December
    short_months: tuple[str, ...]  # Jan..Dec


@cache
def _names_in(language: str) -> _Names:
    with translation.override(language):
        return _Names(
            weekdays=tuple(str(dates.WEEKDAYS_ABBR[d]) for d in range(7)),
            months=tuple(str(dates.MONTHS[m]) for m in range(1, 13)),
            short_months=tuple(str(dates.MONTHS_3[m]).title() for m in range(1, 13)),
        )


def local(value: date | datetime) -> date | datetime:
    """An aware datetime in Europe/London (TIME_ZONE); anything else as it is."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        # The default zone, not the current one: the app never activates another, and
        # looking up the current zone (a context-local) costs more than the conversion.
        return value.astimezone(timezone.get_default_timezone())
    return value


class DateWords:
    """Dates in one language's words, in local time; a value that is not a date is
    nothing. `date_words()` gives the page's: looked up once for a list of many dates,
    once a date by the filters below."""

    __slots__ = ("names",)

    def __init__(self, names: _Names):
        self.names = names

    def day(self, value) -> str:
        """3 Mar 2026"""
        if not isinstance(value, date):
            return ""
        value = local(value)
        return f"{value.day} {self.names.short_months[value.month - 1]} {value.year}"

    def day_long(self, value) -> str:
        """3 March 2026"""
        if not isinstance(value, date):
            return ""
        value = local(value)
        return f"{value.day} {self.names.months[value.month - 1]} {value.year}"

    def weekday(self, value) -> str:
        """Tue 3 Mar 2026"""
        if not isinstance(value, date):
            return ""
        value = local(value)
        names = self.names
        return (
            f"{names.weekdays[value.weekday()]} {value.day} "
            f"{names.short_months[value.month - 1]} {value.year}"
        )

    def weekday_time(self, value) -> str:
        """Tue 3 Mar 2026, 14:05"""
        if not isinstance(value, datetime):
            return ""
        value = local(value)
        return f"{self.weekday(value)}, {value.hour:02}:{value.minute:02}"

    def month_year(self, value) -> str:
        """Mar 2026"""
        if not isinstance(value, date):
            return ""
        value = local(value)
        return f"{self.names.short_months[value.month - 1]} {value.year}"


def date_words() -> DateWords:
    return _date_words_in(translation.get_language() or settings.LANGUAGE_CODE)


@cache
def _date_words_in(language: str) -> DateWords:
    return DateWords(_names_in(language))


@register.filter
def day(value) -> str:
    """3 Mar 2026"""
    return date_words().day(value)


@register.filter
def day_long(value) -> str:
    """3 March 2026"""
    return date_words().day_long(value)


@register.filter
def weekday(value) -> str:
    """Tue 3 Mar 2026"""
    return date_words().weekday(value)


@register.filter
def weekday_time(value) -> str:
    """Tue 3 Mar 2026, 14:05"""
    return date_words().weekday_time(value)


@register.filter
def month_year(value) -> str:
    """Mar 2026"""
    return date_words().month_year(value)


@register.filter
def iso(value) -> str:
    """For `<time datetime>`: 2026-03-03T14:05:00+00:00, or 2026-03-03 for a day."""
    return local(value).isoformat() if isinstance(value, date) else ""


class _Count:
    """ "3 days" for timesince: its own words are translatable strings, looked up and
    formatted lazily, which is most of what it costs. English only: other languages
    take Django's own, translated."""

    __slots__ = ("unit",)

    def __init__(self, unit: str):
        self.unit = unit

    def __mod__(self, values: dict) -> str:
        count = values["num"]
        return f"{count} {self.unit}" if count == 1 else f"{count} {self.unit}s"


TIME_WORDS = {unit: _Count(unit) for unit in ("year", "month", "week", "day", "hour", "minute")}


@register.filter
def ago(value) -> str:
    """How long ago, in Django's words: "3 days, 2 hours ago", or "just now"."""
    if not isinstance(value, date):
        return ""
    if (translation.get_language() or "en").startswith("en"):
        since = timesince(value, time_strings=TIME_WORDS)
        return "just now" if since.startswith("0") else f"{since} ago"
    since = timesince(value)
    if since.startswith("0"):
        return gettext("just now")
    return gettext("%(time)s ago") % {"time": since}


@register.simple_tag
def path(viewname: str, *args) -> str:
    """{% path 'coaching:contact_edit' contact.pk %}: as {% url %}, at a fraction of the cost."""
    return path_for(viewname, *args)
