"""Rules every published figure follows."""

from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from decimal import Decimal

SMALL_COUNT_LIMIT = 5
# A figure held back because, with a total and the figures beside it, it would give
# away a count from 1 to 4.
HELD_BACK = "not shown"

Cell = Hashable  # where a figure is in its table, say (row, column)


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


def is_small(value) -> bool:
    """A count from 1 to 4, which is never shown."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < SMALL_COUNT_LIMIT


def held_back_too(
    values: Mapping[Cell, object],
    sums: Iterable[Sequence[Cell]],
    totals: Collection[Cell] = (),
) -> set[Cell]:
    """The figures to hold back besides the small counts, so that none of those can be
    worked out by subtraction.

    `sums`: groups of cells that add up to a total the reader can see, the total among
    them (or shown in another table, and then left out). A group with exactly one figure
    held back gives it away: the total less the rest. So one more of its figures is held
    back, the smallest (a total, named in `totals`, only when nothing else is left: it is
    what a reader most needs), and again until no group has exactly one. A cell that is
    not a number (words already in its place) counts as held back.
    """
    groups = [list(group) for group in sums]
    hidden = {
        cell
        for group in groups
        for cell in group
        if is_small(values[cell]) or not isinstance(values[cell], (int, Decimal))
    }
    more: set[Cell] = set()
    changed = True
    while changed:
        changed = False
        for group in groups:
            if sum(cell in hidden for cell in group) != 1:
                continue
            left = [cell for cell in group if cell not in hidden]
            if not left:
                continue
            # The smallest figure above nought; a nought only when there is none.
            cell = min(left, key=lambda c: (c in totals, values[c] == 0, values[c], c))
            hidden.add(cell)
            more.add(cell)
            changed = True
    return more
