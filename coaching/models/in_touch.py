"""How a person would like to keep in touch with their coach, and their asks that the
coach get in touch ("Reach my coach").

KeepingInTouch is one row per person, read with the person on their page, /me/ and
the contact form (select_related), so it costs those pages no query of its own. It
points at the person's latest ask for the same reason.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helpers.limits import LengthLimit


class KeepingInTouch(models.Model):
    class Rhythm(models.TextChoices):
        WEEK = "week", _("Every week")
        FORTNIGHT = "fortnight", _("Every couple of weeks")
        MONTH = "month", _("Every month")
        TWO_MONTHS = "two_months", _("Every couple of months")
        WHEN_I_ASK = "when_i_ask", _("When I get in touch")

    person = models.OneToOneField(
        "coaching.Person", on_delete=models.CASCADE, related_name="keeping_in_touch"
    )
    # Blank: not said, and the organisation's quiet period applies (quiet_after).
    rhythm = models.CharField(max_length=12, choices=Rhythm, blank=True)
    by_phone = models.BooleanField(_("Phone call"), default=False)
    by_text = models.BooleanField(_("Text message"), default=False)
    by_voice_note = models.BooleanField(_("Voice note"), default=False)
    in_person = models.BooleanField(_("Meeting in person"), default=False)
    by_video = models.BooleanField(_("Video call"), default=False)
    best_times = models.CharField(max_length=120, blank=True)
    language = models.CharField(max_length=60, blank=True)
    interpreter = models.BooleanField(_("An interpreter"), default=False)
    easy_read = models.BooleanField(_("Easy read"), default=False)
    larger_text = models.BooleanField(_("Larger text"), default=False)
    someone_there = models.BooleanField(_("Someone I trust there with me"), default=False)
    hearing = models.BooleanField(_("Help with hearing"), default=False)
    speech = models.BooleanField(_("Help with speaking or finding words (aphasia)"), default=False)
    other_needs = models.CharField(max_length=300, blank=True)
    latest_ask = models.ForeignKey(
        "coaching.ContactAsk", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    WAYS = ["by_phone", "by_text", "by_voice_note", "in_person", "by_video"]
    NEEDS = ["interpreter", "easy_read", "larger_text", "someone_there", "hearing", "speech"]
    # What the person (or their coach with them) answers; not the latest ask.
    FIELDS = ["rhythm", *WAYS, "best_times", "language", *NEEDS, "other_needs"]

    class Meta:
        verbose_name_plural = "keeping in touch"
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    rhythm__in=["", "week", "fortnight", "month", "two_months", "when_i_ask"]
                ),
                name="keeping_in_touch_rhythm_known",
            ),
            LengthLimit(field_name="best_times", limit=120, name="best_times_within_limit"),
            LengthLimit(field_name="language", limit=60, name="language_within_limit"),
            LengthLimit(field_name="other_needs", limit=300, name="other_needs_within_limit"),
        ]

    def __str__(self):
        return f"Keeping in touch {self.pk}"

    def answers(self) -> list:
        return [getattr(self, field) for field in self.FIELDS]

    def ways(self) -> list[str]:
        """The ways that suit, in words."""
        return [self._label(field) for field in self.WAYS if getattr(self, field)]

    def needs(self) -> list[str]:
        """What helps them communicate, in words, their own words last."""
        found = [self._label(field) for field in self.NEEDS if getattr(self, field)]
        if self.interpreter and self.language:
            found[0] = _("An interpreter (%(language)s)") % {"language": self.language}
        return found + ([self.other_needs] if self.other_needs else [])

    @classmethod
    def _label(cls, field: str) -> str:
        # Lazy, so forms built at import time still speak the reader's language.
        return cls._meta.get_field(field).verbose_name


RHYTHM_DAYS = {
    KeepingInTouch.Rhythm.WEEK: 7,
    KeepingInTouch.Rhythm.FORTNIGHT: 14,
    KeepingInTouch.Rhythm.MONTH: 31,
    KeepingInTouch.Rhythm.TWO_MONTHS: 62,
}


def quiet_after(rhythm: str | None) -> timedelta | None:
    """How long without contact before a person may be due a word: their own rhythm,
    else the organisation's STEPPED_BACK_AFTER_DAYS. None for "when I get in touch":
    they reach out, so they are never marked quiet."""
    if rhythm == KeepingInTouch.Rhythm.WHEN_I_ASK:
        return None
    return timedelta(days=RHYTHM_DAYS.get(rhythm, settings.STEPPED_BACK_AFTER_DAYS))


class ContactAsk(models.Model):
    """The person asked their coach to get in touch. The coach marks it answered.
    Never a message thread: the answer is the contact itself."""

    class How(models.TextChoices):
        CALL = "call", _("Call me")
        TEXT = "text", _("Text me")
        VOICE_NOTE = "voice_note", _("Send me a voice note")
        MEET = "meet", _("Meet me")

    person = models.ForeignKey(
        "coaching.Person", on_delete=models.CASCADE, related_name="contact_asks"
    )
    how = models.CharField(max_length=12, choices=How)
    when_suits = models.CharField(max_length=120, blank=True)
    words = models.TextField(max_length=500, blank=True)
    asked_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-asked_at", "-pk"]
        indexes = [models.Index(fields=["person", "-asked_at"], name="contact_ask_person_asked")]
        constraints = [
            models.CheckConstraint(
                condition=Q(how__in=["call", "text", "voice_note", "meet"]),
                name="contact_ask_how_known",
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=False) | Q(answered_by__isnull=True),
                name="contact_ask_answered_by_only_when_answered",
            ),
            LengthLimit(field_name="when_suits", limit=120, name="when_suits_within_limit"),
            LengthLimit(field_name="words", limit=500, name="contact_ask_words_within_limit"),
        ]

    def __str__(self):
        return f"Ask to get in touch {self.pk}"

    @property
    def answered(self) -> bool:
        return self.answered_at is not None
