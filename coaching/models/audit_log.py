"""The audit log: sign-ins, refusals and consequential changes, append-only.

The database itself refuses UPDATE and DELETE on this table (a trigger: see
coaching.history), so not even a bug or a careless admin can rewrite history. It
holds ids and short codes only, never personal details, so it can outlive an
erased record without keeping anything that points back to the person.
"""

from django.db import models
from django.utils import timezone


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        SIGNED_IN = "signed_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
        SIGNED_OUT = "signed_out", "Signed out"
        ACCESS_REFUSED = "access_refused", "Access refused"
        SHARING_CHANGED = "sharing_changed", "Sharing choice changed"
        BUDGET_DECIDED = "budget_decided", "Budget request decided"
        BUDGET_PAID = "budget_paid", "Budget payment recorded"
        OUTCOME_RECORDED = "outcome_recorded", "Outcome recorded"
        OUTCOME_VERIFIED = "outcome_verified", "Outcome verified"
        RECORD_ERASED = "record_erased", "Record erased"
        PASSWORD_SET_WITH_CODE = "password_code", "New password chosen with a code"
        NOTES_DELETED = "notes_deleted", "Notes deleted at the person's request"

    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    action = models.CharField(max_length=24, choices=Action)
    # Plain ids, not foreign keys: the log must outlive the rows it mentions.
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_role = models.CharField(max_length=12, blank=True)
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.BigIntegerField(null=True, blank=True)
    detail = models.CharField(max_length=200, blank=True)
    ip_hash = models.CharField(max_length=16, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        # "Download my data" reads one person's own actions, oldest first.
        indexes = [models.Index(fields=["actor_id", "occurred_at"], name="audit_actor_occurred_at")]

    def __str__(self):
        return f"{self.get_action_display()} at {self.occurred_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("The audit log is never edited.")
        super().save(*args, **kwargs)
