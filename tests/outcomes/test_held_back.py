"""Secondary suppression: a count from 1 to 4 shows as "fewer than 5", and no total,
less the figures shown beside it, gives it back."""

import csv
import io
import itertools
from decimal import Decimal

from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from budgets import services as budget_services
from coaching.models import Person
from coaching.small_counts import AddsUp, held_back_too, is_small
from outcomes.charts import bar_chart
from outcomes.insights import figures
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


def test_a_small_total_whose_parts_pin_it_hides_them_all():
    # Four "fewer than 5" under a total of "fewer than 5" are each 1, the total 4: every
    # part goes, the small counts and the noughts, leaving only "fewer than 5" in all.
    assert held(*column([1, 0, 1, 1, 0, 1])) == {(r, 0) for r in range(6)}
    assert held(*column([1, 1, 1, 1])) == {(r, 0) for r in range(4)}
    # Three under "fewer than 5" could be 1, 1 and 2 in any order, or 1, 1 and 1.
    assert held(*column([1, 0, 2, 1])) == set()
    # Two under "fewer than 5": 1 and 1, up to 3 and 1, either way round.
    assert held(*column([3, 1])) == set()


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
def test_no_row_or_column_leaves_a_small_count_one_value(body):
    """Sum by sum, what a reader can tell: the total less the figures shown, with "fewer
    than 5" for 1 to 4 and "not shown" for 5 and more, leaves each small count more than
    one value. (Chains of sums are not covered: see the README.)"""
    values, sums = grid_with_totals(body)
    more = held(values, sums)
    small = {cell for cell, n in values.items() if is_small(n)}
    # Small counts held back as "not shown" too (under a small total that pinned
    # them) are, to a reader, a "not shown" of any size: a sum with one in it pins none.
    relabelled = more & small
    # Which happens only under a total that is small itself.
    for cell in relabelled:
        assert any(cell in s.parts and s.total in small for s in sums), (body, cell)
    hidden = small | more
    for s in sums:
        if s.total not in hidden and not set(s.parts) & relabelled:
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
    # Both months with contacts are held back: no chart, one sentence instead.
    chart = bar_chart(contacts)
    assert chart.sentence and not chart.bars

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
    assert shown["Calderdale"][:5] == ["fewer than 5", "not shown", "0", "0", "not shown"]
    assert shown["Leeds North"][:5] == ["not shown", "not shown", "0", "not shown", "not shown"]
    assert shown["Everyone"][:5] == ["9", "£500.00", "0", "not shown", "not shown"]
    assert shown[fund.name][:5] == ["not shown", "not shown", "0", "not shown", "not shown"]
    waiting = shown["Not from a fund (waiting, withdrawn, declined)"]
    assert waiting[:2] == ["fewer than 5", "not shown"]
    assert "£150.00" not in response.content.decode()  # £500.00 less Leeds North's

    download = manager_client.get(reverse("budgets:manager_figures_csv", args=["by_fund"]))
    by_fund = {row[0]: row[1:6] for row in csv.reader(io.StringIO(download.content.decode()))}
    assert by_fund[fund.name] == ["not shown", "not shown", "0", "not shown", "not shown"]


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
    assert a.value("approved_sum") == "not shown"  # a small group's
    assert b.value("approved_sum") == "not shown"  # the smallest other
    assert b.value("requested_sum") == "not shown"


def test_everyones_slowest_decision_does_not_show_a_small_groups(db):
    """A small group hides its days; when its request was the slowest of all, so does
    Everyone's 'Slowest'."""
    from datetime import timedelta

    from budgets.figures import Row, _hold_back

    small = Row("A", requested=2, slowest_wait=timedelta(days=30))
    large = Row("B", requested=9, slowest_wait=timedelta(days=3))
    total = Row("Everyone", requested=11, slowest_wait=timedelta(days=30))
    _hold_back(total, {"by_team": [small, large]})
    assert small.value("slowest_days") == total.value("slowest_days") == "not shown"

    large.slowest_wait = total.slowest_wait = timedelta(days=40)
    total.held_back.clear()
    _hold_back(total, {"by_team": [small, large]})
    assert total.value("slowest_days") == 40.0
