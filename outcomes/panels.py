"""Wellbeing and outcomes, on the person's coach's page and on their own /me/."""

from django.db.models import F

from coaching.panels import person_panel
from coaching.reading import Part, as_instances, display_name
from outcomes.models import Outcome, OutcomeType, WellbeingScore
from outcomes.scales import current_scale
from outcomes.services import due_sustainment_checks
from outcomes.wellbeing import wellbeing_history

SCORE_FIELDS = ("pk", "scale", "completed_at", "completed_with", "raw_score", "metric_score")
OUTCOME_FIELDS = ("pk", "achieved_on", "evidence", "sustains_id", "verified_at", "type_id")
TYPE_FIELDS = ("pk", "name", "sustains_id", "sustain_months", "sustain_weeks")


def _parts(person, viewer: str) -> list[Part]:
    """The person's outcomes with their types' names, and their wellbeing scores (none
    read when they chose no wellbeing scores)."""
    parts = [
        Part(
            "outcomes",
            Outcome.objects.filter(person=person),
            OUTCOME_FIELDS,
            computed={"type_name": F("type__name")},
        )
    ]
    if person.share_wellbeing:
        scores = WellbeingScore.objects.filter(person=person, scale=current_scale().code)
        parts.append(
            Part(
                "scores",
                scores,
                SCORE_FIELDS,
                computed={"completed_by": display_name("completed_by")},
            )
        )
    return parts


def _outcomes(person, rows: dict) -> list[Outcome]:
    outcomes = []
    for row in rows["outcomes"]:
        type_name = row.pop("type_name")
        outcome = Outcome(**row)
        outcome.type = OutcomeType(pk=row["type_id"], name=type_name)
        outcome.person = person  # the one in hand, not read again for each
        outcomes.append(outcome)
    outcomes.sort(key=lambda o: (o.achieved_on, o.pk), reverse=True)
    return outcomes


def _history(person, rows: dict):
    if not person.share_wellbeing:
        return None
    scores = as_instances(WellbeingScore, rows["scores"], users=["completed_by"])
    scores.sort(key=lambda s: (s.completed_at, s.pk))
    return wellbeing_history(person, scores=scores)


def _for_coach(person, viewer: str, rows: dict) -> dict:
    outcomes = _outcomes(person, rows)
    types = [OutcomeType(**row) for row in rows["sustainment_types"]]
    return {
        "history": _history(person, rows),
        "outcomes": outcomes,
        "checks": due_sustainment_checks(outcomes, sustainment_types=types),
    }


@person_panel(
    "outcomes",
    order=20,
    viewers=["coach"],
    template="outcomes/includes/person_outcomes.html",
    shape=_for_coach,
)
def for_coach(person, viewer: str) -> list[Part]:
    sustainment = OutcomeType.objects.filter(active=True, sustains__isnull=False)
    return [*_parts(person, viewer), Part("sustainment_types", sustainment, TYPE_FIELDS)]


def _for_person(person, viewer: str, rows: dict) -> dict:
    return {"history": _history(person, rows), "outcomes": _outcomes(person, rows)}


@person_panel(
    "outcomes",
    order=10,
    viewers=["person"],
    template="outcomes/includes/me_wellbeing.html",
    shape=_for_person,
)
def for_person(person, viewer: str) -> list[Part]:
    return _parts(person, viewer)
