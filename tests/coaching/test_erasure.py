"""Asking for a record to be deleted, and erasure that leaves no trace of the person."""

import re
from datetime import date

import pytest
from django.db import connection
from django.urls import reverse

from coaching import services
from coaching.models import (
    Activity,
    AnonymousCount,
    DeletionRequest,
    Goal,
    Person,
    PersonalDetails,
    Strength,
    User,
)
from tests.conftest import make_person
from tests.outcomes.helpers import make_outcome

NAME = "Zebedee Quartermaine"
SECRETS = [
    NAME,
    "zebedee",
    "Notes about the eviction",
    "Earlier notes text",
    "Own a bicycle",
    "Juggling fire",
    "Tell nobody this reason",
    "Plymouth Hoe",
]


def _all_text_in_the_database() -> str:
    dump = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            dump.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(dump).lower()


@pytest.fixture
def zebedee(coach):
    person = make_person(NAME, coach, area="Plymouth Hoe")
    contact = services.contact_log(
        person=person, coach=coach, fields={"channel": "phone", "notes": "Earlier notes text"}
    )
    services.contact_update(
        contact=contact, expected_version=1, by=coach, fields={"notes": "Notes about the eviction"}
    )
    services.own_words_add(model=Goal, person=person, text="Own a bicycle", by=person.user)
    services.own_words_add(model=Strength, person=person, text="Juggling fire", by=coach)
    person.current_relationship.pause(by=person.user, reason="Tell nobody this reason")
    services.sharing_change(person=person, choice="cover", allowed=True, by=person.user)
    PersonalDetails.objects.create(person=person, gender="woman", updated_by=person.user)
    # An outcome with a sustainment after it: the sustainment holds on to its entry.
    entry = make_outcome(person, "entered-employment", date(2025, 6, 1), by=coach)
    make_outcome(person, "employment-13-weeks", date(2025, 9, 1), by=coach, sustains=entry)
    services.deletion_request_make(person=person, by=person.user)
    return person


def test_person_asks_and_can_withdraw(person_client, person):
    url = reverse("coaching:me_delete")
    assert "Ask to delete my record" in person_client.get(url).content.decode()
    person_client.post(url)
    assert DeletionRequest.objects.filter(person=person).exists()
    assert Activity.objects.filter(person=person, kind="deletion_requested").count() == 1
    assert "You asked on" in person_client.get(url).content.decode()
    person_client.post(url)  # asking twice makes one request
    assert DeletionRequest.objects.count() == 1
    person_client.post(url, {"withdraw": "1"})
    assert not DeletionRequest.objects.exists()


def test_manager_lists_requests_without_names(manager_client, zebedee):
    page = manager_client.get(reverse("coaching:deletion_requests")).content.decode()
    assert "Request " in page and NAME not in page


def test_manager_must_confirm_before_erasure(manager_client, zebedee):
    deletion = zebedee.deletion_request
    url = reverse("coaching:deletion_request", args=[deletion.pk])
    response = manager_client.post(url, {})
    assert response.status_code == 200 and response.context["form"].errors
    assert Person.objects.filter(pk=zebedee.pk).exists()


def test_erasure_leaves_no_trace_of_name_notes_or_goals_in_any_table(
    manager_client, coach, zebedee
):
    assert all(secret.lower() in _all_text_in_the_database() for secret in SECRETS)
    username = zebedee.user.username
    deletion = zebedee.deletion_request
    response = manager_client.post(
        reverse("coaching:deletion_request", args=[deletion.pk]), {"confirm": "on"}, follow=True
    )
    assert "is carried out" in response.content.decode()
    everything = _all_text_in_the_database()
    for secret in SECRETS:
        assert secret.lower() not in everything, secret
    assert not User.objects.filter(username=username).exists()
    assert not Person.objects.exists()
    # The coach and the manager stay.
    assert User.objects.filter(pk=coach.pk).exists()


def test_erasure_keeps_only_anonymous_counts_by_team_and_month(manager_client, coach, zebedee):
    manager_client.post(
        reverse("coaching:deletion_request", args=[zebedee.deletion_request.pk]),
        {"confirm": "on"},
    )
    counts = {(c.kind, c.team_name, c.count) for c in AnonymousCount.objects.all()}
    assert counts == {
        ("relationship", "Leeds North", 1),
        ("contact", "Leeds North", 1),
        ("erasure", "Leeds North", 1),
    }
    assert all(c.month.day == 1 for c in AnonymousCount.objects.all())
    fields = {f.name for f in AnonymousCount._meta.get_fields()}
    assert fields == {"id", "kind", "team_name", "month", "count"}


def test_a_person_who_chose_not_to_be_counted_leaves_only_the_erasure(manager_client, zebedee):
    services.sharing_change(person=zebedee, choice="reporting", allowed=False, by=zebedee.user)
    manager_client.post(
        reverse("coaching:deletion_request", args=[zebedee.deletion_request.pk]),
        {"confirm": "on"},
    )
    assert list(AnonymousCount.objects.values_list("kind", flat=True)) == ["erasure"]


def test_counts_add_up_across_erasures(coach, manager):
    for name in ["A", "B"]:
        person = make_person(name, coach)
        services.person_erase(
            deletion=services.deletion_request_make(person=person, by=person.user), by=manager
        )
    assert AnonymousCount.objects.get(kind="relationship").count == 2


def test_deletion_pages_are_for_managers_only(client, coach, person, zebedee):
    urls = [
        reverse("coaching:deletion_requests"),
        reverse("coaching:deletion_request", args=[zebedee.deletion_request.pk]),
    ]
    for url in urls:
        assert client.get(url)["Location"].startswith("/accounts/login/")
    for user in (coach, person.user):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 403
        assert client.post(urls[1], {"confirm": "on"}).status_code == 403
    assert Person.objects.filter(pk=zebedee.pk).exists()


def test_an_unknown_request_is_404(manager_client):
    assert manager_client.get(reverse("coaching:deletion_request", args=[999])).status_code == 404


def test_the_request_page_does_not_tell_a_manager_who_chose_not_to_be_counted(
    manager_client, zebedee
):
    url = reverse("coaching:deletion_request", args=[zebedee.deletion_request.pk])
    counted = manager_client.get(url).content.decode()
    zebedee.share_reporting = False
    zebedee.save(update_fields=["share_reporting"])
    not_counted = manager_client.get(url).content.decode()
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
    assert token.sub("", counted) == token.sub("", not_counted)


# Kept on purpose after erasure (docs/privacy.md, "Deleting a record"): the audit log's plain ids,
# numbers that lead to no row once the person and their sign-in are gone.
KEPT_IDS = {"coaching.AuditEvent.actor_id", "coaching.AuditEvent.object_id"}


def _rows_pointing_at(user_id: int, person_id: int, username: str) -> list[str]:
    """Every row in every table of every app that still names the person: a relation to
    their sign-in or record, a plain id column holding either id, or text holding their
    username; and any session whose data holds their user id."""
    from django.apps import apps
    from django.contrib.sessions.models import Session
    from django.db import models

    found = []
    for model in apps.get_models():
        label = model._meta.label
        for field in model._meta.concrete_fields:
            name = f"{label}.{field.attname}"
            if field.is_relation and field.related_model in (User, Person):
                target = user_id if field.related_model is User else person_id
                if model._default_manager.filter(**{field.attname: target}).exists():
                    found.append(name)
            elif isinstance(field, models.IntegerField) and field.name.endswith("_id"):
                if (
                    name not in KEPT_IDS
                    and model._default_manager.filter(
                        **{f"{field.name}__in": [user_id, person_id]}
                    ).exists()
                ):
                    found.append(name)
            elif isinstance(field, models.CharField | models.TextField):
                holding = {f"{field.name}__icontains": username}
                if model._default_manager.filter(**holding).exists():
                    found.append(name)
    for session in Session.objects.all():
        if str(session.get_decoded().get("_auth_user_id")) == str(user_id):
            found.append("sessions.Session (signed in as them)")
    return found


def test_erasure_leaves_no_row_in_any_table_that_points_at_the_person(client, manager, zebedee):
    from allauth.account.models import EmailAddress
    from allauth.mfa.totp.internal.auth import TOTP
    from django.contrib.admin.models import CHANGE, LogEntry

    from tests.conftest import PASSWORD, TOTP_SECRET

    user = zebedee.user
    EmailAddress.objects.create(user=user, email="zebedee@example.org")
    # Signed in on two devices: two sessions, as the sign-in page makes them.
    for agent in ("Firefox", "Safari"):
        device = type(client)(HTTP_USER_AGENT=agent)
        device.post("/accounts/login/", {"login": user.username, "password": PASSWORD})
        assert "_auth_user_id" in device.session
    TOTP.activate(user, TOTP_SECRET)
    LogEntry.objects.log_actions(
        user_id=manager.pk, queryset=User.objects.filter(pk=user.pk), action_flag=CHANGE
    )
    ids = (user.pk, zebedee.pk, user.username)
    assert _rows_pointing_at(*ids), "the walk should find the person before erasure"

    services.person_erase(deletion=zebedee.deletion_request, by=manager)

    assert _rows_pointing_at(*ids) == []
