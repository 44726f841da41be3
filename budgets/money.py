"""Money, one unit everywhere: Decimal pounds with two places of pence."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

PENNY = Decimal("0.01")
# The most one request can be: a personal budget buys a course or a sofa, not a car.
MAX_REQUEST = Decimal("5000.00")
# The most a fund can hold.
MAX_FUND = Decimal("10000000.00")


def to_pence(amount) -> Decimal:
    """Whole pence. SQLite hands back a sum of money as a float made Decimal, e.g.
    272.700000000000; PostgreSQL's are exact already."""
    return Decimal(amount).quantize(PENNY, rounding=ROUND_HALF_UP)


def pounds(amount) -> str:
    """£1,234.50; a negative amount as −£12.00; nothing as an empty string."""
    if amount is None or amount == "":
        return ""
    try:
        value = to_pence(amount)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    sign = "−" if value < 0 else ""
    return f"{sign}£{abs(value):,.2f}"
