"""What a person did, for their coach to hear about on the coach's home."""

from django.db import models
from django.utils import timezone

from coaching.notify import email_coach_about


class Activity(models.Model):
    class Kind(models.TextChoices):
        PAUSED = "paused", "paused coaching"
        RESUMED = "resumed", "resumed coaching"
        ENDED = "ended", "ended coaching"
        RESTARTED = "restarted", "restarted coaching"
        SHARING_CHANGED = "sharing_changed", "changed a sharing choice"
        GOAL_CHANGED = "goal_changed", "added or changed a goal"
        STRENGTH_CHANGED = "strength_changed", "added or changed a strength"
        BUDGET_REQUESTED = "budget_requested", "asked for a personal budget"
        BUDGET_WITHDRAWN = "budget_withdrawn", "withdrew a budget request"
        WELLBEING_COMPLETED = "wellbeing_completed", "filled in a wellbeing scale"
        DELETION_REQUESTED = "deletion_requested", "asked for their record to be deleted"
        DETAILS_CHANGED = "details_changed", "changed their name, area or personal details"
        ASKED_TO_HEAR = "asked_to_hear", "asked their coach to get in touch"
        IN_TOUCH_CHANGED = "in_touch_changed", "changed their ways of keeping in touch"
        CORRECTION_ASKED = "correction_asked", "asked for a correction to their story"
        # News for the coach a person was handed to, not something the person did.
        HANDED_OVER = "handed_over", "was handed over to you"

    # Worth an email to the coach (never with personal details in it).
    IMPORTANT = [Kind.PAUSED, Kind.ENDED, Kind.BUDGET_REQUESTED, Kind.ASKED_TO_HEAR]

    person = models.ForeignKey(
        "coaching.Person", on_delete=models.CASCADE, related_name="activities"
    )
    kind = models.CharField(max_length=24, choices=Kind)
    occurred_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["person", "-occurred_at"])]
        verbose_name_plural = "activities"

    def __str__(self):
        return f"Activity {self.pk}: {self.get_kind_display()}"


def record_activity(person, kind: str, at=None) -> Activity:
    """Note that the person did something in /me/, so their coach hears of it; `at`
    when it happened earlier than now (a score dated in the past).

    It shows on the coach's home; an IMPORTANT kind also enqueues a generic email to
    the coach (no name, no detail), saved with the person's step: the worker sends it
    once the step is committed, and never if it is not.
    """
    activity = Activity.objects.create(
        person=person, kind=Activity.Kind(kind), occurred_at=at or timezone.now()
    )
    if activity.kind in Activity.IMPORTANT:
        email_coach_about(activity)
    return activity
