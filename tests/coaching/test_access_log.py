"""Every staff view of a person's data writes exactly one access-log entry, which the
person reads in plain words and nobody can change."""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from budgets import services as budget_services
from budgets.models import PaymentMethod
from coaching import services
from coaching.models import AccessLogEntry, CoachRequest, User
from outcomes import services as outcome_services
from outcomes.models import OutcomeType
from tests.conftest import make_coach

# Route parameters that point at a person's data, and the staff area each lives in.
PERSON_PARAMETERS = {
    "person_id",
    "contact_id",
    "coach_request_id",
    "budget_request_id",
    "deletion_id",
    "outcome_id",
}


def staff_routes_with_a_person() -> list[tuple[str, list[str]]]:
    """Every URL pattern that names a person, a contact or a deletion request."""
    found = []

    def walk(patterns, prefix="", namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                space = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, prefix + str(pattern.pattern), space)
            elif isinstance(pattern, URLPattern) and pattern.name:
                route = prefix + str(pattern.pattern)
                parameters = re.findall(r"<(?:\w+:)?(\w+)>", route)
                if PERSON_PARAMETERS & set(parameters) and not route.startswith("me/"):
                    found.append((f"{namespace}{pattern.name}", parameters))

    walk(get_resolver().url_patterns)
    return found


@pytest.fixture
def organisation(coach, person, manager):
    contact = services.contact_log(
        person=person, coach=coach, fields={"channel": "phone", "notes": "Hello"}
    )
    deletion = services.deletion_request_make(person=person, by=person.user)
    asked = services.coach_request_create(
        fields={"name": "Sam", "reach_by": "phone", "reach_details": "07700 900123"},
        team=coach.team,
    )
    coach_request = CoachRequest.objects.get(pk=asked.pk)
    coach_request.person, coach_request.taken_by = person, coach
    coach_request.taken_at = coach_request.created_at
    coach_request.save()
    budget_request = budget_services.request_raise(
        person=person,
        by=person.user,
        purpose="A bike to get to work",
        amount=Decimal("120.00"),
        payment_method=PaymentMethod.SUPPLIER,
    )
    outcome = outcome_services.outcome_record(
        person=person,
        outcome_type=OutcomeType.objects.filter(sustains__isnull=True).first(),
        achieved_on=timezone.localdate(),
        evidence="Tenancy signed",
        by=coach,
    )
    return {
        "person_id": person.pk,
        "contact_id": contact.pk,
        "coach_request_id": coach_request.pk,
        "budget_request_id": budget_request.pk,
        "deletion_id": deletion.pk,
        "outcome_id": outcome.pk,
        "decision": "pause",
        "kind": "goal",
        "step": "decide",
    }


def test_every_staff_page_with_a_person_in_it_writes_exactly_one_entry(
    client, coach, manager, person, organisation
):
    routes = staff_routes_with_a_person()
    walked = set()
    for name, parameters in routes:
        unknown = set(parameters) - set(organisation)
        assert not unknown, f"{name}: teach this test the parameter(s) {unknown}"
        url = reverse(name, kwargs={p: organisation[p] for p in parameters})
        client.force_login(manager if url.startswith("/insights/") else coach)
        before = AccessLogEntry.objects.filter(person=person).count()
        # Finding a new coach is only for someone whose coach has left.
        User.objects.filter(pk=coach.pk).update(is_active=name != "coaching:new_coach")
        # Reviewing a record kept too long is only for someone whose coaching ended.
        reviewing = name == "coaching:retention_person"
        if reviewing:
            person.current_relationship.end(by=coach)
        with override_settings(RETENTION_YEARS=-1 if reviewing else settings.RETENTION_YEARS):
            response = client.get(url) if "step" not in parameters else client.post(url, {})
        if response.status_code == 405:
            response = client.post(url, {})
        if reviewing:
            person.current_relationship.restart(by=coach)
        User.objects.filter(pk=coach.pk).update(is_active=True)
        assert response.status_code in (200, 302), f"{url} answered {response.status_code}"
        after = AccessLogEntry.objects.filter(person=person).count()
        assert after == before + 1, f"{url} wrote {after - before} access-log entries"
        walked.add(name)
    # The walk is live: it found the pages we know of.
    assert {
        "coaching:person",
        "coaching:contact_new",
        "coaching:contact_edit",
        "coaching:record_decision",
        "coaching:hand_over",
        "coaching:invitation_new",
        "coaching:sharing",
        "coaching:notes_delete",
        "coaching:own_words_new",
        "coaching:data",
        "coaching:deletion_request",
        "coaching:new_coach",
        "coaching:retention_person",
    } <= walked


def test_an_entry_says_who_their_role_when_and_what(coach_client, coach, person):
    coach_client.get(reverse("coaching:data", args=[person.pk]))
    entry = AccessLogEntry.objects.get()
    assert (entry.viewer, entry.viewer_role, entry.as_cover) == (coach, "coach", False)
    assert entry.what == "all your data, to print it for you"
    assert entry.viewed_at is not None


def test_person_reads_who_has_looked_in_plain_words_newest_first(client, coach, person):
    client.force_login(coach)
    client.get(reverse("coaching:person", args=[person.pk]))
    client.get(reverse("coaching:contact_new", args=[person.pk]))
    client.force_login(person.user)
    page = client.get(reverse("coaching:me_who_has_looked")).content.decode()
    first = page.index("looked at your record, to log a contact.")
    second = page.index("looked at your record.")
    assert first < second
    assert "<strong>Meg</strong>, your coach, looked at" in page


def test_person_sees_cover_and_manager_views_named_as_such(client, coach, person, manager):
    services.sharing_change(person=person, choice="cover", allowed=True, by=person.user)
    services.coach_away(coach=coach, away=True)
    client.force_login(make_coach("tom", team=coach.team))
    client.get(reverse("coaching:person", args=[person.pk]))
    deletion = services.deletion_request_make(person=person, by=person.user)
    client.force_login(manager)
    client.get(reverse("coaching:deletion_request", args=[deletion.pk]))
    client.force_login(person.user)
    page = client.get(reverse("coaching:me_who_has_looked")).content.decode()
    assert "<strong>Tom</strong>, a coach covering while your coach is away," in page
    assert ", a manager, looked at your request to delete your record." in page


def test_person_cannot_see_another_persons_log(client, coach, person, outsider, other_person):
    client.force_login(outsider)
    client.get(reverse("coaching:person", args=[other_person.pk]))
    client.force_login(person.user)
    response = client.get(reverse("coaching:me_who_has_looked"))
    assert list(response.context["page"].object_list) == []
    # As an entry names a viewer; the bare name could turn up inside the page's random
    # CSRF token.
    assert "<strong>Dan</strong>" not in response.content.decode()


def test_who_has_looked_is_for_people_only(client, coach, manager):
    url = reverse("coaching:me_who_has_looked")
    assert client.get(url)["Location"].startswith("/accounts/login/")
    for user in (coach, manager):
        client.force_login(user)
        assert client.get(url).status_code == 403


def test_entries_cannot_be_edited_or_deleted(coach_client, person):
    coach_client.get(reverse("coaching:person", args=[person.pk]))
    entry = AccessLogEntry.objects.get()
    entry.what = "nothing"
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()
    assert AccessLogEntry.objects.get().what == "your record"


def test_a_person_sees_no_staff_entry_for_their_own_views(person_client):
    for name in ["me", "me_sharing", "me_data", "me_own_words", "me_who_has_looked"]:
        person_client.get(reverse(f"coaching:{name}"))
    assert not AccessLogEntry.objects.exists()


def test_access_log_page_query_count_does_not_grow(
    client, coach, person, django_assert_num_queries
):
    url = reverse("coaching:me_who_has_looked")
    services.sharing_change(person=person, choice="cover", allowed=True, by=person.user)
    services.coach_away(coach=coach, away=True)
    client.force_login(coach)
    client.get(reverse("coaching:person", args=[person.pk]))
    client.force_login(person.user)
    with django_assert_num_queries(5) as few:
        client.get(url)
    few_queries = len(few.captured_queries)  # read now: each request resets the query log
    for index in range(10):
        client.force_login(make_coach(f"c{index}", team=coach.team))
        client.get(reverse("coaching:person", args=[person.pk]))
    client.force_login(person.user)
    with django_assert_num_queries(few_queries):
        response = client.get(url)
    assert len(response.context["page"].object_list) == 11


def test_a_contact_saved_logs_the_form_and_the_page_it_goes_on_to_not_the_save(
    coach_client, person
):
    url = reverse("coaching:contact_new", args=[person.pk])
    logged = AccessLogEntry.objects.filter(person=person)
    coach_client.get(url)
    assert logged.count() == 1
    coach_client.post(url, {"occurred_at": "", "channel": "phone"})  # shown again: a view
    assert logged.count() == 2
    response = coach_client.post(
        url,
        {
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "channel": "phone",
            "reached_out_by": "coach",
            "barriers-TOTAL_FORMS": "0",
            "barriers-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert logged.count() == 2
    coach_client.get(response["Location"])
    assert list(logged.values_list("what", flat=True))[:1] == ["your record"]


def test_looks_in_a_row_for_one_reason_read_as_one_line(client, coach, person):
    client.force_login(coach)
    url = reverse("coaching:contact_new", args=[person.pk])
    for _ in range(3):
        client.post(url, {"occurred_at": "", "channel": "phone"})  # shown again each time
    client.get(reverse("coaching:person", args=[person.pk]))
    client.force_login(person.user)
    page = client.get(reverse("coaching:me_who_has_looked")).content.decode()
    assert page.count("looked at your record, to log a contact") == 1
    assert "looked at your record, to log a contact, 3 times from" in page
    assert "looked at your record." in page
    assert AccessLogEntry.objects.filter(person=person).count() == 4
