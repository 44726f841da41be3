"""An evaluator's extract: one row per person a contract took in a period, who allows
reporting, under a pseudonym that holds only within the one extract.

No name, note or free text: the area is the team's (reference data), the outcomes are
their types and dates, and the pseudonym is an HMAC of the person's id under a random
key made for the extract and then thrown away, so two extracts cannot be joined.
"""

import hmac
import secrets
from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils import timezone

from coaching.models import PersonalDetails, Relationship, RelationshipEvent
from coaching.reporting import counted
from outcomes.contracts import age_on
from outcomes.models import Contract, Enrolment, Outcome, WellbeingScore

COLUMNS = [
    "pseudonym",
    "age_band",
    "area",
    "began_on",
    "ended_on",
    "outcomes",
    "first_wellbeing_score",
    "latest_wellbeing_score",
]
AGE_BANDS = [(16, 17), (18, 24), (25, 34), (35, 49), (50, 64), (65, 200)]


@dataclass(frozen=True)
class Began:
    person_id: int
    on: date
    area: str


def extract_rows(contract: Contract, period_start: date, period_end: date) -> list[list]:
    """The rows, each under this call's own pseudonyms. Six queries."""
    key = secrets.token_bytes(32)
    began = _people_taken(contract, period_start, period_end)
    ids = list(began)
    born = dict(
        PersonalDetails.objects.filter(person__in=ids, date_of_birth__isnull=False).values_list(
            "person", "date_of_birth"
        )
    )
    ended = dict(
        RelationshipEvent.objects.filter(
            relationship__person__in=ids,
            kind=RelationshipEvent.Kind.ENDED,
            relationship__state=Relationship.State.ENDED,
        )
        .order_by("occurred_at")
        .values_list("relationship__person", "occurred_at")
    )
    outcomes: dict[int, list[str]] = {}
    for person, slug, on in (
        Outcome.objects.verified()
        .filter(person__in=ids, achieved_on__gte=period_start, achieved_on__lte=period_end)
        .order_by("achieved_on", "pk")
        .values_list("person", "type__slug", "achieved_on")
    ):
        outcomes.setdefault(person, []).append(f"{slug} {on.isoformat()}")
    scores: dict[int, list] = {}
    for score in WellbeingScore.objects.filter(person__in=ids).order_by("completed_at", "pk"):
        scores.setdefault(score.person_id, []).append(score.score)
    rows = [
        [
            _pseudonym(key, person_id),
            _age_band(born.get(person_id), taken.on),
            taken.area,
            taken.on.isoformat(),
            timezone.localdate(ended[person_id]).isoformat() if person_id in ended else "",
            "; ".join(outcomes.get(person_id, [])),
            str(scores[person_id][0]) if person_id in scores else "",
            str(scores[person_id][-1]) if person_id in scores else "",
        ]
        for person_id, taken in began.items()
    ]
    # Sorted by pseudonym: the order of ids would say who joined first.
    return sorted(rows)


def _people_taken(contract: Contract, start: date, end: date) -> dict[int, Began]:
    """Who the contract took in the period and when, with the team's area: the people
    enrolled, or, for a contract that counts everyone in its teams, whose coaching in
    them began in the period. Only people who allow reporting."""
    if contract.takes == Contract.Takes.ENROLLED:
        rows = counted(
            Enrolment.objects.filter(
                contract=contract, eligible=True, enrolled_on__gte=start, enrolled_on__lte=end
            )
        ).values_list("person", "enrolled_on", "person__current_relationship__coach__team__area")
        return {person: Began(person, on, area or "") for person, on, area in rows}
    rows = (
        counted(Relationship.objects.filter(coach__team__in=contract.teams.all()))
        .filter(Q(created_at__date__gte=start) & Q(created_at__date__lte=end))
        .order_by("created_at")
        .values_list("person", "created_at", "coach__team__area")
    )
    taken: dict[int, Began] = {}
    for person, at, area in rows:
        taken.setdefault(person, Began(person, timezone.localdate(at), area))
    return taken


def _pseudonym(key: bytes, person_id: int) -> str:
    return hmac.new(key, str(person_id).encode(), "sha256").hexdigest()[:12]


def _age_band(born: date | None, on: date) -> str:
    if born is None:
        return "not given"
    age = age_on(born, on)
    for low, high in AGE_BANDS:
        if low <= age <= high:
            return f"{low} or over" if high == 200 else f"{low} to {high}"
    return "under 16"
