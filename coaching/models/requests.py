"""Asking for a coach: a request from the public page, waiting in a team's inbox.

Anyone can ask, with no referral and no proof. A coach of the team takes the
request; the person's record is created from it and coaching begins. A request
is personal data: once taken it belongs to the person (and goes when their
record is erased); an untaken one is seen only by its team and is forgotten
after `COACH_REQUEST_KEEP_DAYS` (see `manage.py forget_untaken_requests`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coaching.models.people import Person
from helpers.limits import LengthLimit
from helpers.paths import path_for


class CoachRequestQuerySet(models.QuerySet):
    def untaken(self):
        return self.filter(person__isnull=True)

    def for_coach(self, coach):
        """Untaken requests in the coach's team inbox, and taken ones for their people."""
        return self.filter(
            Q(person__isnull=True, team_id=coach.team_id)
            | Q(person__in=Person.objects.for_coach(coach))
        )


class CoachRequest(models.Model):
    class ReachBy(models.TextChoices):
        PHONE = "phone", _("Phone or text")
        EMAIL = "email", _("Email")
        PLACE = "place", _("Meet at a place and time")
        MESSAGE = "message", _("Someone who can pass on a message")

    name = models.CharField(max_length=120, help_text="A name or nickname.")
    reach_by = models.CharField(max_length=10, choices=ReachBy)
    reach_details = models.CharField(max_length=500)
    area = models.CharField(max_length=120, blank=True, help_text="Empty: not sure.")
    message = models.TextField(
        max_length=2000, blank=True, help_text="Anything they'd like us to know."
    )
    passed_on_by = models.CharField(
        max_length=200, blank=True, help_text="The organisation that passed them on, if any."
    )
    team = models.ForeignKey(
        "coaching.Team", on_delete=models.PROTECT, related_name="coach_requests"
    )
    created_at = models.DateTimeField(default=timezone.now)

    # Usually one a person; more when someone who ended comes back through /ask/ and
    # their story continues (coaching.returning).
    person = models.ForeignKey(
        "coaching.Person",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="coach_requests",
    )
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    taken_at = models.DateTimeField(null=True, blank=True)
    # For a request passed on by another organisation: the coach confirmed, on
    # meeting them, that the person themselves wants coaching.
    person_agreed = models.BooleanField(default=False)

    objects = CoachRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["team", "-created_at"],
                condition=Q(person__isnull=True),
                name="coach_request_inbox",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=True, taken_by__isnull=True, taken_at__isnull=True)
                | Q(person__isnull=False, taken_by__isnull=False, taken_at__isnull=False),
                name="coach_request_taken_whole",
            ),
            models.CheckConstraint(
                condition=Q(passed_on_by="") | Q(person__isnull=True) | Q(person_agreed=True),
                name="coach_request_passed_on_needs_agreement",
            ),
            models.CheckConstraint(
                condition=Q(reach_by__in=["phone", "email", "place", "message"]),
                name="coach_request_reach_by_known",
            ),
            models.CheckConstraint(
                condition=~Q(name="") & ~Q(reach_details=""),
                name="coach_request_has_name_and_way_to_reach",
            ),
            LengthLimit(field_name="name", limit=120, name="coach_request_name_within_limit"),
            LengthLimit(
                field_name="reach_details",
                limit=500,
                name="coach_request_reach_details_within_limit",
            ),
            LengthLimit(field_name="area", limit=120, name="coach_request_area_within_limit"),
            LengthLimit(
                field_name="message", limit=2000, name="coach_request_message_within_limit"
            ),
            LengthLimit(
                field_name="passed_on_by", limit=200, name="coach_request_passed_on_by_within_limit"
            ),
        ]

    def __str__(self):
        return f"Request {self.pk}"

    def get_absolute_url(self):
        return path_for("coaching:coach_request", self.pk)

    @property
    def is_taken(self) -> bool:
        return self.person_id is not None

    @property
    def is_passed_on(self) -> bool:
        return bool(self.passed_on_by)


class CoachRequestPass(models.Model):
    """A request moved from one team's inbox to another's. Kept with the request."""

    coach_request = models.ForeignKey(CoachRequest, on_delete=models.CASCADE, related_name="passes")
    from_team = models.ForeignKey("coaching.Team", on_delete=models.PROTECT, related_name="+")
    to_team = models.ForeignKey("coaching.Team", on_delete=models.PROTECT, related_name="+")
    passed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    passed_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-passed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_team=models.F("to_team")), name="coach_request_pass_moves"
            ),
            LengthLimit(field_name="note", limit=500, name="coach_request_pass_note_within_limit"),
        ]

    def __str__(self):
        return f"{self.from_team} to {self.to_team}"


class CoachChangeRequestQuerySet(models.QuerySet):
    def waiting(self):
        """Not yet answered by a handover, for someone whose coaching is still open."""
        return self.filter(
            answered_at__isnull=True,
            person__current_relationship__state__in=["active", "paused"],
        )

    def for_coach(self, coach):
        """In the coach's team inbox: asked while their coach was in the coach's team."""
        return self.filter(team_id=coach.team_id) if coach.team_id else self.none()


class CoachChangeRequest(models.Model):
    """A person asking for a different coach, in their own words from /me/. It waits in
    the inbox of their coach's team, for every coach there (not only their own), until a
    handover answers it; that handover is marked as asked for by the person."""

    person = models.ForeignKey(
        "coaching.Person", on_delete=models.CASCADE, related_name="coach_change_requests"
    )
    team = models.ForeignKey(
        "coaching.Team", on_delete=models.PROTECT, related_name="coach_change_requests"
    )
    words = models.TextField(
        max_length=1000, blank=True, help_text="Why, in the person's own words, if they said."
    )
    asked_at = models.DateTimeField(default=timezone.now)
    # The handover that answered it (its step says the person asked): when, and to whom.
    answered_at = models.DateTimeField(null=True, blank=True)
    handed_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = CoachChangeRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-asked_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(answered_at__isnull=True),
                name="one_open_coach_change_request",
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True, handed_to__isnull=True)
                | Q(answered_at__isnull=False, handed_to__isnull=False),
                name="coach_change_answered_whole",
            ),
            LengthLimit(field_name="words", limit=1000, name="coach_change_words_within_limit"),
        ]

    def __str__(self):
        return f"Request for a different coach {self.pk}"

    def get_absolute_url(self):
        return path_for("coaching:coach_change", self.pk)
