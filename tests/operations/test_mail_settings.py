"""The mail settings as each kind of host reads them, in a process of its own (settings
are read once per process)."""

import os
import subprocess
import sys

from django.conf import settings

SEND_ONE = (
    "import django; django.setup(); from django.core import mail; "
    "print(mail.send_mail('Hello', 'A test.', None, ['sam@example.org']))"
)


def _send_one(**environment) -> subprocess.CompletedProcess:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "EMAIL_"))}
    return subprocess.run(
        [sys.executable, "-c", SEND_ONE],
        cwd=settings.BASE_DIR,
        env={
            **keep,
            "DJANGO_SETTINGS_MODULE": "mayday.settings",
            "DJANGO_SECRET_KEY": "mail-settings-test",
            "MFA_SECRET_KEYS": "mail-settings-test",
            **environment,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_in_development_an_email_is_written_to_the_console():
    """The console's backend takes no mail server options: given them, every email
    (a coach's news, a person's link to a new password) failed."""
    sent = _send_one(DJANGO_DEBUG="true")
    assert sent.returncode == 0, sent.stderr
    assert "Subject: Hello" in sent.stdout and sent.stdout.strip().endswith("1")


def test_on_a_host_the_mail_server_options_reach_the_smtp_backend():
    sent = _send_one(
        DJANGO_DEBUG="false",
        DJANGO_ALLOWED_HOSTS="localhost",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT="1",  # nothing listens: the options were taken, the server refused
        EMAIL_TIMEOUT="2",
    )
    assert sent.returncode != 0
    assert "ConnectionRefusedError" in sent.stderr or "refused" in sent.stderr.lower()
    assert "InvalidMailer" not in sent.stderr
