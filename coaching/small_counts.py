"""The small-count rule, in one place: no published figure may pick somebody out.

A count from 1 to 4 is never shown; it reads "fewer than 5" (`FEWER_THAN`), on a
page, in a download and in `manage.py insights` alike. A figure that, with a total
and the figures beside it, would give such a count away is held back too
(`held_back_too`) and reads "not shown". Every app's figures for managers and
funders follow it; who is counted at all is the reporting rule (coaching/reporting.py).
"""

from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

SMALL_COUNT_LIMIT = 5
# The one wording of a small count, wherever a figure is read.
FEWER_THAN = f"fewer than {SMALL_COUNT_LIMIT}"
# A figure held back because, with a total and the figures beside it, it would give
# away a count from 1 to 4.
HELD_BACK = "not shown"

Cell = Hashable  # where a figure is in its tables, say (row, column)


def is_small(value) -> bool:
    """A count from 1 to 4: it could pick somebody out, so it is never shown."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < SMALL_COUNT_LIMIT


def suppressed(count: int) -> str:
    """A count as a page shows it: "fewer than 5" when small."""
    return FEWER_THAN if is_small(count) else f"{count:,}"


def suppressed_value(count: int) -> int | str:
    """The same rule for a spreadsheet cell: the number itself, or the words."""
    return FEWER_THAN if is_small(count) else count


def share(part: int, n: int) -> str:
    """`part` of `n` people as a whole percentage; of fewer than 5 people, "not shown"
    (the share would point at somebody), of nobody "none"."""
    if n < SMALL_COUNT_LIMIT:
        return HELD_BACK if n else "none"
    return f"{(Decimal(part) * 100 / n).quantize(Decimal('1'), ROUND_HALF_UP)}%"


def is_figure(value) -> bool:
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool)


@dataclass(frozen=True)
class AddsUp:
    """Cells (`parts`) that add up to a total the reader sees, in the same tables."""

    total: Cell
    parts: tuple[Cell, ...]

    @property
    def cells(self) -> tuple[Cell, ...]:
        return (*self.parts, self.total)


def held_back_too(
    values: Mapping[Cell, object],
    sums: Iterable[AddsUp],
    order: Sequence[Cell],
    known: Collection[Cell] = (),
) -> set[Cell]:
    """The figures to hold back besides the small counts, so that no total, less the
    figures shown beside it, gives one of those back.

    A small count held back in a sum is given away by the total less the rest, so more
    of the sum is held back until the small count could be more than one of 1 to 4
    (the labels say which is small: "fewer than 5" against "not shown", 5 and more);
    never a nought, which adds nothing; the total itself when nothing else is left.
    Under a total that is small itself, whose label alone may pin its parts (four
    "fewer than 5" under it are each 1), every part is held back, noughts too.
    Sum by sum only: a reader who chains sums (one row's total less its figures, into a
    column's) may still work a count out; see the README. `order` is every cell,
    in the order the reader sees them: ties go to the first, so the same figures always
    hide the same cells. `known`: cells a reader can tell whatever is shown (an amount
    whose count shows nought).
    """
    sums = list(sums)
    position = {cell: i for i, cell in enumerate(order)}
    in_sums = {cell for s in sums for cell in s.cells}
    hidden = {c for c in in_sums if not is_figure(values[c]) or is_small(values[c])}
    hidden -= set(known)  # a figure a reader can tell anyway is as good as shown
    small = {c for c in hidden if is_small(values[c])}
    more: set[Cell] = set()
    stuck: set[int] = set()  # sums with nothing left to hold back but noughts
    while True:
        weak = next(
            (
                i
                for i, s in enumerate(sums)
                if i not in stuck and _gives_away(s, values, hidden, small)
            ),
            None,
        )
        if weak is None:
            return more
        if sums[weak].total in small:
            # A total under 5 whose parts pin a count (four "fewer than 5" under it are
            # each 1): every part is held back, its small counts and noughts too, so the
            # reader sees only that the total is under 5.
            rest = {c for c in sums[weak].parts if c not in known}
            hidden |= rest
            more |= rest
            stuck.add(weak)
            continue
        cell = _another(sums[weak], values, hidden, known, position)
        if cell is None:
            stuck.add(weak)
            continue
        hidden.add(cell)
        more.add(cell)


def _gives_away(s: AddsUp, values, hidden: set, small: set) -> bool:
    held = [c for c in s.cells if c in hidden]
    if not held:
        return False
    if s.total in small:
        # "Fewer than 5" itself: 1 to 4, which with its parts' labels may pin them.
        return _small_total_pins(s, values, hidden, small)
    if len(held) == 1:
        return True
    if s.total in hidden:
        return False  # two unknowns or more in one sum: it alone gives none of them
    return _pins_a_small(held, values, small)


def _small_total_pins(s: AddsUp, values, hidden: set, small: set) -> bool:
    """Whether a total of 1 to 4, less the parts shown, leaves it or one of its small
    parts a single possible value: four parts of "fewer than 5" under a total of
    "fewer than 5" are each 1, and the total 4."""
    parts = [c for c in s.parts if c in hidden]
    if not all(is_figure(values[c]) for c in s.cells):
        return True
    shown = sum(values[c] for c in s.parts if c not in hidden)
    smalls = len([c for c in parts if c in small])
    others = len(parts) - smalls
    totals = [t for t in range(1, 5) if _adds_up(t - shown, smalls, others)]
    parts_could_be = [
        v
        for v in range(1, 5)
        if smalls and any(_adds_up(t - shown - v, smalls - 1, others) for t in totals)
    ]
    return len(totals) <= 1 or (smalls > 0 and len(parts_could_be) <= 1)


def _pins_a_small(held: list, values, small: set) -> bool:
    """Whether the figures held back in a sum, whose total less the rest the reader
    can work out, leave one of its small counts a single possible value: each small
    count is 1 to 4, and each other figure held back is 5 or more (or it would say
    "fewer than 5"; a nought is never held back)."""
    smalls = [c for c in held if c in small]
    if not smalls:
        return False
    if not all(is_figure(values[c]) for c in held):
        return True  # words beside a small count: nothing to reckon with, so hide more
    together = sum(values[c] for c in held)
    others = len(held) - len(smalls)
    # Every small count can be what any other can: one of them stands for all.
    could_be = [v for v in range(1, 5) if _adds_up(together - v, len(smalls) - 1, others)]
    return len(could_be) <= 1


def _adds_up(rest: int, smalls: int, others: int) -> bool:
    """Whether `smalls` counts of 1 to 4 and `others` figures of 5 or more can add up to
    `rest`."""
    for from_smalls in range(smalls, 4 * smalls + 1):
        left = rest - from_smalls
        if left == 0 if not others else left >= SMALL_COUNT_LIMIT * others:
            return True
    return False


def _another(s: AddsUp, values, hidden: set, known, position) -> Cell | None:
    """The part to hold back next: the smallest that leaves no small count pinned, or
    else the largest; the total when no part above nought is left. Never a nought,
    which would hide nothing from a reader who knows a held-back figure is 5 or more."""
    left = [c for c in s.parts if c not in hidden and c not in known and values[c] != 0]
    if left:
        held = [c for c in s.cells if c in hidden]
        small = {c for c in held if is_small(values[c])}
        enough = [c for c in left if not _pins_a_small([*held, c], values, small)]
        if enough:
            return min(enough, key=lambda c: (values[c], position[c]))
        return max(left, key=lambda c: (values[c], -position[c]))
    if s.total not in hidden and s.total not in known:
        return s.total
    return None
