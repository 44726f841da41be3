"""Reflective practice: a coach's own reflections, and a team's learning sessions.

A reflection is the coach's, private to them unless they share it with their team's
manager. It names nobody, unless the coach links one of their people whose notes are
kept (share_notes): then it is part of that person's record, in their download and,
when staff read it, their access log, as any note is.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from helpers.limits import LengthLimit

REFLECTION_TEXT_LIMIT = 4000


class ReflectionQuerySet(models.QuerySet):
    def for_coach(self, coach):
        """The coach's own reflections: nobody else's, shared or not."""
        return self.filter(coach=coach)

    def for_manager(self, manager):
        """Reflections shared with this manager: by coaches of their team, or of every
        team for a manager of the whole organisation (no team)."""
        shared = self.filter(shared_with_manager=True)
        return shared if manager.team_id is None else shared.filter(coach__team=manager.team_id)


class Reflection(models.Model):
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reflections"
    )
    written_at = models.DateTimeField(default=timezone.now)
    noticed = models.TextField("what I noticed", max_length=REFLECTION_TEXT_LIMIT, blank=True)
    helped = models.TextField("what helped", max_length=REFLECTION_TEXT_LIMIT, blank=True)
    got_in_the_way = models.TextField(
        "what got in the way", max_length=REFLECTION_TEXT_LIMIT, blank=True
    )
    shared_with_manager = models.BooleanField("share with my team's manager", default=False)
    # Linked only while the person keeps notes: see coaching.services.reflection_write.
    person = models.ForeignKey(
        "coaching.Person",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reflections",
    )

    objects = ReflectionQuerySet.as_manager()

    class Meta:
        ordering = ["-written_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(noticed="", helped="", got_in_the_way=""),
                name="reflection_says_something",
                violation_error_message=(
                    "Please write something in at least one of the three boxes."
                ),
            ),
            LengthLimit(
                field_name="noticed", limit=REFLECTION_TEXT_LIMIT, name="reflection_noticed_limit"
            ),
            LengthLimit(
                field_name="helped", limit=REFLECTION_TEXT_LIMIT, name="reflection_helped_limit"
            ),
            LengthLimit(
                field_name="got_in_the_way",
                limit=REFLECTION_TEXT_LIMIT,
                name="reflection_got_in_the_way_limit",
            ),
        ]

    def __str__(self):
        return f"Reflection {self.pk}"

    @property
    def names_person(self) -> bool:
        """Whether it is linked to a person who keeps notes: only then is the link shown
        (and a look logged). Read with the person (select_related)."""
        return self.person_id is not None and self.person.share_notes


class LearningSession(models.Model):
    """A team's learning session, recorded by a manager: when, and the themes it found.
    About the team's work, never about one person."""

    team = models.ForeignKey("coaching.Team", on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField("held on")
    themes_found = models.TextField("themes we found", max_length=2000)
    notes = models.TextField("notes (optional)", max_length=4000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(themes_found=""), name="learning_session_has_themes"
            ),
            LengthLimit(
                field_name="themes_found", limit=2000, name="learning_session_themes_limit"
            ),
            LengthLimit(field_name="notes", limit=4000, name="learning_session_notes_limit"),
        ]

    def __str__(self):
        return f"Learning session {self.pk}"
