"""Asking for a record to be deleted, and the anonymous counts that outlive it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class DeletionRequest(models.Model):
    """The person asked for their record to be deleted; a manager carries it out.

    Erasure deletes the person, and this request with them: what stays is an
    anonymous count in AnonymousCount, never a row that points at anyone.
    """

    person = models.OneToOneField(
        "coaching.Person", on_delete=models.CASCADE, related_name="deletion_request"
    )
    asked_at = models.DateTimeField(default=timezone.now)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["asked_at", "pk"]

    def __str__(self):
        return f"Request {self.pk} to delete a record"


class AnonymousCount(models.Model):
    """How many of something there were in a team in a month. Nothing finer.

    No person, no id of anything about a person, no date finer than a month, so
    a row cannot lead back to anyone. Erasure adds to these before it deletes.
    """

    class Kind(models.TextChoices):
        RELATIONSHIP = "relationship", "Relationships that began"
        CONTACT = "contact", "Contacts"
        ERASURE = "erasure", "Records deleted at the person's request"

    kind = models.CharField(max_length=20, choices=Kind)
    team_name = models.CharField(max_length=120, blank=True)
    month = models.DateField(help_text="Always the first day of the month.")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["month", "team_name", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "team_name", "month"], name="one_count_per_cell"
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="count_month_is_first_day"),
            models.CheckConstraint(
                condition=Q(kind__in=["relationship", "contact", "erasure"]),
                name="count_kind_known",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}, {self.team_name or 'no team'}, {self.month:%B %Y}"
