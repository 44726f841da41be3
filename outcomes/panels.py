"""Wellbeing and outcomes, on the person's coach's page and on their own /me/;
sustainment checks due, on the coach's overview of their people."""

from dataclasses import dataclass
from datetime import date

from django.db.models import F, Q

from coaching.panels import overview_section, person_panel
from coaching.reading import Part, as_instances, display_name
from outcomes.models import Outcome, OutcomeType, WellbeingScore, WellbeingWording
from outcomes.scales import current_scale
from outcomes.services import due_sustainment_checks
from outcomes.wellbeing import wellbeing_history

SCORE_FIELDS = (
    "pk",
    "scale",
    "completed_at",
    "completed_with",
    "answered_from",
    "raw_score",
    "metric_score",
)
OUTCOME_FIELDS = (
    "pk",
    "achieved_on",
    "evidence",
    "sustains_id",
    "verified_at",
    "type_id",
    "ended_on",
    "ended_because",
)
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
        if viewer == "person":
            scale = current_scale()
            wording = WellbeingWording.objects.filter(item__in=scale.items)
            parts.append(Part("wording", wording, ("pk",)))
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
    # On /me/, whether the scale can be answered: the licensed wording of every item is
    # loaded (read with the rest, so no query of its own).
    wording = rows.get("wording")
    loaded = None if wording is None else len(wording) == len(current_scale().items)
    return wellbeing_history(person, scores=scores, loaded_wording=loaded)


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


@dataclass(frozen=True)
class _Someone:
    pk: int
    name: str


@dataclass(frozen=True)
class _Entry:
    """What a sustainment check reads of an outcome and its person: a coach's people
    hold a hundred outcomes or more, and a model instance of each (even made as
    coaching.reading.as_instances makes them) made "at a glance" half as costly again."""

    pk: int
    type_id: int
    achieved_on: date
    ended_on: date | None
    sustains_id: int | None
    person: _Someone


def _checks(coach, rows: dict, today) -> dict:
    kinds = [OutcomeType(**row) for row in rows["types"]]
    people: dict[int, _Someone] = {}
    entries = []
    for row in rows["outcomes"]:
        person_id = row["person_id"]
        if person_id not in people:
            people[person_id] = _Someone(person_id, row["person__name"])
        entries.append(
            _Entry(
                row["pk"],
                row["type_id"],
                row["achieved_on"],
                row["ended_on"],
                row["sustains_id"],
                people[person_id],
            )
        )
    return {"checks": due_sustainment_checks(entries, sustainment_types=kinds)}


@overview_section(
    "sustainment_checks",
    order=10,
    template="outcomes/includes/overview_checks.html",
    shape=_checks,
)
def checks_due(coach, today) -> list[Part]:
    """The outcomes of the coach's people that a sustainment may be due for, and the
    sustainments recorded already; which are due is worked out from them.
    Outcomes, not wellbeing: no sharing choice hides them from the person's coach."""
    kinds = OutcomeType.objects.filter(active=True, sustains__isnull=False)
    sustained_or_sustaining = Q(type__in=kinds.values("sustains")) | Q(sustains__isnull=False)
    outcomes = Outcome.objects.filter(
        sustained_or_sustaining, person__current_relationship__coach=coach
    )
    fields = (
        "pk",
        "type_id",
        "achieved_on",
        "ended_on",
        "sustains_id",
        "person_id",
        "person__name",
    )
    return [Part("types", kinds, TYPE_FIELDS), Part("outcomes", outcomes, fields)]
