"""Encrypt every stored second-factor secret again with the first of MFA_SECRET_KEYS.

Run it after putting a new key first in MFA_SECRET_KEYS, and before dropping the old
one. It also encrypts secrets saved before they were encrypted at all.
"""

from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand
from django.db import transaction

from coaching.adapters import MFAAdapter

# Where each kind of authenticator keeps what is encrypted (passkeys keep no secret).
ENCRYPTED_FIELDS = {
    Authenticator.Type.TOTP: ["secret"],
    Authenticator.Type.RECOVERY_CODES: ["seed", "migrated_codes"],
}


class Command(BaseCommand):
    help = "Encrypt every second-factor secret with the first key in MFA_SECRET_KEYS."

    def handle(self, *args, **options):
        adapter = MFAAdapter()
        done = 0
        ids = Authenticator.objects.filter(type__in=ENCRYPTED_FIELDS).values_list("pk", flat=True)
        for pk in list(ids):
            with transaction.atomic():
                authenticator = Authenticator.objects.select_for_update().filter(pk=pk).first()
                if authenticator is None:
                    continue  # removed since
                for name in ENCRYPTED_FIELDS[authenticator.type]:
                    value = authenticator.data.get(name)
                    if isinstance(value, str):
                        authenticator.data[name] = adapter.encrypt(adapter.decrypt(value))
                    elif isinstance(value, list):
                        authenticator.data[name] = [
                            adapter.encrypt(adapter.decrypt(item)) for item in value
                        ]
                authenticator.save(update_fields=["data"])
                done += 1
        self.stdout.write(f"Encrypted {done} second factor(s) with the first key.")
