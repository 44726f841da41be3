"""The fast display filters say exactly what Django's own filters say, in London time."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import translation
from django.utils.formats import localize

from budgets.models import BudgetRequest
from helpers import display
from helpers.paths import path_for, path_of_each

FORMATS = {
    "day": "j M Y",
    "day_long": "j F Y",
    "weekday": "D j M Y",
    "weekday_time": "D j M Y, H:i",
    "month_year": "M Y",
    "iso": "c",
}


def moments():
    """Every month, both sides of the clocks changing, and midnight either side of it."""
    start = datetime(2025, 1, 1, 0, 0, 7, 120, tzinfo=UTC)
    for hours in range(0, 24 * 400, 17):
        yield start + timedelta(hours=hours)
    yield datetime(2026, 3, 29, 0, 59, tzinfo=UTC)  # 00:59 GMT, before the clocks go forward
    yield datetime(2026, 3, 29, 1, 0, tzinfo=UTC)  # 02:00 BST
    yield datetime(2026, 10, 24, 23, 30, tzinfo=UTC)  # 00:30 BST on the 25th


def test_display_filters_match_djangos_date_filter():
    template = engines["django"].from_string(
        "|".join(f"{{{{ value|date:'{fmt}' }}}}" for fmt in FORMATS.values())
    )
    for moment in moments():
        ours = "|".join(getattr(display, name)(moment) for name in FORMATS)
        assert ours == template.render({"value": moment}), moment


def test_display_filters_match_for_days():
    for name, fmt in FORMATS.items():
        if name == "weekday_time":
            continue
        rendered = engines["django"].from_string(f"{{{{ value|date:'{fmt}' }}}}")
        for day in (date(2026, 1, 1), date(2026, 9, 30), date(2024, 2, 29)):
            assert getattr(display, name)(day) == rendered.render({"value": day})


@pytest.mark.parametrize("name", [*FORMATS, "ago"])
def test_nothing_shows_for_no_date(name):
    assert getattr(display, name)(None) == ""
    assert getattr(display, name)("") == ""


@pytest.mark.parametrize(
    "span",
    [
        timedelta(minutes=1),
        timedelta(minutes=59),
        timedelta(hours=1, minutes=1),
        timedelta(days=1),
        timedelta(days=8, hours=2),
        timedelta(days=40, hours=3),
        timedelta(days=366),
        timedelta(days=800, hours=5),
    ],
)
def test_ago_says_what_timesince_says(span):
    template = engines["django"].from_string("{{ value|timesince }} ago")
    value = datetime.now(UTC) - span
    assert display.ago(value) == template.render({"value": value})


@pytest.mark.parametrize(
    ("span", "welsh"),
    [
        (timedelta(minutes=2, seconds=5), "2 funud yn ôl"),
        (timedelta(hours=3, minutes=1, seconds=5), "3 awr, 1 munud yn ôl"),
        (timedelta(days=2, hours=1, seconds=5), "2 ddiwrnod, 1 awr yn ôl"),
        (timedelta(days=15, seconds=5), "2 wythnos, 1 diwrnod yn ôl"),
        (timedelta(days=400), "1 flwyddyn, 1 mis yn ôl"),
    ],
)
def test_ago_in_welsh_is_all_in_welsh(span, welsh):
    """Django's own Welsh has no words for timesince's counts, and joins two with a
    comma and no space: ours has both. Django keeps each number with its word."""
    with translation.override("cy"):
        said = display.ago(datetime.now(UTC) - span)
    assert said.replace("\xa0", " ") == welsh


@pytest.mark.parametrize(
    ("viewname", "args"),
    [
        ("coaching:person", [12]),
        ("coaching:contact_edit", [7]),
        ("coaching:record_decision", [3, "pause"]),
        ("coaching:me_own_words_edit", ["goal", 41]),
        ("coaching:coach_home", []),
    ],
)
def test_path_for_is_reverse(viewname, args):
    assert path_for(viewname, *args) == reverse(viewname, args=args)
    other = [arg + 1000 if isinstance(arg, int) else arg for arg in args]
    assert path_for(viewname, *other) == reverse(viewname, args=other)


@pytest.mark.parametrize("viewname", ["coaching:person", "coaching:contact_edit"])
def test_path_of_each_is_reverse(viewname):
    path_of = path_of_each(viewname)
    assert [path_of(pk) for pk in (7, 1234)] == [reverse(viewname, args=[pk]) for pk in (7, 1234)]


def test_badges_and_fixed_words_follow_the_pages_language():
    with translation.override("en-gb"):
        english = display.choice_badges(BudgetRequest.Status)["requested"]
        assert display.translated("Paid") == "Paid"
    with translation.override("cy"):
        welsh = display.choice_badges(BudgetRequest.Status)["requested"]
        assert display.translated("Paid") != "Paid"
    assert english == '<span class="badge badge--requested">Waiting for a decision</span>'
    assert welsh.startswith('<span class="badge badge--requested">') and welsh != english


@pytest.mark.parametrize("language", ["en-gb", "cy", "fr"])
def test_number_is_what_localize_writes(language):
    values = [Decimal("47"), Decimal("23.5"), Decimal("-3.25"), Decimal("0.0"), 52, -4]
    with translation.override(language):
        assert [display.number(v) for v in values] == [localize(v) for v in values]
