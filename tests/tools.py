"""Helpers for scripts that drive a running server (bin/fault-check)."""

import time
from datetime import timedelta


def make_signed_in_coach() -> tuple[str, int]:
    """A coach with a second factor and one person, and a session cookie for the coach."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from tests.conftest import give_second_factor, make_coach, make_person

    coach = make_coach("fault-coach", second_factor=False)
    give_second_factor(coach)
    # Coaching began a week ago: the load logs contacts an hour old, and a contact from
    # before coaching began is asked about rather than saved.
    began = timezone.now() - timedelta(days=7)
    person = make_person("Fault", coach, with_login=False, began_at=began)
    session = SessionStore()
    now = time.time()
    session.update(
        {
            SESSION_KEY: str(coach.pk),
            BACKEND_SESSION_KEY: "coaching.backends.ModelBackend",
            HASH_SESSION_KEY: coach.get_session_auth_hash(),
            "signed_in_at": now,
            "last_seen_at": now,
        }
    )
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}", person.pk
