"""The generated organisation's personal budgets (see benchmarks/scale/generate.py).

Each team has a fund; about one person in four asks for money once or a few times
while they are coached, in their own words from the demo. Most requests were
approved and paid within days, some declined with a reason, a few withdrawn, and
the last fortnight's are often still waiting. Each fund's `allocated` is written as
the sum of what its requests hold (approved amounts, paid amounts), under its total,
as the services would have left it.
"""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction

from benchmarks.scale.world import World
from budgets.demo import DECLINE_REASONS, FUNDS, REQUESTS
from budgets.models import BudgetRequest, Category, Fund
from budgets.money import PENNY

COLUMNS = [
    "person_id", "team_id", "purpose", "amount", "payment_method", "status",
    "requested_at", "raised_by_id", "withdrawn_at", "fund_id", "decided_at",
    "decided_by_id", "decline_reason", "paid_amount", "paid_on", "paid_method",
    "paid_recorded_at", "paid_recorded_by_id", "category", "categorised_at",
]  # fmt: skip
COACH_LIMIT = Decimal("250.00")
STILL_WAITING_DAYS = 14
S = BudgetRequest.Status
# How requests that are no longer waiting turned out, in percent.
OUTCOMES, OUTCOME_WEIGHTS = [S.PAID, S.APPROVED, S.DECLINED, S.WITHDRAWN], [70, 10, 12, 8]


def budgets(world: World) -> None:
    fund_ids = dict(zip(world.team_ids, world.ids(Fund, len(world.team_ids)), strict=True))
    allocated = dict.fromkeys(fund_ids.values(), Decimal("0.00"))
    # The first person generated has the long story and their own sign-in (the bench's
    # /me/ pages): they ask for money a few times, so their budget page has a list.
    long_story = min(world.person_coach)
    rows = []
    for person_id in sorted(world.person_coach):
        rows += _requests(world, person_id, fund_ids, allocated, asks=person_id == long_story)
    today = world.now.date()
    with transaction.atomic():
        world.insert(
            Fund,
            ["id", "name", "funder", "team_id", "total", "starts_on", "ends_on", "coach_limit",
             "allocated", "paid_to_erased", "created_at"],
            [
                (
                    fund_id,
                    f"{FUNDS[i % len(FUNDS)][0]} {i + 1}",
                    FUNDS[i % len(FUNDS)][1],
                    team_id,
                    max(Decimal("50000.00"), (allocated[fund_id] * 2).quantize(PENNY)),
                    today - timedelta(days=4 * 365),
                    today + timedelta(days=365),
                    COACH_LIMIT,
                    allocated[fund_id],
                    Decimal("0.00"),
                    world.now - timedelta(days=4 * 365),
                )
                for i, (team_id, fund_id) in enumerate(fund_ids.items())
            ],
        )  # fmt: skip
        world.insert(BudgetRequest, COLUMNS, rows)


def _requests(
    world: World, person_id: int, fund_ids: dict, allocated: dict, asks: bool = False
) -> list[tuple]:
    rng = world.rng
    if not asks and rng.random() > 0.25:
        return []
    coach = world.person_coach[person_id]
    team = world.coach_team[coach]
    began = world.person_began[person_id]
    rows = []
    for _ in range(4 if asks else rng.choice([1, 1, 1, 2, 2, 3])):
        _, purpose, amount, method, _, category = rng.choice(REQUESTS)
        amount = Decimal(amount)
        asked = began + (world.now - began) * rng.random()
        raised_by = world.person_user.get(person_id) if rng.random() < 0.5 else None
        raised_by = raised_by or coach
        decider = coach if amount <= COACH_LIMIT else rng.choice(world.manager_ids)
        decided = min(asked + timedelta(days=rng.uniform(0.05, 5)), world.now)
        waiting = world.now - asked < timedelta(days=STILL_WAITING_DAYS) and rng.random() < 0.6
        status = S.REQUESTED if waiting else rng.choices(OUTCOMES, OUTCOME_WEIGHTS)[0]
        row = dict.fromkeys(COLUMNS)
        row.update(
            person_id=person_id,
            team_id=team,
            purpose=purpose,
            amount=amount,
            payment_method=method,
            status=status,
            requested_at=asked,
            raised_by_id=raised_by,
            decline_reason="",
            paid_method="",
            category="",
        )
        if status == S.WITHDRAWN:
            row["withdrawn_at"] = decided
        if status in (S.APPROVED, S.PAID, S.DECLINED):
            row.update(decided_at=decided, decided_by_id=decider)
        if status == S.DECLINED:
            row["decline_reason"] = rng.choice(list(DECLINE_REASONS.values()))
        if status in (S.APPROVED, S.PAID):
            row["fund_id"] = fund_ids[team]
            allocated[fund_ids[team]] += amount
        if status == S.PAID:
            paid_at = min(decided + timedelta(days=rng.uniform(0, 7)), world.now)
            row.update(
                paid_amount=amount,
                paid_on=paid_at.date(),
                paid_method=method,
                paid_recorded_at=paid_at,
                paid_recorded_by_id=decider,
                category=category if category in Category.values else Category.OTHER,
                categorised_at=paid_at,
            )
        rows.append(tuple(row[c] for c in COLUMNS))
    return rows
