"""The coach's people at a glance: by state, who may be due a word, what waits."""

from datetime import date, timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from coaching import services
from coaching.models import AccessLogEntry
from outcomes.models import Outcome, OutcomeType
from outcomes.services import due_sustainment_checks
from tests.budgets.helpers import make_fund, make_request
from tests.conftest import make_coach, make_person
from tests.outcomes.helpers import make_outcome

URL = reverse("coaching:overview")


def _quiet_since(person, coach, days: int) -> None:
    services.contact_log(
        person=person,
        coach=coach,
        fields={"channel": "phone", "occurred_at": timezone.now() - timedelta(days=days)},
    )


def test_people_are_shown_by_state_and_the_quiet_ones_as_a_suggestion(coach_client, coach):
    quiet = make_person("Quinn", coach, with_login=False)
    _quiet_since(quiet, coach, 60)
    recent = make_person("Rae", coach, with_login=False)
    _quiet_since(recent, coach, 2)
    paused = make_person("Pat", coach)
    _quiet_since(paused, coach, 90)
    paused.current_relationship.pause(by=paused.user)
    ended = make_person("Eli", coach)
    ended.current_relationship.end(by=ended.user)

    response = coach_client.get(URL)
    assert [p["name"] for p in response.context["quiet"]] == ["Quinn"]  # a pause is theirs
    assert [p["name"] for p in response.context["active"]] == ["Quinn", "Rae"]
    assert [p["name"] for p in response.context["paused"]] == ["Pat"]
    assert response.context["ended"] == 1
    page = response.content.decode()
    assert "never a target" in page
    assert reverse("coaching:contact_new", args=[quiet.pk]) in page


def test_only_the_coachs_own_people_show_and_nothing_is_logged(
    coach_client, coach, person, other_person, outsider
):
    _quiet_since(other_person, outsider, 100)
    make_request(other_person, by=outsider)
    page = coach_client.get(URL).content.decode()
    assert other_person.name not in page
    assert person.name in page
    assert not AccessLogEntry.objects.exists()  # names and dates, as the list shows


def test_budget_requests_waiting_say_who_decides(coach_client, coach, person):
    make_fund(team=coach.team, coach_limit="250.00")
    small = make_request(person, amount="100.00")
    large = make_request(person, amount="900.00")
    decided = make_request(person, amount="50.00")
    decided.status = "withdrawn"
    decided.withdrawn_at = timezone.now()
    decided.save()
    section = next(s for s in coach_client.get(URL).context["sections"] if "waiting" in s.context)
    shown = {r["pk"]: r["coach_decides"] for r in section.context["waiting"]}
    assert shown == {small.pk: True, large.pk: False}


@time_machine.travel(date(2025, 4, 1))
def test_sustainment_checks_due_show_with_their_person(coach_client, coach, person):
    make_outcome(person, "entered-accommodation", date(2025, 1, 10), by=coach)
    page = coach_client.get(URL).content.decode()
    assert "Sustainment checks due" in page
    assert "10 April 2025" in page


def test_wellbeing_never_shows_on_the_overview(coach_client, coach, person):
    # A sharing choice can hide wellbeing, so the overview leaves it out for everyone.
    page = coach_client.get(URL).content.decode()
    assert "ellbeing" not in page.split("<main", 1)[1]


@time_machine.travel(date(2025, 4, 1))
def test_the_overview_finds_the_checks_the_persons_page_finds(coach_client, coach, person):
    # Entries every few days across more than a year, either side of every edge of the
    # window, with one sustainment recorded: the overview's checks, from the few values
    # it reads of each outcome, are those of the outcomes themselves.
    today = timezone.localdate()
    for back in range(1, 460, 4):
        slug = "entered-accommodation" if back % 8 == 1 else "entered-employment"
        make_outcome(person, slug, today - timedelta(days=back), by=coach)
    entry = Outcome.objects.get(type__slug="entered-accommodation", achieved_on=date(2024, 12, 25))
    make_outcome(person, "accommodation-3-months", date(2025, 3, 25), by=coach, sustains=entry)

    def found(checks):
        return [(c.entry.pk, c.person.name, c.outcome_type.pk, c.due_on) for c in checks]

    every = list(Outcome.objects.filter(person=person).select_related("person", "type"))
    expected = found(due_sustainment_checks(every))
    assert len(expected) > 10
    sustained = OutcomeType.objects.get(slug="accommodation-3-months").pk
    assert (entry.pk, person.name, sustained, date(2025, 3, 25)) not in expected
    sections = coach_client.get(URL).context["sections"]
    shown = next(s for s in sections if s.name == "sustainment_checks").context["checks"]
    assert found(shown) == expected


def test_the_overview_runs_a_fixed_number_of_queries(
    coach_client, coach, person, django_assert_num_queries
):
    make_fund(team=coach.team)

    def load():
        return coach_client.get(URL).context

    make_request(person)
    months_ago = timezone.localdate() - timedelta(days=85)
    make_outcome(person, "entered-accommodation", months_ago, by=coach)
    # Session, user; and one read: the open people, how many ended, the requests
    # waiting (with whether the coach decides), the types that sustain and the outcomes
    # a check may be due for.
    with django_assert_num_queries(3):
        load()
    for index in range(10):
        someone = make_person(f"P{index}", coach, with_login=False)
        _quiet_since(someone, coach, 50 + index)
        make_request(someone, by=coach)
        make_outcome(someone, "entered-accommodation", months_ago, by=coach)
        if index < 3:
            services.relationship_decide(person=someone, decision="end", by=coach)
    with django_assert_num_queries(3):
        context = load()
    sections = {section.name: section.context for section in context["sections"]}
    assert len(sections["budget_requests"]["waiting"]) == 11
    assert len(sections["sustainment_checks"]["checks"]) == 11
    assert len(context["quiet"]) == 7 and context["ended"] == 3


def test_a_coach_without_people_sees_calm_empty_sections(client, db):
    client.force_login(make_coach("new", first_name="Nia"))
    page = client.get(URL).content.decode()
    assert "Nobody has been quiet for long." in page
    assert "No request is waiting for a decision." in page
