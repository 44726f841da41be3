"""Writes for wellbeing and outcomes, and the rules they keep."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from coaching.audit import audit
from coaching.models import Activity, AuditEvent, Person, User, record_activity
from outcomes.models import (
    SUSTAINED_ALREADY,
    Outcome,
    OutcomeType,
    WellbeingScore,
)
from outcomes.scales import Scale, current_scale, metric_score

SUSTAINMENT_DUE_SOON_DAYS = 28
SUSTAINMENT_STILL_SHOWN_DAYS = 90


class WellbeingNotShared(Exception):
    """The person has chosen not to have wellbeing scores recorded."""


class AlreadyRecorded(ValueError):
    """The outcome, or the sustainment, is recorded already: two coaches sent it at once,
    or a file brought it in twice. `field`: the outcome form's field to change."""

    def __init__(self, message: str, *, field: str):
        super().__init__(message)
        self.field = field


def wellbeing_record(
    *, person: Person, answers: dict[int, int], by: User, scale: Scale | None = None, at=None
) -> WellbeingScore:
    """Store one completed scale. Refuses when the person's choice is off, whatever was
    posted, and when any item is unanswered or out of range (no partial scores)."""
    scale = scale or current_scale()
    if not person.share_wellbeing:
        raise WellbeingNotShared("You have chosen not to record wellbeing scores.")
    raw = scale.raw_score(answers)
    if raw is None:
        raise ValueError("Every item needs an answer for a score.")
    # The dashboard's WellbeingSummary follows by trigger (outcomes.triggers).
    score = _store_score(person, scale, answers, raw, by, at)
    if by.is_person:
        record_activity(person, Activity.Kind.WELLBEING_COMPLETED, at=score.completed_at)
    return score


def _store_score(person, scale, answers, raw, by, at) -> WellbeingScore:
    return WellbeingScore.objects.create(
        person=person,
        scale=scale.code,
        completed_at=at or timezone.now(),
        completed_by=by,
        completed_with=(
            WellbeingScore.CompletedWith.SELF
            if by.is_person
            else WellbeingScore.CompletedWith.COACH
        ),
        raw_score=raw,
        metric_score=metric_score(raw) if scale.has_metric else None,
        **{f"item_{n}": answers[n] for n in scale.items},
    )


def sustainment_problem(outcome_type: OutcomeType, sustains: Outcome | None, achieved_on) -> str:
    """Why this sustainment outcome cannot be recorded as it stands; "" when it can."""
    if not outcome_type.is_sustainment:
        return "Only a sustainment outcome follows an earlier one." if sustains else ""
    if sustains is None:
        return f"Choose the {outcome_type.sustains.name.lower()} outcome this sustains."
    if sustains.type_id != outcome_type.sustains_id:
        return f"{outcome_type.name} follows {outcome_type.sustains.name.lower()}."
    earliest = outcome_type.due_after(sustains.achieved_on)
    if achieved_on < earliest:
        return f"{outcome_type.name} can be dated {earliest:%-d %B %Y} at the earliest."
    return ""


def outcome_record(
    *,
    person: Person,
    outcome_type: OutcomeType,
    achieved_on: date,
    evidence: str,
    by: User,
    sustains: Outcome | None = None,
) -> Outcome:
    problem = sustainment_problem(outcome_type, sustains, achieved_on)
    if problem:
        raise ValueError(problem)
    if sustains is not None and sustains.person_id != person.pk:
        raise ValueError("A sustainment follows the same person's entry outcome.")
    relationship = person.current_relationship
    try:
        with transaction.atomic():
            outcome = Outcome.objects.create(
                person=person,
                type=outcome_type,
                achieved_on=achieved_on,
                evidence=evidence,
                sustains=sustains,
                team=relationship.coach.team if relationship else None,
                recorded_by=by,
            )
            audit(action=AuditEvent.Action.OUTCOME_RECORDED, actor=by, obj=outcome)
    except IntegrityError as refused:
        already = _already_recorded(person, outcome_type, achieved_on, sustains)
        if already is None:
            raise
        raise already from refused
    return outcome


def recorded_that_day(person: Person, outcome_type: OutcomeType, achieved_on: date) -> str | None:
    """Why an outcome is one too many, in words, when the person has it on that day
    already (the form asks first; outcome_record when the database refuses); else None."""
    same_day = Outcome.objects.filter(person=person, type=outcome_type, achieved_on=achieved_on)
    if not same_day.exists():
        return None
    return (
        f"{person.name} already has {outcome_type.name} on that day. "
        "If it happened again, give the day it did."
    )


def _already_recorded(person, outcome_type, achieved_on, sustains) -> AlreadyRecorded | None:
    """What the database's refusal of a new outcome means, in words; None for any
    other refusal."""
    if recorded := recorded_that_day(person, outcome_type, achieved_on):
        return AlreadyRecorded(recorded, field="achieved_on")
    if sustains is not None and sustains.sustained_by.filter(type=outcome_type).exists():
        return AlreadyRecorded(SUSTAINED_ALREADY, field="sustains")
    return None


def outcome_verify(*, outcome: Outcome, by: User) -> bool:
    """Mark it verified once; False when someone already had."""
    with transaction.atomic():
        updated = Outcome.objects.filter(pk=outcome.pk, verified_at__isnull=True).update(
            verified_by=by, verified_at=timezone.now()
        )
        if updated:
            audit(action=AuditEvent.Action.OUTCOME_VERIFIED, actor=by, obj=outcome)
    outcome.refresh_from_db()
    return bool(updated)


@dataclass(frozen=True)
class SustainmentCheck:
    person: Person
    entry: Outcome
    outcome_type: OutcomeType
    due_on: date

    @property
    def overdue(self) -> bool:
        return self.due_on < timezone.localdate()


def sustainment_checks(people, *, within_days: int = SUSTAINMENT_DUE_SOON_DAYS):
    """Sustainment outcomes not yet recorded for these people whose date falls due within
    `within_days`, or passed in the last 90 days; earliest first. Three queries."""
    outcomes = Outcome.objects.filter(person__in=people).select_related("person", "type")
    return due_sustainment_checks(list(outcomes), within_days=within_days)


def due_sustainment_checks(
    outcomes: list[Outcome], *, within_days=SUSTAINMENT_DUE_SOON_DAYS, sustainment_types=None
):
    """The same, from outcomes already fetched (with their type): one more query, none
    when there are no outcomes to check or `sustainment_types` (the active types that
    sustain another) were read already."""
    if not outcomes:
        return []
    today = timezone.localdate()
    horizon = today + timedelta(days=within_days)
    since = today - timedelta(days=SUSTAINMENT_STILL_SHOWN_DAYS)
    if sustainment_types is None:
        sustainment_types = list(OutcomeType.objects.filter(active=True, sustains__isnull=False))
    recorded = {(o.sustains_id, o.type_id) for o in outcomes if o.sustains_id}
    checks = []
    for entry in outcomes:
        for kind in sustainment_types:
            if kind.sustains_id != entry.type_id or (entry.pk, kind.pk) in recorded:
                continue
            due_on = kind.due_after(entry.achieved_on)
            if since <= due_on <= horizon:
                checks.append(SustainmentCheck(entry.person, entry, kind, due_on))
    return sorted(checks, key=lambda c: (c.due_on, c.person.name))
