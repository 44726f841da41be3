"""Behind the TLS proxy, failed sign-ins are counted per client and per account: one
client's failures lock out neither everyone behind the proxy nor the others on a shared
wifi, and still stop guessing at one account."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings

from coaching.ratelimit import client_address
from tests.conftest import PASSWORD, make_person

ROOT = Path(__file__).resolve().parents[2]
PROXY = "10.0.0.1"  # every request reaches the app from the proxy


def sign_in(username: str, password: str, *, from_address: str) -> bool:
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=from_address)
    client.post("/accounts/login/", {"login": username, "password": password})
    return "_auth_user_id" in client.session


@pytest.fixture
def two_people(coach):
    return make_person("Sam", coach), make_person("Jordan", coach)


@pytest.fixture(autouse=True)
def _behind_one_proxy():
    with override_settings(
        ALLAUTH_TRUSTED_PROXY_COUNT=1, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")
    ):
        yield


def test_ten_failures_from_one_client_do_not_stop_another_clients_right_password(two_people):
    for _ in range(10):
        assert not sign_in("sam", "a-wrong-guess", from_address="203.0.113.5")
    assert sign_in("jordan", PASSWORD, from_address="198.51.100.9")


def test_ten_failures_on_a_shared_wifi_do_not_stop_another_person_on_it(two_people):
    for _ in range(10):
        assert not sign_in("sam", "a-wrong-guess", from_address="203.0.113.5")
    assert sign_in("jordan", PASSWORD, from_address="203.0.113.5")


def test_guessing_one_account_is_stopped_from_any_address(two_people):
    for attempt in range(10):
        assert not sign_in("sam", "a-wrong-guess", from_address=f"203.0.113.{attempt + 1}")
    # The right password, but the account has had too many wrong ones just now.
    assert not sign_in("sam", PASSWORD, from_address="198.51.100.9")


def test_a_right_password_is_not_held_back_by_a_few_of_ones_own_mistakes(two_people):
    for _ in range(3):
        assert not sign_in("sam", "a-wrong-guess", from_address="203.0.113.5")
    assert sign_in("sam", PASSWORD, from_address="203.0.113.5")


def test_invitation_codes_and_ask_count_the_address_the_proxy_saw(rf):
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.9, 203.0.113.5")
    assert client_address(request) == "203.0.113.5"
    with override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=2):
        assert client_address(request) == "198.51.100.9"
    with override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=0):
        assert client_address(request) == PROXY


def _setting(name: str, **env: str) -> str:
    code = f"from django.conf import settings; print(settings.{name})"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "mayday.settings",
            "DJANGO_SECRET_KEY": "test-only",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_behind_the_proxy_allauth_trusts_one_proxy_unless_told_more():
    assert _setting("ALLAUTH_TRUSTED_PROXY_COUNT") == "0"
    assert _setting("ALLAUTH_TRUSTED_PROXY_COUNT", DJANGO_BEHIND_TLS_PROXY="true") == "1"
    assert (
        _setting(
            "ALLAUTH_TRUSTED_PROXY_COUNT",
            DJANGO_BEHIND_TLS_PROXY="true",
            DJANGO_TRUSTED_PROXY_COUNT="2",
        )
        == "2"
    )
