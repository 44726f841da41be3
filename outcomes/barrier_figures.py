"""The system barriers' figures beyond the month by month (outcomes/insights.py): the
kinds met most with their change on the period before, by area, and what happened in
coaches' words. Rows are the summaries' (outcomes/summary.py): (month, kind of service,
area, raised, followed up, n), for people who allow reporting."""

import re
from collections import Counter
from datetime import timedelta

from django.utils import timezone

from coaching import reporting
from coaching.models import SystemBarrier
from coaching.small_counts import FEWER_THAN, HELD_BACK, is_small
from coaching.tables import Table
from outcomes.summary import day_starts

CATEGORIES = dict(SystemBarrier.Category.choices)
TOP_BARRIERS = 5  # the dashboard's top answers rank the five met most
BARRIER_QUOTES = 20
QUOTE_CHARACTERS = 200


def top_barriers(counts: list[tuple], before: list[tuple]) -> Table:
    met, raised, followed, met_before = Counter(), Counter(), Counter(), Counter()
    for _, category, _, was_raised, was_followed, n in counts:
        met[category] += n
        raised[category] += n if was_raised else 0
        followed[category] += n if was_followed else 0
    for _, category, *_, n in before:
        met_before[category] += n
    leaders = sorted(met, key=lambda c: (-met[c], CATEGORIES.get(c, c)))[:TOP_BARRIERS]
    return Table(
        key="top_barriers",
        # "The 5" only over five rows: fewer kinds met are fewer rows.
        title=(
            f"The {TOP_BARRIERS} system barriers met most"
            if len(leaders) == TOP_BARRIERS
            else "The system barriers met most"
        ),
        columns=[
            "Kind of service",
            "Met",
            "The period before",
            "Change",
            "Raised with the service",
            "Followed up",
        ],
        rows=[
            [
                CATEGORIES.get(c, c),
                met[c],
                met_before[c],
                _change(met[c], met_before[c]),
                raised[c],
                followed[c],
            ]
            for c in leaders
        ],
        note=(
            "Ranked by how often each kind was met in the period; the period before is as "
            "long, just before it. A change is not shown where either count is "
            f"{FEWER_THAN}."
        ),
    )


def _change(now: int, before: int) -> str:
    if is_small(now) or is_small(before):
        return HELD_BACK
    return "no change" if now == before else f"{now - before:+,}"


def barrier_areas(counts: list[tuple]) -> Table:
    """The whole period's barriers by the area of the team that met them."""
    grid: Counter = Counter()
    for _, category, area, *_, n in counts:
        grid[(area or "No area", category)] += n
    categories = sorted({c for _, c in grid}, key=lambda c: -sum(grid[a, c] for a, _ in grid))
    areas = sorted({a for a, _ in grid})
    table = Table(
        key="barrier_areas",
        title="System barriers, by area",
        columns=["Area", *[CATEGORIES.get(c, c) for c in categories]],
        rows=[[area, *[grid[area, c] for c in categories]] for area in areas],
        note="Over the whole period, by the area of the coach's team.",
    )
    if areas:
        table.rows.append(["Every area", *[sum(grid[a, c] for a in areas) for c in categories]])
        table.add_totals_below(list(range(1, len(table.columns))))
    return table


def barrier_quotes(filters) -> Table:
    """What happened, as coaches wrote it, the newest first: only from people whose notes
    and reporting are shared, with their name and the coach's taken out."""
    found = (
        reporting.counted(SystemBarrier.objects.all(), "contact__person")
        .filter(
            filters.coach_scope("contact__coach"),
            contact__occurred_at__gte=filters.since,
            contact__occurred_at__lt=filters.until,
            contact__person__share_notes=True,
        )
        .exclude(what_happened="")
        .order_by("-contact__occurred_at", "-pk")
        .values_list(
            "contact__occurred_at",
            "category",
            "what_happened",
            "contact__person__name",
            "contact__coach__first_name",
            "contact__coach__last_name",
        )[:BARRIER_QUOTES]
    )
    return Table(
        key="barrier_quotes",
        title="What happened, in coaches' words",
        columns=["Month", "Kind of service", "What happened"],
        rows=[
            [
                timezone.localtime(when).strftime("%b %Y"),
                CATEGORIES.get(category, category),
                _quote(text, " ".join(names)),
            ]
            for when, category, text, *names in found
        ],
        words=3,
        note=(
            f"The newest {BARRIER_QUOTES}, shortened, without names: only from people who "
            "share their notes and allow reporting."
        ),
    )


def _quote(text: str, names: str) -> str:
    for name in {n for n in re.split(r"\W+", names) if len(n) > 1}:
        text = re.sub(rf"\b{re.escape(name)}\b", "…", text, flags=re.IGNORECASE)
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_CHARACTERS else text[: QUOTE_CHARACTERS - 1] + "…"


def contract_barriers(contract) -> Table:
    """The system barriers met by the people a contract takes, by kind of service, over
    its period so far: what a commissioner reads beside the money. People who turned
    reporting off are left out; small counts read "fewer than 5" as everywhere."""
    found = SystemBarrier.objects.filter(
        contact__coach__team__in=contract.teams.all(),
        contact__occurred_at__gte=day_starts(contract.starts_on),
        contact__occurred_at__lt=day_starts(contract.ends_on + timedelta(days=1)),
    )
    if contract.takes == contract.Takes.ENROLLED:
        found = found.filter(
            contact__person__enrolments__contract=contract,
            contact__person__enrolments__eligible=True,
        )
    counts = Counter()
    for category, raised, followed in reporting.counted(found, "contact__person").values_list(
        "category", "raised_with_service", "followed_up"
    ):
        counts[category, "met"] += 1
        counts[category, "raised"] += raised
        counts[category, "followed"] += followed
    categories = sorted(
        {c for c, _ in counts}, key=lambda c: (-counts[c, "met"], CATEGORIES.get(c, c))
    )
    table = Table(
        key="contract_barriers",
        title="System barriers, by kind of service",
        columns=["Kind of service", "Met", "Raised with the service", "Followed up"],
        rows=[
            [CATEGORIES.get(c, c), counts[c, "met"], counts[c, "raised"], counts[c, "followed"]]
            for c in categories
        ],
        note="Met by the people this contract takes, in its teams, over its period so far. "
        "Each barrier is counted once, with the contact it was met in.",
    )
    if categories:
        table.rows.append(["Every kind", *[sum(r[n] for r in table.rows) for n in (1, 2, 3)]])
        table.add_totals_below([1, 2, 3])
    return table
