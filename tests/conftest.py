"""Personas, as healthchecks does: a coach, an outsider coach, a person, a second
person, and a manager. Plain make_* helpers build the rest."""

import re
import time
from unittest import mock

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from coaching import services
from coaching.models import Team, User

PASSWORD = "a-long-test-password"
# Staff personas have a second factor, as every real member of staff must.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret: str = TOTP_SECRET) -> str:
    """The current code, never one about to roll over while the form is submitted."""
    if 30 - time.time() % 30 < 2:
        time.sleep(30 - time.time() % 30 + 0.1)
    counter = int(time.time()) // 30
    return format_hotp_value(hotp_value(secret, counter))


def give_second_factor(user) -> None:
    TOTP.activate(user, TOTP_SECRET)


@pytest.fixture(scope="session", autouse=True)
def _test_settings():
    """Tests talk plain http to the test server (the browser's live server too, which
    starts once per session) and read static files from the tree."""
    from django.conf import settings

    overrides = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        SECURE_SSL_REDIRECT=False,
        SECURE_HSTS_SECONDS=0,
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
        SESSION_COOKIE_NAME="sessionid",
        CSRF_COOKIE_NAME="csrftoken",
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    )
    overrides.enable()
    yield
    overrides.disable()


def make_team(name="Leeds North", area="Leeds") -> Team:
    return Team.objects.get_or_create(name=name, defaults={"area": area})[0]


def make_coach(username="meg", team=None, *, second_factor=True, **fields) -> User:
    coach = User.objects.create_user(
        username=username,
        email=f"{username}@example.org",
        password=PASSWORD,
        first_name=fields.pop("first_name", username.title()),
        role=User.Role.COACH,
        team=team or make_team(),
        **fields,
    )
    if second_factor:
        give_second_factor(coach)
    return coach


def make_manager(username="ruth", *, second_factor=True) -> User:
    manager = User.objects.create_user(
        username=username,
        email=f"{username}@example.org",
        password=PASSWORD,
        role=User.Role.MANAGER,
    )
    if second_factor:
        give_second_factor(manager)
    return manager


def make_commissioner(*contracts, username="cara") -> User:
    """A commissioner's sign-in, with a second factor, given these contracts."""
    commissioner = User.objects.create_user(
        username=username,
        email=f"{username}@example.org",
        password=PASSWORD,
        role=User.Role.COMMISSIONER,
    )
    give_second_factor(commissioner)
    commissioner.commissioned_contracts.set(contracts)
    return commissioner


def shows_word(page: str, word: str) -> bool:
    """Whether `word` is on the page as a word of its own. A page's random tokens (its
    CSRF token) hold letters too: "Sam" was once found inside one."""
    return re.search(rf"\b{re.escape(word)}\b", page) is not None


def make_person(name="Sam", coach=None, *, with_login=True, **fields):
    person = services.person_create(name=name, coach=coach, by=coach, **fields)
    if with_login:
        person.user = User.objects.create_user(
            username=name.lower().replace(" ", ""), password=PASSWORD, role=User.Role.PERSON
        )
        person.save(update_fields=["user"])
    return person


def run_tasks() -> None:
    """Run every task that is due, as the worker (`manage.py db_worker`) would.

    The worker closes its database connection between tasks when it is inside a
    transaction, as a test is; here that connection is the test's own, so it is kept.
    """
    worker = "django_tasks_db.management.commands.db_worker.close_old_connections"
    with mock.patch(worker):
        call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


@pytest.fixture
def coach(db):
    return make_coach("meg")


@pytest.fixture
def outsider(db):
    return make_coach("dan", team=make_team("Calderdale", "Calderdale"))


@pytest.fixture
def manager(db):
    return make_manager()


@pytest.fixture
def person(coach):
    return make_person("Sam", coach)


@pytest.fixture
def other_person(outsider):
    return make_person("Jordan", outsider)


@pytest.fixture
def coach_client(client, coach):
    client.force_login(coach)
    return client


@pytest.fixture
def person_client(client, person):
    client.force_login(person.user)
    return client


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def pytest_collection_modifyitems(config, items):
    postgres_only = pytest.mark.skip(reason="needs PostgreSQL; runs in CI's PostgreSQL pass")
    for item in items:
        if "postgres" in item.keywords and not _database_is_postgres():
            item.add_marker(postgres_only)


def _database_is_postgres() -> bool:
    from django.conf import settings

    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def pytest_terminal_summary(terminalreporter):
    from tests.security.test_bad_input import SUBMISSIONS

    if SUBMISSIONS["count"]:
        terminalreporter.write_line(
            "Generated form submissions: {count} ({saved} valid and saved, "
            "{refused} refused with no change)".format(**SUBMISSIONS)
        )
