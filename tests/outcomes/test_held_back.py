"""Secondary suppression: a count from 1 to 4 shows as "fewer than 5", and no total,
less the figures shown beside it, gives it back."""

import csv
import io
import itertools
from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from budgets import services as budget_services
from coaching.models import Person
from outcomes.charts import bar_chart
from outcomes.figures import AddsUp, held_back_too, is_small
from outcomes.insights import Table, figures
from tests.budgets.helpers import make_fund, make_request
from tests.conftest import make_coach, make_person, make_team
from tests.outcomes.test_insights import YEAR, org  # noqa: F401 -- the fixture


def column(counts: list, total=None):
    """Rows 0..n-1 of one column, and row n their total."""
    values = {(r, 0): n for r, n in enumerate(counts)}
    values[(len(counts), 0)] = sum(counts) if total is None else total
    return values, [AddsUp((len(counts), 0), tuple((r, 0) for r in range(len(counts))))]


def held(values, sums, known=()):
    return held_back_too(values, sums, order=list(values), known=known)


def test_nothing_is_held_back_where_nothing_is_small():
    assert held(*column([5, 12, 0, 30])) == set()


def test_enough_goes_with_a_small_count_that_it_could_be_more_than_one_figure():
    # 3 held back from 60: 60 - 12 - 40 - 5 = 3. With the 5 as well, 8 is held back:
    # "fewer than 5" with "not shown" (nought, or 5 and more) could be 3 and 5, 2 and 6
    # or 1 and 7.
    assert held(*column([12, 3, 40, 5])) == {(3, 0)}
    # With a 5 beside a 2, 7 is held back: 2 and 5, or 1 and 6.
    assert held(*column([12, 2, 40, 5])) == {(3, 0)}
    # Two small counts held back together, 3 and 4, could be either way round.
    assert held(*column([12, 3, 4])) == set()
    # Two held back together as 1 and 1 could be nothing else.
    assert held(*column([12, 1, 1])) == {(0, 0)}


def test_the_total_goes_when_nothing_else_could_hide_a_small_count():
    # Of 6, "5 and fewer than 5" could only be 5 and 1.
    assert held(*column([5, 1])) == {(0, 0), (2, 0)}


def test_a_nought_is_never_what_hides_a_small_count():
    assert held(*column([0, 3, 0, 9])) == {(3, 0)}
    # "not shown" is 5 or more, so 12 and 5 held back with 1 and 1 would pin both 1s
    # (a reader cannot take the 5 for a nought and the 1s for 3 and 4).
    assert held(*column([12, 5, 1, 1])) == {(0, 0)}


def test_a_figure_a_reader_can_tell_anyway_hides_nothing():
    # An amount in words already (a small group's), beside one whose count shows nought.
    amounts = {(0, 0): Decimal("0.00"), (1, 0): "hidden", (2, 0): Decimal("70.00")}
    amounts[(3, 0)] = Decimal("70.00")
    sums = [AddsUp((3, 0), ((0, 0), (1, 0), (2, 0)))]
    assert held(amounts, sums, known={(0, 0)}) == {(2, 0)}


def test_the_same_figures_always_hide_the_same_cells():
    # Two 7s: the first goes, on every call.
    for _ in range(5):
        assert held(*column([2, 7, 7])) == {(1, 0)}


def grid_with_totals(body: list[list[int]]):
    """A table of counts with a total column on the right and a total row below, as
    the dashboard's contacts by month and how: every row and column adds up."""
    rows = [[*row, sum(row)] for row in body]
    rows.append([sum(column) for column in zip(*rows, strict=True)])
    values = {(r, c): n for r, row in enumerate(rows) for c, n in enumerate(row)}
    width, height = len(rows[0]), len(rows)
    sums = [AddsUp((r, width - 1), tuple((r, c) for c in range(width - 1))) for r in range(height)]
    sums += [
        AddsUp((height - 1, c), tuple((r, c) for r in range(height - 1))) for c in range(width)
    ]
    return values, sums


def solvable(values, sums, hidden, cell) -> bool:
    """Whether `cell` is fixed by the sums, as equations over the hidden cells: checked
    by brute force, another way than the code's, over every value 0 to 40."""
    unknown = sorted(hidden)
    # Two fillings that satisfy every sum and differ at `cell` show it is not fixed.
    others = [c for c in unknown if c != cell]
    for alternative in range(41):
        if alternative == values[cell]:
            continue
        trial = dict(values)
        trial[cell] = alternative
        if _completes(trial, sums, others):
            return False
    return True


def _completes(trial, sums, free) -> bool:
    """Whether the free cells can take values (any integers) that make every sum hold:
    a linear system, solved by rank over the rationals."""
    from fractions import Fraction

    rows, rhs = [], []
    for s in sums:
        row = [Fraction(0)] * len(free)
        constant = Fraction(0)
        for c, sign in [*((p, 1) for p in s.parts), (s.total, -1)]:
            if c in free:
                row[free.index(c)] += sign
            else:
                constant += sign * trial[c]
        rows.append(row)
        rhs.append(-constant)
    augmented = [[*r, b] for r, b in zip(rows, rhs, strict=True)]
    return _rank(rows) == _rank(augmented)


def _rank(matrix) -> int:
    from fractions import Fraction

    m = [[Fraction(x) for x in row] for row in matrix]
    rank, width = 0, len(m[0]) if m else 0
    for col in range(width):
        pivot = next((r for r in range(rank, len(m)) if m[r][col]), None)
        if pivot is None:
            continue
        m[rank], m[pivot] = m[pivot], m[rank]
        for r in range(len(m)):
            if r != rank and m[r][col]:
                factor = m[r][col] / m[rank][col]
                m[r] = [x - factor * y for x, y in zip(m[r], m[rank], strict=True)]
        rank += 1
    return rank


@settings(max_examples=60, deadline=None)
@given(
    st.integers(2, 4).flatmap(
        lambda width: st.lists(
            st.lists(
                st.sampled_from([0, 1, 2, 3, 4, 5, 6, 7, 9, 12, 20]), min_size=width, max_size=width
            ),
            min_size=2,
            max_size=4,
        )
    )
)
def test_no_small_count_in_a_table_that_adds_up_both_ways_can_be_worked_out(body):
    values, sums = grid_with_totals(body)
    more = held(values, sums)
    small = {cell for cell, n in values.items() if is_small(n)}
    assert not more & small
    hidden = small | more
    for cell in small:
        assert not solvable(values, sums, hidden, cell), (body, cell, sorted(hidden))
    for s in sums:
        if s.total not in hidden:
            for cell in small & set(s.parts):
                assert len(possible(values, s, hidden, small, cell)) > 1, (body, s, cell)


def possible(values, s, hidden, small, cell) -> set[int]:
    """What a small count in a sum could be, to a reader who sees the total and the
    shown parts and knows that a "fewer than 5" is 1 to 4 and a "not shown" is 5 and
    more: every filling of the other small counts, tried."""
    held = [c for c in s.parts if c in hidden]
    rest = values[s.total] - sum(values[c] for c in s.parts if c not in hidden)
    others = [c for c in held if c in small and c != cell]
    secondary = sum(1 for c in held if c not in small)
    found = set()
    for value in range(1, 5):
        for filling in itertools.product(range(1, 5), repeat=len(others)):
            left = rest - value - sum(filling)
            if left == 0 if not secondary else left >= 5 * secondary:
                found.add(value)
    return found


def test_the_dashboard_holds_back_a_month_that_would_give_away_a_small_one(manager_client, org):  # noqa: F811
    """Meg's people: 6 contacts in March, 3 (fewer than 5) in April, 9 in the year.
    Shown, March's 6 would give away April's 3; so it is not shown, in the table, the
    chart and the download; who reached out in March, 4 and 2, adds up to it, and shows
    only "fewer than 5" twice."""
    found = figures(YEAR)
    contacts = found.tables["contacts"]
    shown = {row[0]: row[1] for row in contacts.shown_rows()}
    assert (shown["Mar 2025"], shown["Apr 2025"], shown["Whole period"]) == (
        "not shown",
        "fewer than 5",
        "9",
    )
    who = {row[0]: row[1:] for row in found.tables["reached_out"].shown_rows()}
    assert who["Mar 2025"] == ["fewer than 5", "fewer than 5"]
    march = next(bar for bar in bar_chart(contacts).bars if bar.text == "not shown")
    assert march.width == 0

    page = manager_client.get(reverse("outcomes:insights") + "?start=2025-01-01&end=2025-12-31")
    assert "“not shown”" in page.content.decode()
    download = manager_client.get(
        reverse("outcomes:insights_csv", args=["contacts"]) + "?start=2025-01-01&end=2025-12-31"
    )
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    by_month = {row[0]: row[1] for row in rows[1:]}
    assert (by_month["Mar 2025"], by_month["Apr 2025"], by_month["Whole period"]) == (
        "not shown",
        "fewer than 5",
        "9",
    )


def test_the_budget_figures_hold_back_what_the_total_would_give_away(manager_client, manager):
    """Leeds North asks 7 times, all approved; Calderdale twice, waiting. Of 9, Leeds
    North's 7 would give Calderdale's 2 away, on every table of the page; and a fund's
    requests are all approved, so its approvals go too, and the total approved."""
    leeds, calderdale = make_coach("meg"), make_coach("dan", team=make_team("Calderdale", "C"))
    fund = make_fund(team=None, total="5000.00")
    for i in range(7):
        request = make_request(make_person(f"L{i}", leeds, with_login=False), "50.00", by=leeds)
        budget_services.request_approve(budget_request=request, fund=fund, by=manager)
    for i in range(2):
        make_request(make_person(f"C{i}", calderdale, with_login=False), "75.00", by=calderdale)
    assert Person.objects.count() == 9

    response = manager_client.get(reverse("budgets:manager_figures"))
    shown = {
        row.label: row.shown_cells()
        for key in ("by_team", "by_fund")
        for row in [*response.context[key], response.context["total"]]
    }
    # Requested, asked for, withdrawn, approved, approved amount.
    assert shown["Calderdale"][:5] == ["fewer than 5", "hidden", "0", "0", "hidden"]
    assert shown["Leeds North"][:5] == ["hidden", "hidden", "0", "hidden", "hidden"]
    assert shown["Everyone"][:5] == ["9", "£500.00", "0", "hidden", "hidden"]
    assert shown[fund.name][:5] == ["hidden", "hidden", "0", "hidden", "hidden"]
    waiting = shown["Not from a fund (waiting, withdrawn, declined)"]
    assert waiting[:2] == ["fewer than 5", "hidden"]
    assert "£150.00" not in response.content.decode()  # £500.00 less Leeds North's

    download = manager_client.get(reverse("budgets:manager_figures_csv", args=["by_fund"]))
    by_fund = {row[0]: row[1:6] for row in csv.reader(io.StringIO(download.content.decode()))}
    assert by_fund[fund.name] == ["hidden", "hidden", "0", "hidden", "hidden"]


@pytest.mark.parametrize(
    "body",
    [
        # A review's example, by month (rows) and how (columns): (31 - 14) - 7 - (15 - 6)
        # once gave March's 1 contact in person.
        [[7, 0, 6], [6, 2, 6], [1, 0, 3]],
        # Safe sum by sum, yet the row of 1s solved through the columns (found by the
        # generated tables above, with the check of all the sums at once taken out).
        [[0, 0, 0, 2], [0, 0, 1, 1], [0, 1, 2, 5]],
    ],
)
def test_a_chain_of_subtractions_through_rows_and_columns_solves_nothing(body):
    values, sums = grid_with_totals(body)
    small = {cell for cell, n in values.items() if is_small(n)}
    hidden = small | held(values, sums)
    assert all(not solvable(values, sums, hidden, cell) for cell in small)


@pytest.mark.parametrize(
    "body",
    [
        # In person and phone in March: 7, both fewer than 5, so in person is 3 or 4; in
        # person over the year is 8 with April's not shown (5 or more), so at most 3.
        [[3, 4], [5, 5]],
        # 1 and 6 make 7 and the 6 is not shown (5 or more), so the 1 is 1.
        [[1, 6, 6], [9, 4, 9]],
    ],
)
def test_no_small_count_is_narrowed_to_one_value_across_rows_and_columns(body):
    """What each hidden figure could be, narrowed sum by sum (a small count 1 to 4, one
    not shown 5 or more), leaves every small count more than one value."""
    values, sums = grid_with_totals(body)
    small = {cell for cell, n in values.items() if is_small(n)}
    hidden = small | held(values, sums)
    for cell in small:
        assert len(fillings(values, sums, hidden, small, cell)) > 1, (cell, sorted(hidden))


def fillings(values, sums, hidden, small, cell) -> set[int]:
    """Every value of `cell` in some filling of all the hidden cells that satisfies
    every sum: small counts 1 to 4, the others from 5 to the least total shown that they
    are part of. Brute force."""
    cells = sorted(hidden)

    def top(cell):
        shown = [values[s.total] for s in sums if cell in s.parts and s.total not in hidden]
        return min(shown, default=max(values.values()))

    ranges = [range(1, 5) if c in small else range(5, top(c) + 1) for c in cells]
    found = set()
    for filling in itertools.product(*ranges):
        trial = values | dict(zip(cells, filling, strict=True))
        if all(adds_up(trial, s) for s in sums):
            found.add(trial[cell])
    return found


def adds_up(trial, s) -> bool:
    parts = sum(trial[p] for p in s.parts)
    return parts == trial[s.total] if s.exact else parts <= trial[s.total]


def test_a_count_that_needs_two_more_figures_held_back_gets_them():
    """A third review's rows: 6 asked, none withdrawn, 5 approved, 1 declined (fewer
    than 5), beside 8 asked and approved. With no more decided than asked, 6 asked
    less 5 approved pins the 1; holding back the 5, or one count asked, is not enough."""
    names = ["requested", "withdrawn", "approved", "declined"]
    rows = {"a": [6, 0, 5, 1], "b": [8, 0, 8, 0], "all": [14, 0, 13, 1]}
    values = {(r, n): v for r, figures in rows.items() for n, v in zip(names, figures, strict=True)}
    sums = [AddsUp(("all", n), (("a", n), ("b", n))) for n in names]
    sums += [AddsUp((r, "requested"), tuple((r, n) for n in names[1:]), exact=False) for r in rows]
    small = {cell for cell, n in values.items() if is_small(n)}
    hidden = small | held(values, sums)
    assert len(fillings(values, sums, hidden, small, ("a", "declined"))) > 1, sorted(hidden)


def test_all_approved_gives_away_no_hidden_amount_on_the_budget_figures(db):
    """A review's teams: B's 6 requests were all approved, so a reader knows its amount
    approved is its amount asked for. Hidden beside A's small group's, B's amount
    approved would give A's away (£1,400 less B's £300 less D's £1,000) if its amount
    asked for were shown."""
    from budgets.figures import Row, _hold_back

    def row(label, requested, asked, approved=0, approved_sum="0", declined=0):
        return Row(
            label,
            requested=requested,
            requested_sum=Decimal(asked),
            approved=approved,
            approved_sum=Decimal(approved_sum),
            declined=declined,
        )

    a = row("A", 3, "150.00", 2, "100.00", declined=1)
    b = row("B", 6, "300.00", 6, "300.00")
    c = row("C", 5, "200.00", declined=5)
    d = row("D", 20, "2000.00", 5, "1000.00", declined=15)
    total = row("Everyone", 34, "2650.00", 13, "1400.00", declined=21)
    _hold_back(total, {"by_team": [a, b, c, d]})
    assert a.value("approved_sum") == "hidden"  # a small group's
    assert b.value("approved_sum") == "hidden"  # the smallest other
    assert b.value("requested_sum") == "hidden"


def test_no_more_approved_than_asked_gives_nothing_away_on_the_dashboard():
    """Food: fewer than 5 asked, none approved; Travel: 8 approved. Of 9 asked in all,
    Travel's asked for held back alone is at least its 8 approved, so Food's is 1."""
    table = Table(
        key="budgets",
        title="Personal budgets",
        columns=["For", "Requested", "Approved", "Declined", "Asked (£)", "Paid (£)"],
        rows=[
            ["Food", 1, 0, 0, "not shown", "not shown"],
            ["Travel", 8, 8, 0, Decimal("800.00"), Decimal("800.00")],
            ["All requests", 9, 8, 0, Decimal("850.00"), Decimal("800.00")],
        ],
    )
    table.add_totals_below([1, 2, 3, 4, 5])
    for r in range(3):
        table.sums.append(AddsUp((r, 1), ((r, 2), (r, 3)), exact=False))
    shown = {row[0]: row[1:3] for row in table.shown_rows()}
    assert shown["Food"][0] == "fewer than 5"
    # Travel's approvals go with its requests, or the total does.
    assert "not shown" in (shown["Travel"][1], shown["All requests"][0])
