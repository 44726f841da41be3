"""Rules every published figure follows."""

from collections import deque
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

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
    (the labels say which is small: "fewer than 5" against "not shown", 5 and more);
    never a nought, which adds nothing; the total itself when nothing else is left.
    Then every figure held back for its own sake is checked against all the sums at
    once, as linear equations, since one sum solved can solve another, and by narrowing
    what each could be; one still pinned down hides more. `order` is every cell,
    in the order the reader sees them: ties go to the first, so the same figures always
    hide the same cells. `known`: cells a reader can tell whatever is shown (an amount
    whose count shows nought).
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
            # all noughts or held back, one near it that frees it (_freeing).
            around = (s for s in equations if found in s.cells)
            cell = next(
                (c for s in around if (c := _another(s, values, hidden, known, position))), None
            ) or _freeing(found, sums, values, hidden, small, known, position)
            if cell is None:
                protected.discard(found)  # nothing can hide it: do not ask again
                continue
        hidden.add(cell)
        more.add(cell)


FREEING_TRIES = 2
FREEING_RINGS = 3


def _freeing(found, sums, values, hidden, small, known, position) -> Cell | None:
    """A figure shown (above nought) near `found` to hold back so that it is no longer
    pinned down, by the equations or by narrowing: the smallest that frees it alone,
    among the first FREEING_TRIES; else the smallest, and more after it. Near: in the
    sums that reach it through figures held back, then a ring of sums further, up to
    FREEING_RINGS. None when holding back every figure that near would not free it
    either (the labels alone pin it down)."""
    equations = [s for s in sums if s.exact]

    def pinned(held) -> bool:
        return bool(
            _solved(equations, held, {found}, position)
            or _narrowed_to_one(sums, values, held, small, {found}, position)
        )

    near = _reached(found, sums, hidden)
    for _ in range(FREEING_RINGS):
        shown = near - hidden - set(known)
        candidates = sorted(
            (c for c in shown if values[c] != 0), key=lambda c: (values[c], position[c])
        )
        if candidates and not pinned(hidden | set(candidates)):
            freeing = (c for c in candidates[:FREEING_TRIES] if not pinned(hidden | {c}))
            return next(freeing, candidates[0])
        wider = {cell for s in sums if near & set(s.cells) for cell in s.cells}
        if wider == near:
            return None
        near = wider
    return None


def _reached(found, sums, hidden) -> set:
    """The cells of the sums that reach `found` through figures held back."""
    reach, todo, near = {found}, [found], set()
    while todo:
        cell = todo.pop()
        for s in sums:
            if cell in s.cells:
                near.update(s.cells)
                for other in s.cells:
                    if other in hidden and other not in reach:
                        reach.add(other)
                        todo.append(other)
    return near


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
    if not all(is_figure(values[c]) for c in held):
        return True  # words beside a small count: nothing to reckon with, so hide more
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


# Equations are reduced modulo this prime, a Mersenne prime, rather than over the
# rationals: whole numbers keep a two-year table's check in milliseconds. Their
# coefficients are 1 and -1, so a rank could differ from the rationals' only were the
# prime to divide a determinant of them, which never happens at these sizes in practice.
PRIME = 2**61 - 1


def _solved(sums: list[AddsUp], unknown: set, protected: set, position) -> Cell | None:
    """A figure held back for its own sake that the sums, as equations over the figures
    not shown, pin down; None when none is. Reduced row echelon form, each row a dict of
    its few cells: a cell is pinned down when the row it leads has no other cell."""
    rows: dict = {}  # leading cell -> {cell: coefficient}, the leading one 1
    for s in sums:
        row: dict = {}
        for cell in s.parts:
            if cell in unknown:
                row[cell] = row.get(cell, 0) + 1
        if s.total in unknown:
            row[s.total] = row.get(s.total, 0) - 1
        row = {cell: value % PRIME for cell, value in row.items() if value % PRIME}
        for lead in [cell for cell in row if cell in rows]:
            _subtract(row, rows[lead], row.get(lead, 0))
        if not row:
            continue
        lead = min(row, key=position.get)
        inverse = pow(row[lead], PRIME - 2, PRIME)
        row = {cell: value * inverse % PRIME for cell, value in row.items()}
        for other in rows.values():
            if lead in other:
                _subtract(other, row, other[lead])
        rows[lead] = row
    pinned = (c for c in protected if c in rows and len(rows[c]) == 1)
    return min(pinned, key=position.get, default=None)


def _subtract(row: dict, other: dict, factor) -> None:
    """row -= factor * other (modulo PRIME), dropping cells that come to nought."""
    if not factor:
        return
    for cell, value in other.items():
        left = (row.get(cell, 0) - factor * value) % PRIME
        if left:
            row[cell] = left
        else:
            row.pop(cell, None)


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
    # Sum by sum, again for each sum whose cells a narrowing changed.
    live = [s for s in sums if s.total is not None]
    touching: dict = {}
    for i, s in enumerate(live):
        for cell in s.cells:
            touching.setdefault(cell, []).append(i)
    queue, queued = deque(range(len(live))), set(range(len(live)))
    for _ in range(NARROWING_ROUNDS * len(live)):
        if not queue:
            break
        i = queue.popleft()
        queued.discard(i)
        for cell in _narrow(live[i], bounds):
            for j in touching[cell]:
                if j not in queued:
                    queue.append(j)
                    queued.add(j)
    pinned = (c for c in protected if c in bounds and bounds[c][0] == bounds[c][1])
    return min(pinned, key=position.get, default=None)


def _narrow(s: AddsUp, bounds: dict) -> list[Cell]:
    """Narrow the bounds of a sum's cells by the others'; the cells that changed."""
    changed = []
    low = sum(bounds[c][0] for c in s.parts)
    high = _Upper([bounds[c][1] for c in s.parts])
    total_low, total_high = bounds[s.total]
    new_total = (max(total_low, low), min(total_high, high.all()) if s.exact else total_high)
    if new_total != bounds[s.total] and new_total[0] <= new_total[1]:
        bounds[s.total] = new_total
        changed.append(s.total)
    total_low, total_high = bounds[s.total]
    for cell in s.parts:
        cell_low, cell_high = bounds[cell]
        new_high = min(cell_high, total_high - (low - cell_low))
        new_low = cell_low
        if s.exact:
            new_low = max(cell_low, total_low - high.without(cell_high))
        if (new_low, new_high) != (cell_low, cell_high) and new_low <= new_high:
            bounds[cell] = (new_low, new_high)
            changed.append(cell)
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
