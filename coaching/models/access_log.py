"""Who has looked at a person's record: every staff view, readable by the person."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from coaching.models.people import User


class AccessLogEntry(models.Model):
    """One staff view of a person's data. The person can read every entry."""

    person = models.ForeignKey(
        "coaching.Person", on_delete=models.CASCADE, related_name="access_log"
    )
    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    viewer_role = models.CharField(max_length=12, choices=User.Role)
    viewed_at = models.DateTimeField(default=timezone.now)
    what = models.CharField(max_length=200)
    as_cover = models.BooleanField(default=False)

    class Meta:
        ordering = ["-viewed_at", "-pk"]
        indexes = [models.Index(fields=["person", "-viewed_at"])]
        verbose_name_plural = "access log entries"

    def __str__(self):
        return f"Access log entry {self.pk}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("The access log is never edited.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        # Entries go only with the whole record, when the person asks for erasure.
        raise ValueError("The access log is never edited.")
