"""Rules every published figure follows."""

SMALL_COUNT_LIMIT = 5


def suppressed(count: int) -> str:
    """Counts from 1 to 4 could pick somebody out, so they are never shown."""
    if 0 < count < SMALL_COUNT_LIMIT:
        return f"fewer than {SMALL_COUNT_LIMIT}"
    return f"{count:,}"


def suppressed_value(count: int) -> int | str:
    """The same rule for a spreadsheet cell: the number itself, or the words."""
    if 0 < count < SMALL_COUNT_LIMIT:
        return f"fewer than {SMALL_COUNT_LIMIT}"
    return count
