import base64
import binascii
import hashlib
import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

MAIL_NOT_SENT = _(
    "We could not send the email just now. Please try again in a few minutes, "
    "or ask your coach for a code."
)


class AccountAdapter(DefaultAccountAdapter):
    """Nobody signs themselves up: staff are added by the charity, and people
    join with the invitation code their coach gives them."""

    # allauth's messages that reach our pages, in our words.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "enter_current_password": _("That is not your password now. Please try again."),
    }

    def is_open_for_signup(self, request):
        return False

    def get_login_redirect_url(self, request):
        return request.user.home_url()

    def send_mail(self, template_prefix, email, context):
        """allauth's emails (a link to choose a new password) are sent while the person
        waits, as the link must not wait in a queue's table. When the mail server cannot
        be reached, the person is told in words rather than shown an error page."""
        try:
            super().send_mail(template_prefix, email, context)
        except OSError:  # the network, a timeout, or the SMTP server refusing
            logger.warning("allauth's %s email could not be sent", template_prefix)
            messages.warning(self.request, MAIL_NOT_SENT)


class MFAAdapter(DefaultMFAAdapter):
    """Second-factor secrets (the TOTP key, the recovery-code seed) are kept encrypted,
    so a copy of the database or a look at a table does not give anyone's codes away.

    MFA_SECRET_KEYS lists the keys: the first encrypts, every one decrypts, so a key is
    rotated by putting a new one first, running `manage.py reencrypt_second_factors`,
    then dropping the old one.
    """

    def encrypt(self, text: str) -> str:
        return second_factor_keys().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        try:
            return second_factor_keys().decrypt(encrypted_text.encode()).decode()
        except InvalidToken:
            if looks_encrypted(encrypted_text):
                # Returning it as it is would turn every code down with no hint why.
                raise ImproperlyConfigured(
                    "A second-factor secret was encrypted with a key that is not in "
                    "MFA_SECRET_KEYS. Put the old key back (after the new one)."
                ) from None
            # Saved before secrets were encrypted; reencrypt_second_factors encrypts it.
            return encrypted_text


def second_factor_keys() -> MultiFernet:
    keys = settings.MFA_SECRET_KEYS or [f"derived-from-secret-key:{settings.SECRET_KEY}"]
    return MultiFernet([Fernet(_fernet_key(key)) for key in keys])


def _fernet_key(key: str) -> bytes:
    # Any long random string will do as a key: Fernet needs 32 bytes, so hash it.
    return base64.urlsafe_b64encode(hashlib.sha256(f"mayday.mfa:{key}".encode()).digest())


def looks_encrypted(value: str) -> bool:
    """A Fernet token: base64 of version byte 0x80 and more. A TOTP secret (base32,
    capitals) or a recovery seed (hex) never starts so."""
    try:
        raw = base64.urlsafe_b64decode(value.encode() + b"==")
    except (ValueError, binascii.Error):
        return False
    return value.startswith("gAAAAA") and len(raw) > 57 and raw[0] == 0x80
