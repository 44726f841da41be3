import pytest
from django.utils.html import conditional_escape, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from helpers.escaping import esc, paragraphs


@pytest.mark.parametrize(
    "value",
    [
        "plain",
        'Tom & Jerry\'s <b>"caf\u00e9"</b>',
        mark_safe("<em>ours</em>"),
        gettext_lazy("Please choose <one> of these"),
        mark_safe(gettext_lazy("<i>lazy and safe</i>")),  # noqa: S308 - our own words
        42,
        None,
    ],
)
def test_esc_is_conditional_escape(value):
    assert esc(value) == conditional_escape(value)
    assert hasattr(esc(value), "__html__")


@pytest.mark.parametrize(
    "text",
    [
        "One line",
        "Two\nlines & a <tag>",
        "First paragraph.\n\nSecond, after a blank line.\n\n\n\nThird, after three.",
        "Windows\r\nlines\r\n\r\nand an old Mac\rline",
        "",
        "\n\nStarts and ends blank\n\n",
    ],
)
def test_paragraphs_is_djangos_linebreaks(text):
    assert paragraphs(text) == linebreaks(text, autoescape=True)
