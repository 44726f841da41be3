"""Secondary suppression: a count from 1 to 4 shows as "fewer than 5", and no total,
less the figures shown beside it, gives it back."""

import csv
import io
from decimal import Decimal

from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from budgets import services as budget_services
from coaching.models import Person
from outcomes.charts import bar_chart
from outcomes.figures import held_back_too, is_small
from outcomes.insights import figures
from tests.budgets.helpers import make_fund, make_request
from tests.conftest import make_coach, make_person, make_team
from tests.outcomes.test_insights import YEAR, org  # noqa: F401 -- the fixture


def column_with_total(counts: list[int]):
    """Rows 0..n-1 of one column, and row n their total."""
    values = {(r, 0): n for r, n in enumerate(counts)} | {(len(counts), 0): sum(counts)}
    return values, [list(values)], {(len(counts), 0)}


def test_nothing_is_held_back_where_nothing_is_small():
    assert held_back_too(*column_with_total([5, 12, 0, 30])) == set()


def test_the_smallest_other_figure_goes_with_a_small_one():
    # 3 hidden, total 60: without more, 60 - 12 - 40 - 5 = 3.
    assert held_back_too(*column_with_total([12, 3, 40, 5])) == {(3, 0)}


def test_a_nought_goes_only_when_no_other_figure_is_left_and_the_total_last():
    assert held_back_too(*column_with_total([0, 3, 7])) == {(2, 0)}
    # Words already in a figure's place (an amount a small group hides) count as held back.
    amounts = {(0, 0): 0, (1, 0): "hidden", (2, 0): 0, (3, 0): Decimal("70.00")}
    assert held_back_too(amounts, [list(amounts)], {(3, 0)}) == {(0, 0)}
    alone = {(0, 0): "hidden", (1, 0): Decimal("70.00")}
    assert held_back_too(alone, [list(alone)], {(1, 0)}) == {(1, 0)}
    # One row, its total the same figure: the total shows "fewer than 5" already.
    assert held_back_too(*column_with_total([3])) == set()


def test_two_small_figures_in_a_column_need_nothing_more():
    assert held_back_too(*column_with_total([2, 3, 40])) == set()


def grid_with_totals(body: list[list[int]]):
    """A table of counts with a total column on the right and a total row below, as
    the dashboard's contacts by month and how: every row and column adds up."""
    rows = [[*row, sum(row)] for row in body]
    rows.append([sum(column) for column in zip(*rows, strict=True)])
    values = {(r, c): n for r, row in enumerate(rows) for c, n in enumerate(row)}
    width, height = len(rows[0]), len(rows)
    sums = [[(r, c) for c in range(width)] for r in range(height)]
    sums += [[(r, c) for r in range(height)] for c in range(width)]
    totals = {(r, width - 1) for r in range(height)} | {(height - 1, c) for c in range(width)}
    return values, sums, totals


@given(
    st.lists(st.lists(st.integers(0, 30), min_size=2, max_size=5), min_size=2, max_size=6).filter(
        lambda rows: len({len(r) for r in rows}) == 1
    )
)
def test_no_row_or_column_is_left_with_a_single_figure_to_work_out(body):
    values, sums, totals = grid_with_totals(body)
    more = held_back_too(values, sums, totals)
    hidden = {cell for cell, n in values.items() if is_small(n)} | more
    assert not more & {cell for cell, n in values.items() if is_small(n)}
    for group in sums:
        assert sum(cell in hidden for cell in group) != 1, (body, group, hidden)


def test_the_dashboard_holds_back_a_month_that_would_give_away_a_small_one(manager_client, org):  # noqa: F811
    """Meg's people: 6 contacts in March, 3 (fewer than 5) in April, 9 in the year.
    Shown, March's 6 would give away April's 3; so it is not shown, in the table, the
    chart, who reached out and the download."""
    found = figures(YEAR)
    contacts = found.tables["contacts"]
    shown = {row[0]: row[1] for row in contacts.shown_rows()}
    assert (shown["Mar 2025"], shown["Apr 2025"], shown["Whole period"]) == (
        "not shown",
        "fewer than 5",
        "9",
    )
    who = {row[0]: row[1:] for row in found.tables["reached_out"].shown_rows()}
    assert who["Mar 2025"] == ["not shown", "not shown"]
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
    """Leeds North asks 6 times, Calderdale twice: from the total of 8, Leeds North's
    6 (and its money) would give Calderdale's away, on every table of the page."""
    leeds, calderdale = make_coach("meg"), make_coach("dan", team=make_team("Calderdale", "C"))
    fund = make_fund(team=None, total="5000.00")
    for i in range(6):
        request = make_request(make_person(f"L{i}", leeds, with_login=False), "50.00", by=leeds)
        budget_services.request_approve(budget_request=request, fund=fund, by=manager)
    for i in range(2):
        make_request(make_person(f"C{i}", calderdale, with_login=False), "75.00", by=calderdale)
    assert Person.objects.count() == 8

    response = manager_client.get(reverse("budgets:manager_figures"))
    by_team = {row.label: row.shown_cells() for row in response.context["by_team"]}
    assert by_team["Calderdale"][:2] == ["fewer than 5", "hidden"]
    assert by_team["Leeds North"][:2] == ["hidden", "hidden"]
    assert response.context["total"].shown_cells()[:2] == ["8", "£450.00"]
    assert "£150.00" not in response.content.decode()  # £450.00 less Leeds North's

    download = manager_client.get(reverse("budgets:manager_figures_csv", args=["by_fund"]))
    by_fund = {row[0]: row[1:4] for row in csv.reader(io.StringIO(download.content.decode()))}
    assert by_fund[fund.name] == ["hidden", "hidden", "0"]
    assert by_fund["Not from a fund (waiting, withdrawn, declined)"][:2] == [
        "fewer than 5",
        "hidden",
    ]


def test_a_contracts_small_value_is_not_given_away_by_its_total():
    values = {(0, 6): Decimal("4000.00"), (1, 6): "not shown", (2, 6): Decimal("900.00")}
    assert held_back_too(values, [list(values)]) == {(2, 6)}
