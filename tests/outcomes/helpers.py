from datetime import date, timedelta

from django.utils import timezone

from outcomes import services
from outcomes.models import Outcome, OutcomeType


def outcome_type(slug: str) -> OutcomeType:
    return OutcomeType.objects.get(slug=slug)


def make_outcome(person, slug, achieved_on: date, *, by, verified_by=None, sustains=None):
    outcome = services.outcome_record(
        person=person,
        outcome_type=outcome_type(slug),
        achieved_on=achieved_on,
        evidence="Seen the letter",
        by=by,
        sustains=sustains,
    )
    if verified_by:
        services.outcome_verify(outcome=outcome, by=verified_by)
    return outcome


def many_verified(person, slug, count, achieved_on, *, by, verified_by):
    """`count` verified outcomes of one kind for one person, a day apart from
    `achieved_on` (one a day of each kind: outcome_once_a_day_of_each_type)."""
    now = timezone.now()
    Outcome.objects.bulk_create(
        Outcome(
            person=person,
            type=outcome_type(slug),
            achieved_on=achieved_on + timedelta(days=day),
            evidence="Batch",
            team=by.team,
            recorded_by=by,
            verified_by=verified_by,
            verified_at=now,
        )
        for day in range(count)
    )


def load_wording() -> None:
    """Stand-in licensed wording for every item, as `load_wellbeing_wording` loads it:
    with it, the scale can be answered on screen."""
    from outcomes.models import WellbeingWording

    for item in range(1, 15):
        WellbeingWording.objects.update_or_create(
            item=item, defaults={"wording": f"Placeholder wording for item {item}"}
        )
