"""One-time codes with which a person sets up their own sign-in, or chooses a new
password for it when they have forgotten theirs."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from coaching.models.people import Person

INVITATION_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def normalise_invitation_code(raw: str) -> str:
    return "".join(ch for ch in raw.upper() if ch in INVITATION_ALPHABET)


def hash_invitation_code(code: str) -> str:
    return hashlib.sha256(normalise_invitation_code(code).encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(used_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """A short, one-time, expiring code a person uses to set up their sign-in, or, once
    they have one, to choose a new password.

    Only a hash is stored: the code itself is shown once, on the printable page.
    """

    person = models.ForeignKey(
        "coaching.Person", on_delete=models.CASCADE, related_name="invitations"
    )
    code_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation {self.pk}"

    @classmethod
    def issue(cls, *, person: Person, by) -> tuple["Invitation", str]:
        """Create a fresh code for the person, retiring any earlier unused one."""
        now = timezone.now()
        code = "".join(secrets.choice(INVITATION_ALPHABET) for _ in range(8))
        with transaction.atomic():
            cls.objects.filter(person=person).usable().update(expires_at=now)
            invitation = cls.objects.create(
                person=person,
                code_hash=hash_invitation_code(code),
                created_by=by,
                created_at=now,
                expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
            )
        return invitation, f"{code[:4]}-{code[4:]}"
