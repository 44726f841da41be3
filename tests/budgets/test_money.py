"""Money is Decimal pounds and pence, shown as £1,234.50, and bad amounts get clear errors."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from budgets.forms import PoundsField
from budgets.money import pounds


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (Decimal("1234.5"), "£1,234.50"),
        (Decimal("0"), "£0.00"),
        (Decimal("45"), "£45.00"),
        (Decimal("1000000"), "£1,000,000.00"),
        (Decimal("0.005"), "£0.01"),
        (Decimal("-12"), "−£12.00"),
        ("298.400000000000", "£298.40"),
        (None, ""),
        ("not money", ""),
    ],
)
def test_pounds_formats_with_separators_and_pence(amount, shown):
    assert pounds(amount) == shown


def test_the_template_filter_formats_pounds():
    rendered = Template("{% load money_tags %}{{ amount|pounds }}").render(
        Context({"amount": Decimal("1234.50")})
    )
    assert rendered == "£1,234.50"


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("45", Decimal("45.00")),
        ("45.5", Decimal("45.50")),
        ("£1,234.50", Decimal("1234.50")),
        (" £ 45 ", Decimal("45.00")),
        (".50", Decimal("0.50")),
    ],
)
def test_amounts_are_read_as_written_by_people(typed, value):
    assert PoundsField().clean(typed) == value


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "This field is required."),
        ("0", "The amount must be more than £0.00."),
        ("-5", "The amount must be more than £0.00."),
        ("12.345", "Please give pounds and pence only, like 45.50."),
        ("ten pounds", "Please write an amount in pounds and pence, like 45 or 45.50."),
        ("NaN", "Please write an amount in pounds and pence, like 45 or 45.50."),
        ("Infinity", "Please write an amount in pounds and pence, like 45 or 45.50."),
        ("5000.01", "The most this can be is £5,000.00."),
        # Not money as people write it, though Decimal would take it.
        ("1e3", "Please write an amount in pounds and pence, like 45 or 45.50."),
        ("1e999999", "Please write an amount in pounds and pence, like 45 or 45.50."),
        ("4 5", "Please write an amount in pounds and pence, like 45 or 45.50."),
        ("10,00", "Please write an amount in pounds and pence, like 45 or 45.50."),
    ],
)
def test_bad_amounts_get_a_clear_message(typed, message):
    with pytest.raises(ValidationError) as refusal:
        PoundsField().clean(typed)
    assert refusal.value.messages == [message]


def test_a_limit_of_zero_is_allowed_where_zero_means_managers_decide_everything():
    assert PoundsField(allow_zero=True).clean("0") == Decimal("0.00")


@given(st.text(max_size=30))
def test_any_typed_text_gives_a_valid_amount_or_a_message_never_a_crash(typed):
    try:
        value = PoundsField().clean(typed)
    except ValidationError as refusal:
        assert refusal.messages
    else:
        assert Decimal("0.01") <= value <= Decimal("5000.00")
        assert value == value.quantize(Decimal("0.01"))
