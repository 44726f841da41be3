"""The managers' dashboard figures, in one place.

`figures(filters)` returns every table the dashboard shows; the page, its CSV
downloads and `manage.py insights` all call it, so they can never disagree.
Every figure starts from `coaching.reporting.counted` (people who turned
reporting off are left out) and every count from 1 to 4 is shown as
"fewer than 5" (coaching/small_counts.py, coaching/tables.py). Each figure is a
database aggregate (contact figures through the cached summaries of outcomes/summary.py),
so the number of queries does not grow with the data.
"""

from collections import Counter
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from django.db import OperationalError
from django.db.models import (
    Count,
    F,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.utils import timezone

from budgets.figures import grouped
from budgets.models import BudgetRequest
from coaching import reporting
from coaching.models import (
    CoachRequest,
    Contact,
    Person,
    Relationship,
    Team,
    Theme,
    User,
)
from coaching.small_counts import (
    FEWER_THAN,
    HELD_BACK,
    SMALL_COUNT_LIMIT,
    AddsUp,
    is_small,
    share,
    suppressed,
    suppressed_value,
)
from coaching.tables import Table, hold_back_together
from helpers.db import planned_for_the_values
from outcomes import people_now
from outcomes.barrier_figures import CATEGORIES, barrier_areas, barrier_quotes, top_barriers
from outcomes.contracts import contract_reports
from outcomes.fairness import FAIRNESS, FAIRNESS_TABLES, details, fairness_tables
from outcomes.models import Contract, PeopleNow, WellbeingScore, WellbeingSummary, add_months
from outcomes.scales import current_scale
from outcomes.summary import day_starts, monthly_rows

DAYS_PER_MONTH = Decimal("30.4375")  # 365.25 / 12
TOP_THEMES = 6


# The dashboard's sections below its top answers, in order: (anchor, title, table keys).
SECTIONS = [
    ("people", "People", ["people", "restarts"]),
    ("contacts", "Contacts", ["contacts", "reached_out"]),
    ("wellbeing", "Wellbeing", ["wellbeing"]),
    ("fairness", "Fairness", FAIRNESS_TABLES),
    ("contracts", "Contracts", ["contract_targets", "contract_caps"]),
    ("budgets", "Personal budgets", ["budgets"]),
    ("themes", "What mattered", ["themes"]),
    (
        "barriers",
        "System barriers",
        ["top_barriers", "barriers", "barrier_areas", "barrier_quotes"],
    ),
]


@dataclass(frozen=True)
class Filters:
    start: date
    end: date
    team: Team | None = None
    coach: User | None = None
    contract: Contract | None = None

    @classmethod
    def default(cls, today: date | None = None) -> "Filters":
        """Twelve calendar months: the eleven before this one, and this one to today."""
        today = today or timezone.localdate()
        return cls(start=add_months(today.replace(day=1), -11), end=today)

    @property
    def since(self) -> datetime:
        return day_starts(self.start)

    @property
    def until(self) -> datetime:
        """The end of the last day: the period includes `end`."""
        return day_starts(self.end + timedelta(days=1))

    def describe(self) -> dict:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "team": self.team.name if self.team else "",
            "coach": self.coach.username if self.coach else "",
            "contract": self.contract.name if self.contract else "",
        }

    def coach_scope(self, path: str) -> Q:
        """Rows whose coach (at `path`, e.g. "coach", "relationship__coach") is in scope."""
        q = Q()
        if self.coach:
            q &= Q(**{path: self.coach})
        if self.team:
            q &= Q(**{f"{path}__team": self.team})
        if self.contract:
            q &= Q(**{f"{path}__team__in": self.contract.teams.all()})
        return q

    def team_scope(self, path: str) -> Q:
        """The same for rows that name a team rather than a coach (budgets, outcomes)."""
        q = Q()
        if self.team:
            q &= Q(**{path: self.team})
        if self.contract:
            q &= Q(**{f"{path}__in": self.contract.teams.all()})
        return q


@dataclass
class Figures:
    filters: Filters
    tables: dict[str, Table]
    left_out: int

    @property
    def left_out_shown(self) -> str:
        return suppressed(self.left_out)

    def as_json(self) -> dict:
        return {
            "filters": self.filters.describe(),
            "left_out": suppressed_value(self.left_out),
            "tables": {
                key: {
                    "title": table.title,
                    "columns": table.columns,
                    "rows": table.csv_rows(),
                    "note": table.note,
                }
                for key, table in self.tables.items()
            },
        }


def figures(filters: Filters, only: str | None = None) -> Figures:
    """Every table, or with `only` the table of that key (and any built beside it), so
    one CSV download counts only what it needs."""
    months = _months(filters.start, filters.end)

    # Each builder: the tables it makes, the kinds of summarised rows (outcomes.summary) it
    # reads, and how it makes them.
    builders = [
        (["people"], ["began", "ended"], lambda: [_people(filters, rows())]),
        (["contacts", "reached_out"], ["contacts"], lambda: _contacts(rows()["contacts"], months)),
        (["wellbeing"], [], lambda: [_wellbeing(scores())]),
        (["contract_targets", "contract_caps"], [], lambda: _contracts(filters)),
        (["budgets"], [], lambda: [_budgets(filters)]),
        (["themes"], ["themes"], lambda: [_themes(rows()["themes"], months)]),
        (
            ["top_barriers", "barriers", "barrier_areas"],
            ["barriers"],
            lambda: _barriers(rows()["barriers"], _barriers_before(filters), months),
        ),
        (["barrier_quotes"], [], lambda: [barrier_quotes(filters)]),
        (
            FAIRNESS_TABLES,
            ["began_details", "ended_details"],
            lambda: fairness_tables(
                filters.end,
                rows()["began_details"],
                rows()["ended_details"],
                *scores().by_details(),
            ),
        ),
        (["restarts"], ["restarted"], lambda: [_restarts(filters, rows()["restarted"])]),
    ]
    chosen = [(kinds, build) for keys, kinds, build in builders if only is None or only in keys]

    @cache
    def rows() -> dict[str, list[tuple]]:
        return monthly_rows(
            filters.start,
            filters.end,
            coach=filters.coach,
            teams=_teams_in_scope(filters),
            kinds=list(dict.fromkeys(kind for kinds, _ in chosen for kind in kinds)),
        )

    @cache
    def scores() -> ScoreGroups:
        return _score_groups(filters, filters.end)

    with planned_for_the_values():
        tables = {t.key: t for _, build in chosen for t in build()}
        left_out = _left_out(filters)
    return Figures(filters=filters, tables=tables, left_out=left_out)


@dataclass
class Answers:
    """The four questions a manager asks first, as the tables below show them (the same
    cells, so the top of the page always agrees with them and with the downloads)."""

    moved_on: str
    median_months: str
    wellbeing: dict[str, str]
    first_mean: Decimal | None
    latest_mean: Decimal | None
    reference_mean: Decimal
    highest: int  # the scale's highest score, the chart's full width
    barriers: list[list[str]]
    budgets: dict[str, str]


def answers(found: Figures) -> Answers:
    people = _shown(found.tables["people"])
    wellbeing = _shown(found.tables["wellbeing"])
    budgets = found.tables["budgets"]
    total = dict(zip(budgets.columns, budgets.shown_rows()[-1], strict=True))
    means = found.tables["wellbeing"].rows
    first, latest = (means[1][1], means[2][1]) if isinstance(means[1][1], Decimal) else (None, None)
    return Answers(
        moved_on=people["Moved on in the period"],
        median_months=_months_phrase(found.tables["people"]),
        wellbeing={
            "people": wellbeing["People with two or more scores"],
            "improved": next(v for k, v in wellbeing.items() if k.startswith("Share with")),
            "at_reference": wellbeing[_WELLBEING_LABELS[4]],
        },
        first_mean=first,
        latest_mean=latest,
        reference_mean=current_scale().reference_mean,
        highest=current_scale().highest,
        barriers=found.tables["top_barriers"].shown_rows(),
        budgets={
            "asked": total["Requested"],
            "approved": total["Approved"],
            "days": total["Median days to decide"],
        },
    )


def _months_phrase(people: Table) -> str:
    """The median months to moving on, as the top of the page says it."""
    label = "Median months from beginning to moving on"
    median = next(row[1] for row in people.rows if row[0] == label)
    return f"median {median} months" if isinstance(median, Decimal) else f"median {median}"


def _shown(table: Table) -> dict[str, str]:
    """A table of two columns, figure and value, as {figure: value shown}."""
    return dict(table.shown_rows())


def _before(filters: Filters) -> Filters:
    """The period of the same length just before, with the same filters."""
    days = (filters.end - filters.start).days + 1
    end = filters.start - timedelta(days=1)
    return Filters(
        start=end - timedelta(days=days - 1),
        end=end,
        team=filters.team,
        coach=filters.coach,
        contract=filters.contract,
    )


def _months(start: date, end: date) -> list[date]:
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def _month_key(value) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _month_label(month: date) -> str:
    return month.strftime("%b %Y")


def _in_period(filters: Filters, path: str) -> Q:
    return Q(**{f"{path}__gte": filters.since, f"{path}__lt": filters.until})


def _left_out(filters: Filters) -> int:
    people = Person.objects.filter(filters.coach_scope("current_relationship__coach"))
    return reporting.left_out_count(people)


def _people(filters: Filters, counted: dict[str, list[tuple]]) -> Table:
    """`counted`: the period's rows (from monthly_rows) of who began, and of the
    coaching that ended, by how many days it had lasted."""
    began = sum(n for _, n in counted["began"])
    lasted: Counter = Counter()  # how many endings after so many days
    for _, days, n in counted["ended"]:
        lasted[days] += n
    moved_on = lasted.total()
    now = _now(filters)
    rows = [
        ["Began coaching in the period", began],
        *[[f"{label} now", now.get(value, 0)] for value, label in Relationship.State.choices],
        ["Moved on in the period", moved_on],
        ["Median months from beginning to moving on", _in_months(_median(lasted), moved_on)],
    ]
    return Table(
        key="people",
        title="People",
        columns=["Figure", "People"],
        rows=rows,
        chart=[1],
        note=(
            "Moving on: the person ended their coaching (their decision, always). Months run "
            "from when coaching with that coach began to the ending, counted in days. Active, "
            "paused and ended now count each person once, by their coaching today."
        ),
    )


def _now(filters: Filters) -> dict[str, int]:
    """People by the state of their coaching today, from the changes the database
    appends by coach (outcomes.people_now): a few thousand rows, not every person. Many
    changes read are folded into one row per coach and state for the next reader."""
    found = list(
        PeopleNow.objects.filter(filters.coach_scope("coach"))
        .values_list("state")
        .annotate(n=Sum("people"), rows=Count("pk"))
        .order_by()
    )
    if sum(rows for _, _, rows in found) > people_now.FOLD_AFTER:
        # Only a saving: with the database busy past its timeout (SQLite behind a
        # long import), fold next time rather than fail the page.
        with suppress(OperationalError):
            people_now.fold()
    return {state: n for state, n, _ in found}


def _median(lasted: Counter) -> timedelta | None:
    """The median of lengths given as {days: how many}; between the middle two when
    there is an even number."""
    ordered = sorted(lasted.items())
    total = lasted.total()
    if not total:
        return None

    def at(position: int) -> int:
        seen = 0
        for days, n in ordered:
            seen += n
            if position < seen:
                return days
        raise IndexError(position)

    return timedelta(days=(at((total - 1) // 2) + at(total // 2)) / 2)


def _in_months(median: timedelta | None, n: int) -> Decimal | str:
    if n < SMALL_COUNT_LIMIT:
        return HELD_BACK if n else "none"
    days = Decimal(median.total_seconds()) / 86400
    return (days / DAYS_PER_MONTH).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _teams_in_scope(filters: Filters) -> set[int] | None:
    """The ids of the teams the filters name, or None for every team."""
    if not (filters.team or filters.contract):
        return None
    teams = Team.objects.all()
    if filters.team:
        teams = teams.filter(pk=filters.team.pk)
    if filters.contract:
        teams = teams.filter(pk__in=filters.contract.teams.all())
    return set(teams.values_list("pk", flat=True))


def _contacts(counts: list[tuple], months: list[date]) -> list[Table]:
    channels = Contact.Channel.choices
    grid = {m: {c: 0 for c, _ in channels} for m in months}
    reached = {m: {"person": 0, "coach": 0} for m in months}
    for month, channel, by, n in counts:
        key = _month_key(month)
        if key in grid:
            grid[key][channel] += n
            reached[key][by] += n
    by_how = Table(
        key="contacts",
        title="Contacts per month, and how",
        columns=["Month", "All contacts", *[label for _, label in channels]],
        rows=[
            [_month_label(m), sum(grid[m].values()), *[grid[m][c] for c, _ in channels]]
            for m in months
        ],
        chart=[1],
    )
    by_how.rows.append(
        [
            "Whole period",
            *[sum(row[i] for row in by_how.rows) for i in range(1, len(by_how.columns))],
        ]
    )
    by_how.add_totals_below(list(range(1, len(by_how.columns))))
    by_how.add_totals_across(1, list(range(2, len(by_how.columns))))
    who = Table(
        key="reached_out",
        title="Who reached out",
        columns=["Month", "The person", "The coach"],
        rows=[[_month_label(m), reached[m]["person"], reached[m]["coach"]] for m in months],
        chart=[1, 2],
        note="A person reaching out more over time is a sign the relationship is theirs.",
    )
    # Each month, the person and the coach add up to all contacts, in the table above.
    reached = [AddsUp((0, r, 1), ((1, r, 1), (1, r, 2))) for r in range(len(months))]
    hold_back_together([by_how, who], links=reached)
    return [by_how, who]


def _wellbeing(scores: "ScoreGroups") -> Table:
    """`scores`: the period's people with two or more scores, by group (_score_groups)."""
    scale = current_scale()
    n, first_sum, latest_sum, improved, at_reference = scores.everyone()
    rows = [["People with two or more scores", n]]
    if n >= SMALL_COUNT_LIMIT:
        first = _mean(first_sum / n)
        latest = _mean(latest_sum / n)
        rows += [
            ["Mean first score", first],
            ["Mean latest score", latest],
            ["Mean change", latest - first],
            [_WELLBEING_LABELS[3].format(change=scale.meaningful_change), share(improved, n)],
            [_WELLBEING_LABELS[4], share(at_reference, n)],
        ]
    else:
        rows += [
            [label.format(change=scale.meaningful_change), HELD_BACK if n else "none"]
            for label in _WELLBEING_LABELS
        ]
    rows.append([f"Reference mean ({scale.reference_source})", f"{scale.reference_mean:g}"])
    return Table(
        key="wellbeing",
        title=f"Wellbeing ({scale.name}): first score against latest",
        columns=["Figure", "Value"],
        rows=rows,
        note=(
            "Only people with two or more scores, whose latest score falls in the period. "
            "Compare groups by means with 30 or more people."
        ),
    )


@dataclass
class ScoreGroups:
    """The people the wellbeing figures count, by each combination of personal details
    (fairness.FAIRNESS, in order): {groups: [people, sum of first scores, sum of latest
    scores, how many improved meaningfully, how many at or above the reference mean]}."""

    groups: dict[tuple, list]

    def everyone(self) -> tuple:
        """The same five figures for everyone (nothing summed is 0)."""
        return tuple(sum(sums) for sums in zip(*self.groups.values(), strict=True)) or (0,) * 5

    def by_details(self) -> tuple[Counter, Counter]:
        """People, and those who improved meaningfully, by combination of groups."""
        people = Counter({group: sums[0] for group, sums in self.groups.items()})
        improved = Counter({group: sums[3] for group, sums in self.groups.items()})
        return people, improved


def _score_groups(filters: Filters, on: date) -> ScoreGroups:
    """Who the wellbeing figures count, by personal details on `on`, in one query: for a
    period that runs to today from each person's summary, for an earlier one from the
    scores."""
    scale = current_scale()
    keys = [key for key, _ in FAIRNESS]
    if filters.until > timezone.now():
        found = (
            _summarised_scores(scale, filters)
            .values(**details("person__", on))
            .annotate(
                n=Count("pk"),
                first_sum=Sum("first_score"),
                latest_sum=Sum("latest_score"),
                improved=Count("pk", filter=_meaningful(scale)),
                at_reference=Count("pk", filter=Q(latest_score__gte=scale.reference_mean)),
            )
            .order_by()
        )
        sums = ["n", "first_sum", "latest_sum", "improved", "at_reference"]
        return ScoreGroups({tuple(row[k] for k in keys): [row[k] for k in sums] for row in found})
    groups: dict[tuple, list] = {}
    for first, latest, *group in _first_and_latest_scores(scale, filters, details("", on)):
        sums = groups.setdefault(tuple(group), [0, 0, 0, 0, 0])
        sums[0] += 1
        sums[1] += first
        sums[2] += latest
        sums[3] += latest >= first + scale.meaningful_change
        sums[4] += latest >= scale.reference_mean
    return ScoreGroups(groups)


def _summarised_scores(scale, filters: Filters):
    """For a period that runs to today, the summary of each person who counts."""
    return reporting.counted(WellbeingSummary.objects.filter(scale=scale.code)).filter(
        filters.coach_scope("person__current_relationship__coach"),
        scores__gte=2,
        latest_at__gte=filters.since,
    )


def _meaningful(scale) -> Q:
    return Q(latest_score__gte=F("first_score") + scale.meaningful_change)


def _first_and_latest_scores(scale, filters: Filters, details: dict | None = None) -> list[tuple]:
    """Each person's first and latest score up to the end of an earlier period, and the
    `details` (annotations) after them."""
    value = "metric_score" if scale.has_metric else "raw_score"
    in_scale = WellbeingScore.objects.filter(
        scale=scale.code, completed_at__lt=filters.until
    ).exclude(answered_from=WellbeingScore.AnsweredFrom.THEMES)  # not a valid score
    # First the few who qualify, from the scores alone (two or more, the latest in the
    # period), so the first and latest scores are looked up for them, not for everyone.
    qualifying = (
        in_scale.values("person")
        .annotate(n=Count("pk"), latest_at=Max("completed_at"))
        .filter(n__gte=2, latest_at__gte=filters.since)
        .values("person")
    )
    scores = in_scale.filter(person=OuterRef("pk"))
    people = (
        reporting.counted(Person.objects.filter(pk__in=qualifying), "")
        .filter(filters.coach_scope("current_relationship__coach"))
        .annotate(
            first_score=Subquery(scores.order_by("completed_at", "pk").values(value)[:1]),
            latest_score=Subquery(scores.order_by("-completed_at", "-pk").values(value)[:1]),
        )
    )
    # Each person's pair comes back and is summed here: in an aggregate the database
    # would look up each person's first and latest score twice.
    details = details or {}
    return list(people.annotate(**details).values_list("first_score", "latest_score", *details))


_WELLBEING_LABELS = [
    "Mean first score",
    "Mean latest score",
    "Mean change",
    "Share with a meaningful improvement ({change:g}+ points)",
    "Share at or above the reference mean at their latest score",
]


def _mean(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _contracts(filters: Filters) -> list[Table]:
    contracts = Contract.objects.filter(starts_on__lte=filters.end, ends_on__gte=filters.start)
    if filters.contract:
        contracts = contracts.filter(pk=filters.contract.pk)
    if filters.team:
        contracts = contracts.filter(teams=filters.team)
    if filters.coach:
        team = filters.coach.team_id
        contracts = contracts.filter(teams=team) if team else contracts.none()
    reports = contract_reports(contracts.order_by("name", "pk"), count_left_out=False)
    targets = Table(
        key="contract_targets",
        title="Outcomes against contract targets",
        columns=["Contract", "Outcome", "Achieved", "Low", "Median", "High", "Value achieved (£)"],
        words=2,
        note=(
            "Each contract whole, over its own period: verified outcomes, recorded while the "
            "person was coached in one of its teams. A team or a coach picks the contracts "
            "their team is in; the figures stay the whole contract's. A value is not shown "
            f"where its count is {FEWER_THAN}; the contract's value achieved, below, includes "
            "it."
        ),
    )
    caps = Table(
        key="contract_caps",
        title="Contracts against their cap",
        columns=[
            "Contract",
            "Funder",
            "Cap (£)",
            "Value achieved (£)",
            "Payable (£)",
            "Beyond the cap (£)",
            "Claimed (£)",
            "Paid (£)",
        ],
        words=2,
    )
    for report in reports:
        contract = report.contract
        for line in report.lines:
            small = is_small(line.achieved)
            targets.rows.append(
                [
                    contract.name,
                    line.outcome_type.name,
                    line.achieved,
                    str(line.tariff.target_low),
                    str(line.tariff.target_median),
                    str(line.tariff.target_high),
                    HELD_BACK if small else line.value,
                ]
            )
        caps.rows.append(
            [
                contract.name,
                contract.funder,
                contract.cap,
                report.value_achieved,
                report.payable,
                report.beyond_cap,
                report.claimed,
                report.paid,
            ]
        )
    return [targets, caps]


def _budgets(filters: Filters) -> Table:
    requests = BudgetRequest.objects.filter(
        _in_period(filters, "requested_at"), filters.team_scope("team")
    )
    if filters.coach:
        requests = requests.filter(person__current_relationship__coach=filters.coach)
    found = grouped(requests, ["category"])
    rows = [
        [
            row.label,
            row.requested,
            row.approved,
            row.declined,
            *(
                [HELD_BACK] * 3
                if row.small
                else [row.requested_sum, row.paid_sum, _days(row.median_days)]
            ),
        ]
        for row in [*found["by_category"], found["total"]]
    ]
    rows[-1][0] = "All requests"
    table = Table(
        key="budgets",
        title="Personal budgets, by what the money was for",
        columns=[
            "For",
            "Requested",
            "Approved",
            "Declined",
            "Asked for (£)",
            "Paid (£)",
            "Median days to decide",
        ],
        rows=rows,
        chart=[1, 2],
        note=(
            f"Requests made in the period. Approved includes paid. Where {FEWER_THAN} "
            "requests were made, their amounts and days are not shown either."
        ),
    )
    table.add_totals_below([1, 2, 3, 4, 5])  # the counts and the amounts
    # Nothing approved is nothing paid, whatever is shown.
    table.known = {(r, 5) for r, row in enumerate(rows) if row[2] == 0}
    return table


def _days(days: float | None) -> Decimal | None:
    return None if days is None else Decimal(str(days))


def _themes(counts: list[tuple], months: list[date]) -> Table:
    return _by_month(
        key="themes",
        title="What mattered most, by month",
        months=months,
        counts=counts,
        names=dict(Theme.objects.values_list("pk", "name")),
        top=TOP_THEMES,
        note="The themes of contacts: how many contacts each mattered in.",
    )


def _barriers_before(filters: Filters) -> list[tuple]:
    """The barriers of the period just before, for the change in the top five."""
    before = _before(filters)
    return monthly_rows(
        before.start,
        before.end,
        coach=before.coach,
        teams=_teams_in_scope(before),
        kinds=["barriers"],
    )["barriers"]


def _barriers(counts: list[tuple], before: list[tuple], months: list[date]) -> list[Table]:
    """`counts`, `before`: rows (month, kind of service, area, raised, followed up, n)."""
    by_month = _by_month(
        key="barriers",
        title="System barriers, by kind of service and month",
        months=months,
        counts=[(month, category, n) for month, category, *_, n in counts],
        names=CATEGORIES,
        top=len(CATEGORIES),
        note=(
            "The kinds of service that got in the way, as coaches chose them (the learning "
            "loop). Each barrier is counted once, in the month of its contact."
        ),
    )
    return [top_barriers(counts, before), by_month, barrier_areas(counts)]


def _restarts(filters: Filters, restarted: list[tuple]) -> Table:
    """People who restarted after ending in the period, and of them those who came back
    through "ask for a coach": their request taken in the period, or the restart marked
    as asked for by the person. `restarted`: the period's rows (from monthly_rows) of
    (month, person id, asked for by the person, n)."""
    people = {person for _, person, _, _ in restarted}
    asked = {person for _, person, by_person, _ in restarted if by_person}
    took_requests = CoachRequest.objects.filter(_in_period(filters, "taken_at"))
    asked |= people & set(took_requests.values_list("person", flat=True))
    found = {"people": len(people), "asked": len(asked)}
    return Table(
        key="restarts",
        title="Restarts and returns",
        columns=["Figure", "People"],
        rows=[
            ["Restarted coaching after it ended", found["people"]],
            ["Came back through “ask for a coach”", found["asked"]],
        ],
        note=(
            "People whose coaching restarted in the period, with their coach or another; "
            "and of them, those who came back by asking for a coach themselves."
        ),
    )


def _by_month(*, key, title, months, counts, names, top, note) -> Table:
    totals: dict = {}
    grid: dict = {}
    for month, thing, n in counts:
        if names and thing not in names:
            continue  # a theme deleted since
        month = _month_key(month)
        totals[thing] = totals.get(thing, 0) + n
        grid[(month, thing)] = grid.get((month, thing), 0) + n
    leaders = sorted(totals, key=lambda t: (-totals[t], str(names.get(t, t))))[:top]
    table = Table(
        key=key,
        title=title,
        columns=["Month", *[str(names.get(t, t)) for t in leaders]],
        rows=[[_month_label(m), *[grid.get((m, t), 0) for t in leaders]] for m in months],
        note=note,
    )
    if not leaders:
        table.rows = []
        return table
    table.rows.append(["Whole period", *[totals[t] for t in leaders]])
    table.chart = list(range(1, len(table.columns)))
    table.add_totals_below(table.chart)
    return table
