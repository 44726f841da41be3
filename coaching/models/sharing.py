"""The history of a person's sharing choices: every change, when, and who pressed it."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from coaching.models.people import SharingChoice


class SharingChange(models.Model):
    person = models.ForeignKey(
        "coaching.Person", on_delete=models.CASCADE, related_name="sharing_changes"
    )
    choice = models.CharField(max_length=12, choices=SharingChoice)
    allowed = models.BooleanField()
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # A coach may record a choice with the person, never for them.
    with_coach = models.BooleanField(default=False)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        indexes = [models.Index(fields=["person", "-changed_at"])]

    def __str__(self):
        return f"{self.get_choice_display()}: {'on' if self.allowed else 'off'}"
