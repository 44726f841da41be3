"""Second-factor secrets are stored encrypted, still check codes, and can be moved to a
new key without anyone setting their phone up again."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from tests.conftest import TOTP_SECRET, make_coach, totp_code


def _stored_secret(user) -> str:
    return Authenticator.objects.get(user=user, type="totp").data["secret"]


def _code_works(user) -> bool:
    # A fresh wrapper each time: TOTP refuses a code it has just accepted (replay).
    from django.core.cache import cache

    cache.clear()
    return TOTP(Authenticator.objects.get(user=user, type="totp")).validate_code(totp_code())


def test_the_stored_totp_secret_is_not_the_secret_and_codes_still_work(db):
    coach = make_coach("meg")
    stored = _stored_secret(coach)
    assert stored != TOTP_SECRET and TOTP_SECRET not in stored
    assert _code_works(coach)


def test_recovery_codes_are_seeded_from_an_encrypted_seed(db):
    coach = make_coach("meg")
    codes = RecoveryCodes.activate(coach)
    stored = Authenticator.objects.get(user=coach, type="recovery_codes").data["seed"]
    assert stored.startswith("gAAAAA")
    assert codes.validate_code(codes.get_unused_codes()[0])


def test_a_secret_saved_before_encryption_still_works_and_the_command_encrypts_it(db):
    coach = make_coach("meg")
    Authenticator.objects.filter(user=coach).update(data={"secret": TOTP_SECRET})
    assert _code_works(coach)
    call_command("reencrypt_second_factors", stdout=None)
    assert _stored_secret(coach) != TOTP_SECRET
    assert _code_works(coach)


def test_rotating_the_key_keeps_every_code_working(db, settings):
    settings.MFA_SECRET_KEYS = ["the-old-key"]
    coach = make_coach("meg")
    under_old_key = _stored_secret(coach)

    settings.MFA_SECRET_KEYS = ["the-new-key", "the-old-key"]
    assert _code_works(coach)  # the old key still decrypts
    call_command("reencrypt_second_factors", stdout=None)
    assert _stored_secret(coach) != under_old_key

    settings.MFA_SECRET_KEYS = ["the-new-key"]
    assert _code_works(coach)


def test_a_secret_under_a_dropped_key_is_an_error_not_a_silent_refusal(db, settings):
    settings.MFA_SECRET_KEYS = ["the-old-key"]
    coach = make_coach("meg")
    settings.MFA_SECRET_KEYS = ["the-new-key"]
    with pytest.raises(ImproperlyConfigured, match="MFA_SECRET_KEYS"):
        _code_works(coach)
