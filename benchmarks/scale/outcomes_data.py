"""The generated organisation's wellbeing histories and outcomes (see benchmarks/scale/generate.py).

About two in three people who allow wellbeing scores fill in the scale in use: once
soon after their coaching began, then every two to four months, mostly a little
better each time, sometimes worse. Scores are written whole, every item answered,
so the database's own checks hold for every row.

Outcomes follow the demo's plan for each person (`outcomes.demo.outcome_plan`), recorded
by their coach for their coach's team, most of the older ones verified by the manager.
Every other group of four teams is under a contract shaped like the demo's social
impact bond, its targets and cap grown with the people its teams coach.
"""

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from benchmarks.scale.world import World
from outcomes.demo import EVIDENCE, SIB_CAP, SIB_TARIFFS, outcome_plan, sustainment_due_soon
from outcomes.models import (
    Contract,
    ContractTariff,
    Outcome,
    OutcomeType,
    Payer,
    PeopleNow,
    PersonCounted,
    WellbeingScore,
    WellbeingSummary,
)
from outcomes.scales import HIGHEST_ANSWER, LOWEST_ANSWER, current_scale, metric_score
from outcomes.triggers import recount

COLUMNS = [
    "person_id",
    "scale",
    "completed_at",
    "completed_by_id",
    "completed_with",
    "answered_from",
    "raw_score",
    "metric_score",
]
MOST_SCORES = 8
BATCH = 5_000


def wellbeing(world: World) -> None:
    scale = current_scale()
    item_fields = [f"item_{item}" for item in scale.items]
    rows = []
    for person_id in sorted(world.allows_wellbeing):
        rows += _history(world, scale, person_id)
        if len(rows) >= BATCH:
            world.insert(WellbeingScore, COLUMNS + item_fields, rows)
            rows = []
    world.insert(WellbeingScore, COLUMNS + item_fields, rows)
    # Their summaries: by trigger on SQLite, by the last part (cached_figures) otherwise.


def _history(world: World, scale, person_id: int) -> list[tuple]:
    rng = world.rng
    if rng.random() > 0.65:
        return []
    when = world.person_began[person_id] + timedelta(days=rng.uniform(1, 21))
    level = rng.uniform(1.9, 3.3)  # the mean answer, 1 to 5
    rows = []
    while when < world.now and len(rows) < MOST_SCORES:
        answers = [
            min(HIGHEST_ANSWER, max(LOWEST_ANSWER, round(level + rng.uniform(-0.9, 0.9))))
            for _ in scale.items
        ]
        raw = sum(answers)
        by_self = person_id in world.person_user and rng.random() < 0.4
        rows.append(
            (
                person_id,
                scale.code,
                when,
                world.person_user[person_id] if by_self else world.person_coach[person_id],
                "self" if by_self else "coach",
                "wording",  # as if the organisation has loaded its licensed wording
                raw,
                metric_score(raw) if scale.has_metric else None,
                *answers,
            )
        )
        level = min(4.6, max(1.2, level + rng.uniform(-0.15, 0.35)))
        when += timedelta(days=rng.uniform(60, 120))
    return rows


OUTCOME_COLUMNS = [
    "id", "person_id", "type_id", "achieved_on", "evidence", "sustains_id", "team_id",
    "recorded_by_id", "recorded_at", "verified_by_id", "verified_at",
]  # fmt: skip
CONTRACT_TEAMS = 4  # teams under one contract; every other group of four has none
COHORT_OF_THE_TARIFFS = 40  # the demo's targets are for about this many people


def outcomes(world: World) -> None:
    types = {t.slug: t for t in OutcomeType.objects.all()}
    today = world.now.date()
    # The long story's person has the demo's Sam's outcomes: a sustainment check falls
    # due on the bench coach's page for them, whatever the size.
    long_story = min(world.person_coach)
    rows = []
    for person_id in sorted(world.person_coach):
        # Chosen at random for everyone, the long story too, as the demo chooses for Sam.
        start = world.person_began[person_id].date() + timedelta(days=world.rng.randint(20, 60))
        if person_id == long_story:
            plan = sustainment_due_soon(today)
        else:
            ended = world.person_ended.get(person_id)
            plan = outcome_plan(
                world.rng, types, start=start, today=today, ended_on=ended and ended.date()
            )
        ids = world.ids(Outcome, len(plan))
        for pk, item in zip(ids, plan, strict=True):
            rows.append(_outcome_row(world, types, person_id, pk, item, ids))
        if len(rows) >= BATCH:
            world.insert(Outcome, OUTCOME_COLUMNS, rows)
            rows = []
    world.insert(Outcome, OUTCOME_COLUMNS, rows)
    _contracts(world, types)


def _outcome_row(world: World, types, person_id: int, pk: int, item, ids: range) -> tuple:
    coach = world.person_coach[person_id]
    recorded_at = min(world.now, _noon(item.on) + timedelta(days=world.rng.uniform(0, 5)))
    verified_at = (
        min(world.now, recorded_at + timedelta(days=world.rng.uniform(1, 14)))
        if item.verified
        else None
    )
    return (
        pk,
        person_id,
        types[item.slug].pk,
        item.on,
        EVIDENCE[item.slug],
        None if item.sustains is None else ids[item.sustains],
        world.coach_team[coach],
        coach,
        recorded_at,
        world.manager_ids[0] if item.verified else None,
        verified_at,
    )


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


def _contracts(world: World, types) -> None:
    coached = Counter(world.coach_team[coach] for coach in world.person_coach.values())
    groups = [
        world.team_ids[start : start + CONTRACT_TEAMS]
        for start in range(0, len(world.team_ids), CONTRACT_TEAMS * 2)
    ]
    contract_ids = world.ids(Contract, len(groups))
    contracts, teams, tariffs = [], [], []
    for number, (contract_id, group) in enumerate(zip(contract_ids, groups, strict=True), 1):
        grow = max(1, sum(coached[team] for team in group) // COHORT_OF_THE_TARIFFS)
        contracts.append(
            (
                contract_id,
                f"{world.prefix}Youth Homelessness SIB {number}",
                "A council and the Life Chances Fund",
                (world.now - timedelta(days=560)).date(),
                (world.now + timedelta(days=535)).date(),
                SIB_CAP * grow,
                world.now,
            )
        )
        teams += [(contract_id, team) for team in group]
        tariffs += [
            (contract_id, types[slug].pk, Decimal(tariff), low * grow, median * grow, high * grow)
            for slug, (tariff, low, median, high) in SIB_TARIFFS.items()
        ]
    world.insert(
        Contract,
        ["id", "name", "funder", "starts_on", "ends_on", "cap", "created_at"],
        contracts,
    )
    world.insert(Contract.teams.through, ["contract_id", "team_id"], teams)
    world.insert(
        Payer,
        ["contract_id", "name", "share", "cap"],
        [(row[0], row[2], Decimal("100"), row[5]) for row in contracts],
    )
    world.insert(
        ContractTariff,
        ["contract_id", "outcome_type_id", "tariff", "target_low", "target_median", "target_high"],
        tariffs,
    )


def cached_figures(world: World) -> None:
    """Last, after every part: written with the triggers off on PostgreSQL, nothing was
    counted as it came, so the dashboard's cached figures are counted again. Their
    tables are analysed with the rest after the load (generate.py): the bench's database
    runs without autovacuum, and a planner that takes a year's 30,000 wellbeing summaries
    for 13 rows joins them row by row."""
    recount()
    for model in (PeopleNow, PersonCounted, WellbeingSummary):
        if model not in world.models_written:
            world.models_written.append(model)
