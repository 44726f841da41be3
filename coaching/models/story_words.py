"""The person's own words in their story: an entry they add, and their ask that an
entry about them be corrected, with their coach's answer.

Nothing in the story is rewritten. A correction is its own moment, shown beside the
entry it corrects: the entry, the ask and the answer all stay for the person to read.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from helpers.limits import LengthLimit

WORDS_LIMIT = 1000


class PersonEntry(models.Model):
    """An entry the person added to their own story, in their words."""

    person = models.ForeignKey(
        "coaching.Person", on_delete=models.CASCADE, related_name="story_entries"
    )
    text = models.TextField(max_length=WORDS_LIMIT)
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-written_at", "-pk"]
        indexes = [models.Index(fields=["person", "-written_at"], name="person_entry_written")]
        constraints = [
            LengthLimit(
                field_name="text", limit=WORDS_LIMIT, name="person_entry_text_within_limit"
            ),
        ]

    def __str__(self):
        return f"Person's entry {self.pk}"


class Correction(models.Model):
    """The person asks that an entry about them (a contact or a step of their coaching)
    be corrected; their coach answers with a correction, or says why not."""

    class About(models.TextChoices):
        CONTACT = "contact"
        STEP = "step"

    class Answer(models.TextChoices):
        NOT_YET = "", "Not answered yet"
        # Marked, so the person's download reads them in their language.
        CORRECTED = "corrected", gettext_noop("Corrected")
        NOT_CORRECTED = "not_corrected", gettext_noop("Not changed, and why")

    person = models.ForeignKey("coaching.Person", on_delete=models.CASCADE, related_name="+")
    contact = models.ForeignKey(
        "coaching.Contact", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # Steps are kept as written: one goes only with the whole record (erasure), which
    # takes its corrections with it through `person`. DO_NOTHING lets erasure delete
    # steps as it always has (the history triggers find their person by relationship).
    step = models.ForeignKey(
        "coaching.RelationshipEvent",
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="+",
    )
    asked_words = models.TextField(max_length=WORDS_LIMIT)
    asked_at = models.DateTimeField(default=timezone.now)
    answer = models.CharField(max_length=16, choices=Answer, blank=True)
    answer_words = models.TextField(max_length=WORDS_LIMIT, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-asked_at", "-pk"]
        indexes = [models.Index(fields=["person", "-asked_at"], name="correction_person_asked")]
        constraints = [
            models.CheckConstraint(
                condition=Q(contact__isnull=False, step__isnull=True)
                | Q(contact__isnull=True, step__isnull=False),
                name="correction_about_one_entry",
            ),
            models.CheckConstraint(
                condition=Q(answer="", answered_at__isnull=True)
                | Q(answer__in=["corrected", "not_corrected"], answered_at__isnull=False),
                name="correction_answered_with_a_time",
            ),
            LengthLimit(
                field_name="asked_words", limit=WORDS_LIMIT, name="correction_asked_within_limit"
            ),
            LengthLimit(
                field_name="answer_words", limit=WORDS_LIMIT, name="correction_answer_within_limit"
            ),
        ]

    def __str__(self):
        return f"Correction {self.pk}"

    @property
    def about(self) -> str:
        return self.About.CONTACT if self.contact_id else self.About.STEP

    @property
    def entry(self):
        """The contact or step this corrects."""
        return self.contact if self.contact_id else self.step
