"""The generated organisation's wellbeing histories (see coaching/scale.py).

About two in three people who allow wellbeing scores fill in the scale in use: once
soon after their coaching began, then every two to four months, mostly a little
better each time, sometimes worse. Scores are written whole, every item answered,
so the database's own checks hold for every row.
"""

from datetime import timedelta

from coaching.scale import World, scale_part
from outcomes.models import WellbeingScore, WellbeingSummary
from outcomes.scales import HIGHEST_ANSWER, LOWEST_ANSWER, current_scale, metric_score

COLUMNS = [
    "person_id",
    "scale",
    "completed_at",
    "completed_by_id",
    "completed_with",
    "raw_score",
    "metric_score",
]
SUMMARY_COLUMNS = [
    "person_id",
    "scale",
    "scores",
    "first_score",
    "first_at",
    "latest_score",
    "latest_at",
]
MOST_SCORES = 8
BATCH = 5_000


@scale_part(order=30)
def wellbeing(world: World) -> None:
    scale = current_scale()
    item_fields = [f"item_{item}" for item in scale.items]
    rows, summaries = [], []
    for person_id in sorted(world.allows_wellbeing):
        history = _history(world, scale, person_id)
        if history:
            rows += history
            summaries.append(_summary(scale, history))
        if len(rows) >= BATCH:
            world.insert(WellbeingScore, COLUMNS + item_fields, rows)
            rows = []
    world.insert(WellbeingScore, COLUMNS + item_fields, rows)
    world.insert(WellbeingSummary, SUMMARY_COLUMNS, summaries)


def _summary(scale, history: list[tuple]) -> tuple:
    """The kept summary `services.keep_wellbeing_summary` would write for `history`."""
    value = COLUMNS.index("metric_score" if scale.has_metric else "raw_score")
    at = COLUMNS.index("completed_at")
    first, latest = history[0], history[-1]
    return (first[0], scale.code, len(history), first[value], first[at], latest[value], latest[at])


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
                raw,
                metric_score(raw) if scale.has_metric else None,
                *answers,
            )
        )
        level = min(4.6, max(1.2, level + rng.uniform(-0.15, 0.35)))
        when += timedelta(days=rng.uniform(60, 120))
    return rows
