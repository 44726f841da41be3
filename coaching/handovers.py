"""Handing a person to another coach, and a person asking for a different coach.

The person may ask, in their own words, from /me/; the request waits in the inbox of
their coach's team, for every coach there. Whichever handover follows (by their coach,
by a coach of the team from the request, or by a manager once a coach has left)
answers it, and the step in their story says they asked. The new coach hears of it
in their feed.
"""

from django.db import IntegrityError, transaction

from coaching.models import (
    Activity,
    CoachChangeRequest,
    InvalidTransition,
    Person,
    Relationship,
    RelationshipEvent,
    User,
    record_activity,
)
from coaching.services import ask_team_for

ALREADY_ASKED = "You have already asked. Someone from the team will be in touch."
ANSWERED_ALREADY = "Another coach handed them over a moment ago."


def coach_change_ask(*, person: Person, words: str) -> CoachChangeRequest:
    """Put the person's request for a different coach in their coach's team inbox."""
    relationship = person.current_relationship
    if relationship is None or not relationship.is_open:
        raise InvalidTransition("Your coaching has ended. You can restart it with a new coach.")
    # A coach with no team: the team that takes requests nobody else would.
    team = relationship.coach.team or ask_team_for("")
    try:
        with transaction.atomic():
            return CoachChangeRequest.objects.create(person=person, team=team, words=words)
    except IntegrityError:
        # The database allows one waiting request a person (one_open_coach_change_request).
        raise InvalidTransition(ALREADY_ASKED) from None


def relationship_hand_over(
    *,
    person: Person,
    relationship: Relationship,
    to_coach: User,
    by: User,
    reason: str = "",
    answering: CoachChangeRequest | None = None,
) -> RelationshipEvent:
    """Hand the relationship to `to_coach` with its whole story.

    If the person is waiting for a different coach, this answers their request and the
    step says they asked. `answering`: the request a coach of the team is acting on;
    if another coach answered it first, this says so and changes nothing.
    """
    with transaction.atomic():
        # The relationship's lock first, then the request's: every handover takes them
        # in this order, so two at once wait in turn.
        Relationship.objects.select_for_update().filter(pk=relationship.pk).exists()
        waiting = (
            CoachChangeRequest.objects.select_for_update()
            .filter(person=person, answered_at__isnull=True)
            .first()
        )
        if answering is not None and (waiting is None or waiting.pk != answering.pk):
            raise InvalidTransition(ANSWERED_ALREADY)
        event = relationship.hand_over(
            by=by, to_coach=to_coach, reason=reason, asked_by_person=waiting is not None
        )
        if waiting is not None:
            waiting.answered_at, waiting.handed_to = event.occurred_at, to_coach
            waiting.save(update_fields=["answered_at", "handed_to"])
        record_activity(person, Activity.Kind.HANDED_OVER, at=event.occurred_at)
    return event


def hand_over_from_leaver(
    *, person: Person, to_coach: User, by: User, reason: str = ""
) -> RelationshipEvent:
    """Hand someone whose coach has left to a new coach, with their whole story. Under
    the relationship's lock, so of two managers doing it at once the second is told
    it is done."""
    with transaction.atomic():
        relationship = (
            Relationship.objects.select_for_update()
            .select_related("coach")
            .get(pk=person.current_relationship_id)
        )
        if relationship.state not in Relationship.OPEN_STATES or relationship.coach.is_active:
            raise InvalidTransition(f"{person.name} already has a coach.")
        event = relationship_hand_over(
            person=person, relationship=relationship, to_coach=to_coach, by=by, reason=reason
        )
    person.current_relationship = relationship
    return event
