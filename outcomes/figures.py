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
                for i, s in enumerate(sums)
                if i not in stuck and _gives_away(s, values, hidden, small)
            ),
            None,
        )
        if weak is not None:
            cell = _another(sums[weak], values, hidden, known, position)
            if cell is None:
                stuck.add(weak)
                continue
        else:
            solved = _solved(sums, hidden, protected, position)
            if solved is None:
                return more
            # Hold back another figure of a sum the solved one is in, a nought if need be.
            around = (s for s in sums if solved in s.cells)
            cell = next(
                (c for s in around if (c := _another(s, values, hidden, known, position, True))),
                None,
            )
            if cell is None:
                protected.discard(solved)  # nothing can hide it: do not ask again
                continue
        hidden.add(cell)
        more.add(cell)


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
    count is 1 to 4, and each other figure held back is nought or 5 and more (or it
    would say "fewer than 5")."""
    smalls = [c for c in held if c in small]
    if not smalls:
        return False
    together = sum(values[c] for c in held)
    others = len(held) > len(smalls)
    return any(
        sum(_adds_up(together - value, len(smalls) - 1, others) for value in range(1, 5)) <= 1
        for _ in smalls
    )


def _adds_up(rest: int, smalls: int, others: bool) -> bool:
    """Whether `smalls` counts of 1 to 4, and figures of nought or 5 and more if
    `others`, can add up to `rest`."""
    for from_smalls in range(smalls, 4 * smalls + 1):
        left = rest - from_smalls
        if left == 0 or (others and left >= SMALL_COUNT_LIMIT):
            return True
    return False


def _another(s: AddsUp, values, hidden: set, known, position, nought=False) -> Cell | None:
    """The part to hold back next: the smallest that leaves no small count pinned, or
    else the largest; the total when no part above nought is left; a nought when
    `nought` and nothing else is."""
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
    noughts = [c for c in s.parts if c not in hidden and c not in known]
    return min(noughts, key=position.get) if nought and noughts else None


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
