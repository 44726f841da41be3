"""What a coach has already seen of their people's activity."""

from django.conf import settings
from django.db import models


class CoachSeen(models.Model):
    """When a coach last looked at their home, so it can show what is new since.

    Looks close together are one visit: the feed keeps showing what was new at the
    start of the visit (`feed_since`) so a reload or a step back does not lose it.
    """

    coach = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="seen"
    )
    last_looked_at = models.DateTimeField()
    feed_since = models.DateTimeField()

    def __str__(self):
        return f"{self.coach} looked at {self.last_looked_at:%d %b %Y %H:%M}"
