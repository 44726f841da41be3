"""Budget figures for managers: by fund, by team, and what the money was for.

Everything starts from `coaching.reporting.counted`, so people who turned
reporting off are left out; counts from 1 to 4 show as "fewer than 5".
A group of fewer than 5 requests, the total included, does not show its money and
days either (`Row.small`); and where a total, less the rest of its table, would give
such a figure away, another is not shown as well (`_hold_back`). Both read "not
shown", as on every page (coaching/small_counts.py).
"""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, DurationField, ExpressionWrapper, F, Max, Q, Sum

from budgets.models import BudgetRequest, Category, Fund
from budgets.money import pounds, to_pence
from coaching import reporting
from coaching.models import Person, Team
from coaching.small_counts import HELD_BACK, AddsUp, held_back_too, is_small, suppressed
from helpers.db import Median

S = BudgetRequest.Status
APPROVED_OR_PAID = Q(status__in=[S.APPROVED, S.PAID])
MONEY_SUMS = ["requested_sum", "approved_sum", "paid_sum"]
DECIDED = Q(decided_at__isnull=False)
WAIT = ExpressionWrapper(F("decided_at") - F("requested_at"), output_field=DurationField())


# A Row's figures after the group's name, as Row.cells() gives them, under their column
# headings in a download.
FIGURES = [
    ("requested", "Requested"),
    ("requested_sum", "Asked for (£)"),
    ("withdrawn", "Withdrawn"),
    ("approved", "Approved"),
    ("approved_sum", "Approved amount (£)"),
    ("declined", "Declined"),
    ("paid_sum", "Paid (£)"),
    ("median_days", "Days to decide, median"),
    ("slowest_days", "Slowest"),
]
FIELDS = [name for name, _ in FIGURES]
COLUMNS = [heading for _, heading in FIGURES]
# The figures a total adds up; those a small group hides.
ADDING_UP = FIELDS[:7]
HIDDEN_IF_SMALL = {*MONEY_SUMS, "median_days", "slowest_days"}


@dataclass
class Row:
    label: str
    requested: int = 0
    requested_sum: Decimal = Decimal("0.00")
    withdrawn: int = 0
    approved: int = 0
    approved_sum: Decimal = Decimal("0.00")
    declined: int = 0
    paid_sum: Decimal = Decimal("0.00")
    median_wait: timedelta | None = None
    slowest_wait: timedelta | None = None
    # Figures that, with the total and the rows beside, would give one not shown away.
    held_back: set[str] = field(default_factory=set)
    key: object = None  # the group's id: a fund's, a team's, a category's
    # A fund's paid total is its own, as Personal budgets shows it (every request; money,
    # not a report): shown whatever the size of the group, so the two pages agree.
    paid_from_fund: bool = False

    @property
    def small(self) -> bool:
        """A group of 1 to 4 requests: its amounts and days would point at somebody."""
        return is_small(self.requested)

    def value(self, name: str):
        """A figure, or "not shown" (counts of 1 to 4 aside, which show as "fewer than
        5")."""
        if name == "paid_sum" and self.paid_from_fund:
            return self.paid_sum
        if name in self.held_back or (self.small and name in HIDDEN_IF_SMALL):
            return HELD_BACK
        return getattr(self, name)

    def cells(self) -> list:
        """The row as a download has it (coaching.tables.Table), under COLUMNS."""
        return [self.label, *(self.value(name) for name in FIELDS)]

    def shown_cells(self) -> list[str]:
        """The same, as the figures page shows it."""
        return [_shown(name, self.value(name)) for name in FIELDS]

    @property
    def median_days(self) -> float | None:
        return _days(self.median_wait)

    @property
    def slowest_days(self) -> float | None:
        return _days(self.slowest_wait)


def _shown(name: str, value) -> str:
    if value == HELD_BACK:
        return value
    if name in MONEY_SUMS:
        return pounds(value)
    if name in ("median_days", "slowest_days"):
        return "–" if value is None else str(value)
    return suppressed(value)


def _days(wait: timedelta | None) -> float | None:
    return None if wait is None else round(wait.total_seconds() / 86400, 1)


def budget_figures() -> dict:
    """Every request, by fund, by team and by what it was for, for the figures page."""
    people_who_asked = Person.objects.filter(budget_requests__isnull=False).distinct()
    left_out = reporting.left_out_count(people_who_asked)
    found = grouped(BudgetRequest.objects.all(), ["team", "fund", "category"])
    paid = dict(Fund.objects.with_figures().values_list("pk", "paid"))
    for row in found["by_fund"]:
        if row.key in paid:
            # Summed in SQL with a column added (Fund.with_figures): in pence again here.
            row.paid_sum, row.paid_from_fund = to_pence(paid[row.key]), True
    _hold_back(found["total"], {key: found[key] for key in ("by_team", "by_fund", "by_category")})
    return {**found, "left_out": left_out, "left_out_shown": suppressed(left_out)}


def _hold_back(total: Row, tables: dict[str, list[Row]]) -> None:
    """Mark the figures that, with the total and the rest of their table, would give a
    figure not shown away (coaching.small_counts.held_back_too). Every table adds up to the one
    total, so they are weighed together: a total held back is held back in each. Where
    all of a row's requests were approved (a fund's always are), its amounts asked for
    and approved are one; nothing approved is nothing paid: a reader knows those
    without being shown."""
    rows = {("total", 0): total} | {
        (key, r): row for key, table in tables.items() for r, row in enumerate(table)
    }
    values = {(*at, name): row.value(name) for at, row in rows.items() for name in ADDING_UP}
    sums = [
        AddsUp(("total", 0, name), tuple((key, r, name) for r in range(len(table))))
        for key, table in tables.items()
        for name in ADDING_UP
        # Funds' own paid totals count every request: not parts of the total.
        if not (name == "paid_sum" and any(row.paid_from_fund for row in table))
    ]
    known = set()
    for at, row in rows.items():
        if row.approved == 0:
            known |= {(*at, "approved_sum"), (*at, "paid_sum")}
        if row.requested == row.approved:  # a fund's always: only approvals take money
            sums.append(AddsUp((*at, "requested"), ((*at, "approved"),)))
            sums.append(AddsUp((*at, "requested_sum"), ((*at, "approved_sum"),)))
    for key, r, name in held_back_too(values, sums, order=list(values), known=known):
        rows[key, r].held_back.add(name)
    # Everyone's slowest decision is some group's: a small group's, it would show the
    # days that group hides.
    slowest = total.slowest_wait
    if slowest is not None and any(r.small and r.slowest_wait == slowest for r in rows.values()):
        total.held_back.add("slowest_days")


def grouped(requests, groups: list[str]) -> dict:
    """`requests` counted by each of `groups` ("by_team", ...), and in all ("total"),
    e.g. one team's in a period by category alone for the insights dashboard."""
    requests = reporting.counted(requests)
    found = {f"by_{group}": _rows(requests, group, *GROUP_LABELS[group]()) for group in groups}
    return {**found, "total": _total(requests, found[f"by_{groups[0]}"])}


GROUP_LABELS = {
    "fund": lambda: (
        dict(Fund.objects.values_list("pk", "name")),
        "Not from a fund (waiting, withdrawn, declined)",
    ),
    "team": lambda: ({t.pk: t.name for t in Team.objects.all()}, "No team"),
    "category": lambda: (dict(Category.choices), "Not chosen yet"),
}


def _rows(requests, group: str, labels: dict, none_label: str) -> list[Row]:
    rows: dict = {}
    counts = requests.values(group).annotate(
        requested=Count("pk"),
        requested_sum=Sum("amount"),
        withdrawn=Count("pk", filter=Q(status=S.WITHDRAWN)),
        approved=Count("pk", filter=APPROVED_OR_PAID),
        approved_sum=Sum("amount", filter=APPROVED_OR_PAID),
        declined=Count("pk", filter=Q(status=S.DECLINED)),
        paid_sum=Sum("paid_amount", filter=Q(status=S.PAID)),
        median_wait=Median(WAIT, filter=DECIDED),
        slowest_wait=Max(WAIT, filter=DECIDED),
    )
    for values in counts.order_by(group):
        key = values.pop(group)
        label = labels.get(key, none_label) if key not in (None, "") else none_label
        money = {name: to_pence(values.pop(name) or 0) for name in MONEY_SUMS}
        rows[key or None] = Row(label=label, key=key, **values, **money)
    return sorted(rows.values(), key=lambda row: (row.label == none_label, row.label))


def _total(requests, rows: list[Row]) -> Row:
    """The groups added up; the waits counted again, since a median does not add up."""
    total = Row(label="Everyone")
    for row in rows:
        for name in ("requested", "requested_sum", "withdrawn", "approved", "approved_sum"):
            setattr(total, name, getattr(total, name) + getattr(row, name))
        total.declined += row.declined
        total.paid_sum += row.paid_sum
    waits = requests.aggregate(
        median_wait=Median(WAIT, filter=DECIDED), slowest_wait=Max(WAIT, filter=DECIDED)
    )
    total.median_wait, total.slowest_wait = waits["median_wait"], waits["slowest_wait"]
    return total
