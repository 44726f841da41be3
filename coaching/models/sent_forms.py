"""Forms already sent: one row per form that saved something, so a second sending of
the same form (a double press, a resend after a slow page, Back and send again) saves
nothing new."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class SentForm(models.Model):
    """A form that has saved what it was sent for, found again by the key it carried
    or, for a few minutes, by its words.

    Every form that makes something carries a fresh random key (coaching/sent_once.py).
    The key is the primary key, so a second insert of it is refused by the database,
    however close together the two sendings come. Back after saving brings the form
    again with a new key but the same words, so the row keeps a digest of them (keyed by
    SECRET_KEY, with the sender and the form's address), unique while it is kept: the
    words themselves are never stored. Otherwise the row holds who sent it (blank for
    someone asking for a coach without signing in), when, and the page that showed what
    it saved, where a second sending is sent instead.

    Not in "Download my data": a person's rows say only that they sent a form that
    saved a thing, and the thing itself (a request, a score, a goal) is in the
    download with its date. Erasure deletes them with the person's sign-in, and clears
    every digest of words.
    """

    key = models.UUIDField(primary_key=True, editable=False)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    sent_at = models.DateTimeField(default=timezone.now, editable=False)
    result_url = models.CharField(max_length=300, editable=False)
    # NULL, not "", once cleared: the unique constraint passes over NULLs.
    words = models.CharField(max_length=64, null=True, blank=True, editable=False)  # noqa: DJ001

    class Meta:
        indexes = [models.Index(fields=["sent_at"], name="sent_form_sent_at")]
        constraints = [
            models.UniqueConstraint(
                fields=["words"], condition=Q(words__isnull=False), name="sent_form_words_once"
            ),
        ]

    def __str__(self):
        return f"Form sent at {self.sent_at:%Y-%m-%d %H:%M}"
