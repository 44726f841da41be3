"""Relationships between a person and a coach.

A relationship's life is an append-only list of events. Its `state` column is a
projection of the latest event, written in the same transaction as the event, so
that the database itself can refuse a second open relationship for one person.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coaching.models.fields import import_ref_field
from helpers.limits import LengthLimit


class InvalidTransition(Exception):
    """The relationship is not in a state where this step can be taken."""


class Relationship(models.Model):
    class State(models.TextChoices):
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        ENDED = "ended", _("Ended")

    OPEN_STATES = [State.ACTIVE, State.PAUSED]

    person = models.ForeignKey(
        "coaching.Person", on_delete=models.CASCADE, related_name="relationships"
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="relationships"
    )
    state = models.CharField(max_length=10, choices=State, default=State.ACTIVE)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(state__in=["active", "paused"]),
                name="one_open_relationship_per_person",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["active", "paused", "ended"]),
                name="relationship_state_known",
            ),
        ]
        indexes = [models.Index(fields=["coach", "state"])]

    def __str__(self):
        return f"Relationship {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

    def status(
        self, latest: list["RelationshipEvent"] | None = None, coach_since=None
    ) -> "RelationshipStatus":
        """Who walks alongside the person now, since when, and the latest step.

        `latest`: the newest event (in a list, empty for none) and `coach_since`, when
        the page has read them already (coaching.timeline).
        """
        if latest is None:
            events = list(self.events.order_by("-occurred_at", "-pk"))
            latest = events[:1]
            coach_since = next(
                (e.occurred_at for e in events if e.kind in RelationshipEvent.COACH_STEPS), None
            )
        return RelationshipStatus(
            state=self.state,
            coach=self.coach,
            coach_since=coach_since or self.created_at,
            latest=latest[0] if latest else None,
        )

    # `import_ref`: the step's reference in records brought in, written with the event
    # (an event is never changed after).
    def pause(self, *, by, until=None, reason: str = "", at=None, import_ref=None):
        return self._record(
            RelationshipEvent.Kind.PAUSED,
            by=by,
            paused_until=until,
            reason=reason,
            at=at,
            import_ref=import_ref,
        )

    def resume(self, *, by, reason: str = "", at=None, import_ref=None):
        return self._record(
            RelationshipEvent.Kind.RESUMED, by=by, reason=reason, at=at, import_ref=import_ref
        )

    def end(self, *, by, reason: str = "", at=None, import_ref=None):
        return self._record(
            RelationshipEvent.Kind.ENDED, by=by, reason=reason, at=at, import_ref=import_ref
        )

    def restart(self, *, by, reason: str = "", at=None, import_ref=None, asked_by_person=False):
        """`asked_by_person`: they came back by asking for a coach (coaching.returning)."""
        return self._record(
            RelationshipEvent.Kind.RESTARTED,
            by=by,
            reason=reason,
            coach=self.coach,
            asked_by_person=asked_by_person,
            at=at,
            import_ref=import_ref,
        )

    def hand_over(
        self, *, by, to_coach, reason: str = "", at=None, import_ref=None, asked_by_person=False
    ):
        """Move the relationship to `to_coach`; `asked_by_person` when it answers the
        person's own request for a different coach (CoachChangeRequest)."""
        if to_coach == self.coach:
            raise InvalidTransition("This coach already walks alongside them.")
        if not to_coach.is_coach or not to_coach.is_active:
            raise InvalidTransition("A relationship can only be handed to an active coach.")
        return self._record(
            RelationshipEvent.Kind.HANDED_OVER,
            by=by,
            reason=reason,
            coach=to_coach,
            person_decided=False,
            asked_by_person=asked_by_person,
            at=at,
            import_ref=import_ref,
        )

    def _record(self, kind, *, by, person_decided=True, coach=None, at=None, **fields):
        """Append one event and move the state on, under a row lock.

        The lock makes two people pressing "pause" at once take turns: the
        second sees the first's result and is told the step no longer applies.
        `at` back-dates the step (imports, demo history); it can never come
        before the latest step, so the story stays in order.
        """
        rule = RelationshipEvent.TRANSITIONS[kind]
        at = at or timezone.now()
        try:
            locked, event = self._append(rule, kind, by, person_decided, coach, at, fields)
        except IntegrityError:
            # Only a second open relationship can fail here; the database said no.
            raise InvalidTransition("They already have coaching that has not ended.") from None
        self.state, self.coach = locked.state, locked.coach
        return event

    def _append(self, rule, kind, by, person_decided, coach, at, fields):
        with transaction.atomic():
            locked = Relationship.objects.select_for_update().get(pk=self.pk)
            if locked.state not in rule.from_states:
                raise InvalidTransition(rule.refusal)
            latest = locked.events.order_by("-occurred_at").values_list("occurred_at", flat=True)
            if latest and at < latest[0]:
                raise InvalidTransition("A step cannot come before the one already recorded.")
            event = RelationshipEvent.objects.create(
                relationship=locked,
                kind=kind,
                occurred_at=at,
                recorded_by=by,
                person_decided=person_decided,
                coach=coach,
                **fields,
            )
            locked.state = rule.to_state or locked.state
            if coach is not None:
                locked.coach = coach
            locked.save(update_fields=["state", "coach"])
        return locked, event


@dataclass(frozen=True)
class RelationshipStatus:
    state: str
    coach: object
    coach_since: object
    latest: "RelationshipEvent | None"

    @property
    def paused_until(self):
        if self.state == Relationship.State.PAUSED and self.latest is not None:
            return self.latest.paused_until
        return None


@dataclass(frozen=True)
class TransitionRule:
    from_states: list[str]
    to_state: str | None
    refusal: str


class RelationshipEvent(models.Model):
    class Kind(models.TextChoices):
        BEGAN = "began", "Began"
        PAUSED = "paused", "Paused"
        RESUMED = "resumed", "Resumed"
        ENDED = "ended", "Ended"
        RESTARTED = "restarted", "Restarted"
        HANDED_OVER = "handed_over", "Handed over"

    # The steps only the person can decide; a coach may record them, never take them.
    PERSON_DECISIONS = [Kind.PAUSED, Kind.RESUMED, Kind.ENDED, Kind.RESTARTED]
    # The steps after which a (possibly new) coach walks alongside the person.
    COACH_STEPS = [Kind.BEGAN, Kind.RESTARTED, Kind.HANDED_OVER]

    relationship = models.ForeignKey(
        "coaching.Relationship", on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(max_length=12, choices=Kind)
    occurred_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who pressed the button.",
    )
    person_decided = models.BooleanField(default=True)
    asked_by_person = models.BooleanField(
        default=False, help_text="The person asked for a coach themselves."
    )
    reason = models.TextField(max_length=2000, blank=True, help_text="In the person's own words.")
    paused_until = models.DateField(null=True, blank=True)
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The coach from this step on.",
    )
    import_ref = import_ref_field()

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["relationship", "-occurred_at"]),
            models.Index(fields=["kind", "occurred_at"], name="event_kind_occurred_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind__in=["paused", "resumed", "ended", "restarted"])
                | Q(person_decided=True),
                name="only_the_person_pauses_resumes_ends_restarts",
            ),
            models.CheckConstraint(
                condition=Q(paused_until__isnull=True) | Q(kind="paused"),
                name="until_date_only_on_pause",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["began", "restarted", "handed_over"], coach__isnull=False)
                | (~Q(kind__in=["began", "restarted", "handed_over"]) & Q(coach__isnull=True)),
                name="coach_named_on_coach_steps_only",
            ),
            models.CheckConstraint(
                condition=Q(
                    kind__in=["began", "paused", "resumed", "ended", "restarted", "handed_over"]
                ),
                name="event_kind_known",
            ),
            LengthLimit(field_name="reason", limit=2000, name="event_reason_within_limit"),
        ]

    def __str__(self):
        return f"Relationship event {self.pk}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("Relationship events are never overwritten; add a new one.")
        super().save(*args, **kwargs)


RelationshipEvent.TRANSITIONS = {
    RelationshipEvent.Kind.PAUSED: TransitionRule(
        [Relationship.State.ACTIVE], Relationship.State.PAUSED, _("Coaching is not active now.")
    ),
    RelationshipEvent.Kind.RESUMED: TransitionRule(
        [Relationship.State.PAUSED], Relationship.State.ACTIVE, _("Coaching is not paused now.")
    ),
    RelationshipEvent.Kind.ENDED: TransitionRule(
        Relationship.OPEN_STATES, Relationship.State.ENDED, _("Coaching has already ended.")
    ),
    RelationshipEvent.Kind.RESTARTED: TransitionRule(
        [Relationship.State.ENDED], Relationship.State.ACTIVE, _("Coaching has not ended.")
    ),
    RelationshipEvent.Kind.HANDED_OVER: TransitionRule(
        Relationship.OPEN_STATES, None, "Only current coaching can be handed over."
    ),
}
# The person's decisions, by the step each records.
DECISION_STEPS = {
    "pause": RelationshipEvent.Kind.PAUSED,
    "resume": RelationshipEvent.Kind.RESUMED,
    "end": RelationshipEvent.Kind.ENDED,
    "restart": RelationshipEvent.Kind.RESTARTED,
}


def decision_applies(relationship: Relationship | None, decision: str) -> bool:
    """Whether one of the person's decisions can be taken from where their coaching
    stands now: the rule the step itself is checked against."""
    rule = RelationshipEvent.TRANSITIONS[DECISION_STEPS[decision]]
    return relationship is not None and relationship.state in rule.from_states
