"""Rules every published figure follows."""

from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

SMALL_COUNT_LIMIT = 5
# A figure held back because, with a total and the figures beside it, it would give
# away a count from 1 to 4.
HELD_BACK = "not shown"

Cell = Hashable  # where a figure is in its tables, say (row, column)


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


def is_figure(value) -> bool:
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool)


@dataclass(frozen=True)
class AddsUp:
    """Cells that add up to a total the reader can see: `total` in the same tables, or
    None when it is shown somewhere this rule does not hold back (another page)."""

    total: Cell | None
    parts: tuple[Cell, ...]
    # False: the parts add up to no more than the total (approvals and refusals, say,
    # against requests). Only narrows what a reader can tell; never solved for.
    exact: bool = True

    @property
    def cells(self) -> tuple[Cell, ...]:
        return self.parts if self.total is None else (*self.parts, self.total)


def held_back_too(
    values: Mapping[Cell, object],
    sums: Iterable[AddsUp],
    order: Sequence[Cell],
    known: Collection[Cell] = (),
) -> set[Cell]:
    """The figures to hold back besides the small counts, so that none of those can be
    worked out from the figures shown.

    A small count held back in a sum is given away by the total less the rest, so more
    of the sum is held back until the small count could be more than one of 1 to 4
    (the labels say which is small: "fewer than 5" against "not shown", nought or 5 and
    more); never a nought, which adds nothing; the total itself when nothing else is
    left. Then every small count is checked against all the sums at once, as linear
    equations, since one sum solved can solve another; one still found is protected by
    holding back more of its sums. `order` is every cell, in the order the reader sees
    them: ties go to the first, so the same figures always hide the same cells. `known`:
    cells a reader can tell whatever is shown (an amount whose count shows nought).
    """
    sums = list(sums)
    equations = [s for s in sums if s.exact]
    position = {cell: i for i, cell in enumerate(order)}
    in_sums = {cell for s in sums for cell in s.cells}
    hidden = {c for c in in_sums if not is_figure(values[c]) or is_small(values[c])}
    hidden -= set(known)  # a figure a reader can tell anyway is as good as shown
    protected = set(hidden)
    small = {c for c in hidden if is_small(values[c])}
    more: set[Cell] = set()
    stuck: set[int] = set()  # sums with nothing left to hold back (a total shown elsewhere)
    while True:
        weak = next(
            (
                i
                for i, s in enumerate(equations)
                if i not in stuck and _gives_away(s, values, hidden, small)
            ),
            None,
        )
        if weak is not None:
            cell = _another(equations[weak], values, hidden, known, position)
            if cell is None:
                stuck.add(weak)
                continue
        else:
            found = _solved(equations, hidden, protected, position) or _narrowed_to_one(
                sums, values, hidden, small, protected, position
            )
            if found is None:
                return more
            # Hold back another figure of a sum the found one is in; or, when those are
            # all noughts or held back, the first figure anywhere that frees it.
            around = (s for s in equations if found in s.cells)
            cell = next(
                (c for s in around if (c := _another(s, values, hidden, known, position))), None
            ) or _freeing(found, sums, values, hidden, small, known, position)
            if cell is None:
                protected.discard(found)  # nothing can hide it: do not ask again
                continue
        hidden.add(cell)
        more.add(cell)


def _freeing(found, sums, values, hidden, small, known, position) -> Cell | None:
    """The smallest figure shown (above nought) whose holding back leaves `found` no
    longer pinned down, by the equations or by narrowing; None when there is none."""
    equations = [s for s in sums if s.exact]
    shown = {c for s in equations for c in s.cells} - hidden - set(known)
    for cell in sorted(
        (c for c in shown if values[c] != 0), key=lambda c: (values[c], position[c])
    ):
        trial = hidden | {cell}
        if not _solved(equations, trial, {found}, position) and not _narrowed_to_one(
            sums, values, trial, small, {found}, position
        ):
            return cell
    return None


def _gives_away(s: AddsUp, values, hidden: set, small: set) -> bool:
    held = [c for c in s.cells if c in hidden]
    if not held or len(held) == len(s.cells):
        return False
    if len(held) == 1:
        return True
    if s.total in hidden:
        return False  # left to the check of all the sums at once
    return _pins_a_small(held, values, small)


def _pins_a_small(held: list, values, small: set) -> bool:
    """Whether the figures held back in a sum, whose total less the rest the reader
    can work out, leave one of its small counts a single possible value: each small
    count is 1 to 4, and each other figure held back is 5 or more (or it would say
    "fewer than 5"; a nought is never held back)."""
    smalls = [c for c in held if c in small]
    if not smalls:
        return False
    together = sum(values[c] for c in held)
    others = len(held) - len(smalls)
    return any(
        sum(_adds_up(together - value, len(smalls) - 1, others) for value in range(1, 5)) <= 1
        for _ in smalls
    )


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
    if s.total is not None and s.total not in hidden and s.total not in known:
        return s.total
    return None


def _solved(sums: list[AddsUp], unknown: set, protected: set, position) -> Cell | None:
    """A figure held back for its own sake that the sums, as equations over the figures
    not shown, pin down; None when none is."""
    columns = sorted(unknown, key=position.get)
    index = {cell: i for i, cell in enumerate(columns)}
    rows = []
    for s in sums:
        row = [Fraction(0)] * len(columns)
        for cell in s.parts:
            if cell in index:
                row[index[cell]] += 1
        if s.total in index:
            row[index[s.total]] -= 1
        if any(row):
            rows.append(row)
    reduced = _row_echelon(rows)
    for cell in sorted(protected & unknown, key=position.get):
        if _in_span(reduced, index[cell], len(columns)):
            return cell
    return None


def _row_echelon(rows: list[list[Fraction]]) -> list[tuple[int, list[Fraction]]]:
    """Reduced rows, each with its pivot column."""
    reduced: list[tuple[int, list[Fraction]]] = []
    for row in rows:
        row = _reduce(row, reduced)
        pivot = next((i for i, x in enumerate(row) if x), None)
        if pivot is None:
            continue
        row = [x / row[pivot] for x in row]
        reduced = [(p, _eliminate(r, row, pivot)) for p, r in reduced]
        reduced.append((pivot, row))
    return reduced


def _reduce(row, reduced):
    for pivot, other in reduced:
        if row[pivot]:
            row = _eliminate(row, other, pivot)
    return row


def _eliminate(row, by, pivot):
    factor = row[pivot]
    return [x - factor * y for x, y in zip(row, by, strict=True)] if factor else row


def _in_span(reduced, column: int, width: int) -> bool:
    """Whether the equations fix this one unknown on its own."""
    unit = [Fraction(0)] * width
    unit[column] = Fraction(1)
    return not any(_reduce(unit, reduced))


NO_LIMIT = Decimal("Infinity")
NARROWING_ROUNDS = 50


def _narrowed_to_one(sums: list[AddsUp], values, hidden: set, small: set, protected, position):
    """A figure held back for its own sake that a reader pins down by narrowing what
    each figure not shown could be, sum by sum, until nothing narrows further: a small
    count is 1 to 4, another count held back 5 or more, an amount nought or more. (In
    March, in person and phone add up to 7, both fewer than 5, so in person is 3 or 4;
    in person over the year is 8, with April's not shown, so March's is 3 at most.)
    None when none is."""
    bounds = {}
    for cell in {c for s in sums for c in s.cells}:
        value = values[cell]
        if cell not in hidden:
            shown = value if is_figure(value) else 0  # words a reader knows are nought
            bounds[cell] = (shown, shown)
        elif cell in small:
            bounds[cell] = (1, SMALL_COUNT_LIMIT - 1)
        elif isinstance(value, int) and not isinstance(value, bool):
            bounds[cell] = (SMALL_COUNT_LIMIT, NO_LIMIT)
        else:
            bounds[cell] = (0, NO_LIMIT)  # an amount, or words in its place
    for _ in range(NARROWING_ROUNDS):
        if not any([_narrow(s, bounds) for s in sums if s.total is not None]):
            break
    pinned = (c for c in protected if c in bounds and bounds[c][0] == bounds[c][1])
    return min(pinned, key=position.get, default=None)


def _narrow(s: AddsUp, bounds: dict) -> bool:
    """Narrow the bounds of a sum's cells by the others'; whether any changed."""
    changed = False
    low = sum(bounds[c][0] for c in s.parts)
    high = _Upper([bounds[c][1] for c in s.parts])
    total_low, total_high = bounds[s.total]
    new_total = (max(total_low, low), min(total_high, high.all()) if s.exact else total_high)
    if new_total != bounds[s.total]:
        bounds[s.total], changed = new_total, True
    total_low, total_high = bounds[s.total]
    for cell in s.parts:
        cell_low, cell_high = bounds[cell]
        new_high = min(cell_high, total_high - (low - cell_low))
        new_low = cell_low
        if s.exact:
            new_low = max(cell_low, total_low - high.without(cell_high))
        if (new_low, new_high) != (cell_low, cell_high) and new_low <= new_high:
            bounds[cell], changed = (new_low, new_high), True
    return changed


class _Upper:
    """A sum of upper bounds, some without limit, less one of them: without the
    infinity arithmetic that has no answer (no limit less no limit)."""

    def __init__(self, highs):
        self.unlimited = sum(1 for h in highs if h == NO_LIMIT)
        self.limited = sum(h for h in highs if h != NO_LIMIT)

    def all(self):
        return NO_LIMIT if self.unlimited else self.limited

    def without(self, high):
        if high == NO_LIMIT:
            return NO_LIMIT if self.unlimited > 1 else self.limited
        return NO_LIMIT if self.unlimited else self.limited - high
