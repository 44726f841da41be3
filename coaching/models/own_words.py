"""In the person's own words: what they are working towards and what they are good at.

Nothing is overwritten. Changing the words of a goal keeps the old wording as a
row marked "changed" that points at the new one, so the person's goals read as
a history of what they were working towards and when.
"""

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from coaching.models.relationships import InvalidTransition
from helpers.limits import LengthLimit


class OwnWords(models.Model):
    class Status(models.TextChoices):
        CURRENT = "current", "Current"
        DONE = "done", "Done"
        CHANGED = "changed", "Changed"
        SET_ASIDE = "set_aside", "Set aside"

    person = models.ForeignKey("coaching.Person", on_delete=models.CASCADE, related_name="+")
    text = models.TextField(max_length=500)
    status = models.CharField(max_length=10, choices=Status, default=Status.CURRENT)
    added_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # A coach may add words with the person, never for them.
    with_coach = models.BooleanField(default=False)
    ended_at = models.DateTimeField(null=True, blank=True)
    replaced_by = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replaces"
    )

    KIND = ""  # "goal" or "strength", for URLs and words

    class Meta:
        abstract = True
        ordering = ["-added_at", "-pk"]

    def __str__(self):
        return f"{self.KIND.title()} {self.pk}"

    @property
    def is_current(self) -> bool:
        return self.status == self.Status.CURRENT

    def change(self, text: str, *, by, with_coach: bool = False):
        """New words for the same aim: the old wording is kept, marked changed."""
        with transaction.atomic():
            locked = self._locked_current()
            newer = type(self).objects.create(
                person_id=self.person_id, text=text, added_by=by, with_coach=with_coach
            )
            locked.status, locked.ended_at, locked.replaced_by = (
                self.Status.CHANGED,
                timezone.now(),
                newer,
            )
            locked.save(update_fields=["status", "ended_at", "replaced_by"])
        return newer

    def finish(self, status: str):
        """Mark a goal done, or set a goal or strength aside. Kept as history."""
        if status not in self.FINISHES:
            raise InvalidTransition("That step does not apply.")
        with transaction.atomic():
            locked = self._locked_current()
            locked.status, locked.ended_at = status, timezone.now()
            locked.save(update_fields=["status", "ended_at"])
        self.status, self.ended_at = locked.status, locked.ended_at

    def _locked_current(self):
        locked = type(self).objects.select_for_update().get(pk=self.pk)
        if not locked.is_current:
            raise InvalidTransition("This has already changed. Please look again.")
        return locked


class Goal(OwnWords):
    """What I'm working towards."""

    KIND = "goal"
    FINISHES = [OwnWords.Status.DONE, OwnWords.Status.SET_ASIDE]

    person = models.ForeignKey("coaching.Person", on_delete=models.CASCADE, related_name="goals")

    class Meta(OwnWords.Meta):
        indexes = [models.Index(fields=["person", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["current", "done", "changed", "set_aside"]),
                name="goal_status_known",
            ),
            models.CheckConstraint(
                condition=Q(status="current", ended_at__isnull=True)
                | (~Q(status="current") & Q(ended_at__isnull=False)),
                name="goal_ended_when_not_current",
            ),
            models.CheckConstraint(
                condition=Q(replaced_by__isnull=True) | Q(status="changed"),
                name="goal_replaced_only_when_changed",
            ),
            LengthLimit(field_name="text", limit=500, name="goal_text_within_limit"),
        ]


class Strength(OwnWords):
    """What I'm good at, what I enjoy."""

    KIND = "strength"
    FINISHES = [OwnWords.Status.SET_ASIDE]

    person = models.ForeignKey(
        "coaching.Person", on_delete=models.CASCADE, related_name="strengths"
    )

    class Meta(OwnWords.Meta):
        indexes = [models.Index(fields=["person", "status"])]
        constraints = [
            # A strength is never "done"; it can change or be set aside.
            models.CheckConstraint(
                condition=Q(status__in=["current", "changed", "set_aside"]),
                name="strength_status_known",
            ),
            models.CheckConstraint(
                condition=Q(status="current", ended_at__isnull=True)
                | (~Q(status="current") & Q(ended_at__isnull=False)),
                name="strength_ended_when_not_current",
            ),
            models.CheckConstraint(
                condition=Q(replaced_by__isnull=True) | Q(status="changed"),
                name="strength_replaced_only_when_changed",
            ),
            LengthLimit(field_name="text", limit=500, name="strength_text_within_limit"),
        ]
