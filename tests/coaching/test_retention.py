"""Records kept past the retention period are listed for a manager to review and
erase: never erased without one, and only the manager's own team's."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from coaching.models import AccessLogEntry, AuditEvent, Person
from tests.conftest import make_coach, make_manager, make_person, make_team

LIST = reverse("coaching:retention")


def ended(name, coach, *, years_ago: float) -> Person:
    at = timezone.now() - timedelta(days=365.25 * years_ago)
    person = make_person(name, coach, with_login=False, began_at=at - timedelta(days=90))
    person.current_relationship.end(by=coach, at=at)
    return person


@pytest.fixture
def people(coach, outsider):
    return {
        "seven years": ended("Seven", coach, years_ago=7),
        "last year": ended("Last", coach, years_ago=1),
        "still coached": make_person("Open", coach, with_login=False),
        "other team": ended("Other", outsider, years_ago=7),
    }


@pytest.fixture
def team_manager(client, coach):
    manager = make_manager()
    manager.team = coach.team
    manager.save()
    client.force_login(manager)
    return manager


def listed(client) -> list[int]:
    return [person.pk for person in client.get(LIST).context["page"].object_list]


def test_the_list_shows_coaching_ended_seven_years_ago_and_not_last_year(
    client, team_manager, people
):
    assert listed(client) == [people["seven years"].pk]


def test_a_manager_without_a_team_sees_every_team(client, people):
    client.force_login(make_manager("org-wide"))
    assert set(listed(client)) == {people["seven years"].pk, people["other team"].pk}


@override_settings(RETENTION_YEARS=8)
def test_the_period_is_a_setting(client, team_manager, people):
    assert listed(client) == []


def test_the_list_names_no_one_and_opening_one_is_logged(client, team_manager, people):
    person = people["seven years"]
    assert "Seven" not in client.get(LIST).content.decode()
    page = client.get(reverse("coaching:retention_person", args=[person.pk]))
    assert "Seven" in page.content.decode()
    assert AccessLogEntry.objects.filter(person=person, viewer=team_manager).exists()


def test_a_manager_erases_a_reviewed_record_through_the_erasure(client, team_manager, people):
    person = people["seven years"]
    url = reverse("coaching:retention_person", args=[person.pk])
    unticked = client.post(url, {})
    assert "Please tick the box to confirm." in unticked.content.decode()
    assert Person.objects.filter(pk=person.pk).exists()
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 302
    assert not Person.objects.filter(pk=person.pk).exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.RECORD_ERASED).count() == 1
    again = client.post(url, {"confirm": "on"})
    assert again.status_code == 404


def test_only_the_managers_own_team_and_only_past_the_period(client, team_manager, people):
    for name in ("other team", "last year", "still coached"):
        url = reverse("coaching:retention_person", args=[people[name].pk])
        assert client.get(url).status_code == 404, name
        assert client.post(url, {"confirm": "on"}).status_code == 404, name
    assert Person.objects.count() == 4


def test_coaches_and_people_may_not_review(client, coach, people):
    url = reverse("coaching:retention_person", args=[people["seven years"].pk])
    client.force_login(coach)
    assert client.get(LIST).status_code == 403 and client.get(url).status_code == 403
    client.force_login(make_person("Sam", make_coach("amy", team=make_team("Hull"))).user)
    assert client.get(LIST).status_code == 403 and client.post(url).status_code == 403
    assert Person.objects.filter(pk=people["seven years"].pk).exists()
