"""A successful start: counted from the contact log by the contract's rule, never typed in."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from coaching import services as coaching_services
from outcomes import services, starts
from outcomes.contracts import contract_report
from outcomes.forms import OutcomeForm
from outcomes.models import ClaimLine, Contract, Outcome
from outcomes.services import ContractRefused
from tests.conftest import make_person
from tests.outcomes.helpers import outcome_type
from tests.outcomes.test_contract_claims import enrolled_contract

ENROLLED_ON = date(2025, 3, 3)


def start_contract(team, *, takes=Contract.Takes.ENROLLED, contacts=3, weeks=6, **fields):
    """A contract paying £500 for a successful start: `contacts` within `weeks`."""
    return enrolled_contract(
        team,
        slugs=[starts.SUCCESSFUL_START],
        tariff="500.00",
        takes=takes,
        start_contacts=contacts,
        start_weeks=weeks,
        **fields,
    )


def contacts_on(person, coach, *days):
    for day in days:
        coaching_services.contact_log(
            person=person,
            coach=coach,
            fields={
                "channel": "phone",
                "occurred_at": datetime(*day.timetuple()[:3], 11, tzinfo=UTC),
            },
        )


def enrolled(contract, person, coach):
    services.enrolment_make(contract=contract, person=person, enrolled_on=ENROLLED_ON, by=coach)
    return person


def test_enough_contacts_within_the_weeks_make_one_verified_start_on_the_day_of_the_last(
    coach, manager, person
):
    contract = start_contract(coach.team)
    enrolled(contract, person, coach)
    contacts_on(person, coach, *(ENROLLED_ON + timedelta(days=d) for d in (1, 8, 20, 30)))

    assert starts.record(contract=contract, by=manager) == 1

    [start] = Outcome.objects.filter(type__slug=starts.SUCCESSFUL_START)
    assert start.person == person
    assert start.achieved_on == ENROLLED_ON + timedelta(days=20)
    assert start.team == coach.team
    assert start.verified_by == manager
    assert "counted from the contact log" in start.evidence
    assert contract_report(contract).lines[0].achieved == 1


def test_each_start_counted_is_in_the_audit_log(coach, manager, person):
    from coaching.models import AuditEvent

    contract = start_contract(coach.team)
    enrolled(contract, person, coach)
    contacts_on(person, coach, *(ENROLLED_ON + timedelta(days=d) for d in (1, 2, 3)))
    starts.record(contract=contract, by=manager)
    start = Outcome.objects.get(type__slug=starts.SUCCESSFUL_START)
    event = AuditEvent.objects.get(action=AuditEvent.Action.OUTCOME_RECORDED)
    assert (event.actor_id, event.object_id) == (manager.pk, start.pk)


def test_a_start_recorded_meanwhile_keeps_nothing_and_says_so(coach, manager, person, monkeypatch):
    """Another count got there between this count's read and its write (found here by
    handing the write a start that is there already): nothing of this count is kept."""
    contract = start_contract(coach.team)
    enrolled(contract, person, coach)
    contacts_on(person, coach, *(ENROLLED_ON + timedelta(days=d) for d in (1, 2, 3)))
    found = starts.starts_found(contract, starts.start_type())
    starts.record(contract=contract, by=manager)
    monkeypatch.setattr(starts, "starts_found", lambda contract, kind: found)
    with pytest.raises(starts.CountedMeanwhile):
        starts.record(contract=contract, by=manager)
    assert Outcome.objects.filter(type__slug=starts.SUCCESSFUL_START).count() == 1
    with pytest.raises(ContractRefused, match="a moment ago"):
        services.claim_prepare(
            contract=contract, period_start=ENROLLED_ON, period_end=ENROLLED_ON, by=manager
        )


def test_counting_again_records_nothing_more(coach, manager, person):
    contract = start_contract(coach.team)
    enrolled(contract, person, coach)
    contacts_on(person, coach, *(ENROLLED_ON + timedelta(days=d) for d in (1, 2, 3, 4)))
    assert starts.record(contract=contract, by=manager) == 1
    assert starts.record(contract=contract, by=manager) == 0
    assert Outcome.objects.filter(type__slug=starts.SUCCESSFUL_START).count() == 1


def test_too_few_contacts_within_the_weeks_make_no_start(coach, manager, person):
    contract = start_contract(coach.team)
    enrolled(contract, person, coach)
    # Two within six weeks; the third a day after the six weeks are up, one before.
    contacts_on(
        person,
        coach,
        ENROLLED_ON - timedelta(days=1),
        ENROLLED_ON + timedelta(days=3),
        ENROLLED_ON + timedelta(days=10),
        ENROLLED_ON + timedelta(weeks=6),
    )
    assert starts.record(contract=contract, by=manager) == 0
    assert not Outcome.objects.filter(type__slug=starts.SUCCESSFUL_START).exists()


def test_only_the_enrolled_and_eligible_count(coach, manager, person):
    contract = start_contract(coach.team)
    not_enrolled = make_person("Kit", coach=coach, with_login=False)
    contacts_on(not_enrolled, coach, *(ENROLLED_ON + timedelta(days=d) for d in (1, 2, 3)))
    assert starts.record(contract=contract, by=manager) == 0


def test_a_person_who_turned_reporting_off_is_not_counted(coach, manager, person):
    contract = start_contract(coach.team)
    enrolled(contract, person, coach)
    contacts_on(person, coach, *(ENROLLED_ON + timedelta(days=d) for d in (1, 2, 3)))
    coaching_services.sharing_change(
        person=person, choice="reporting", allowed=False, by=person.user
    )
    assert starts.record(contract=contract, by=manager) == 0


def test_a_contract_of_whole_teams_counts_from_the_day_coaching_began(coach, manager):
    contract = start_contract(coach.team, takes=Contract.Takes.TEAMS, name="Whole teams")
    began = date(2025, 5, 5)
    with time_machine.travel(datetime(2025, 5, 5, 10, tzinfo=UTC), tick=False):
        kit = make_person("Kit", coach=coach, with_login=False)
    contacts_on(kit, coach, *(began + timedelta(days=d) for d in (0, 7, 14)))
    assert starts.record(contract=contract, by=manager) == 1
    assert Outcome.objects.get(type__slug=starts.SUCCESSFUL_START).achieved_on == began + timedelta(
        days=14
    )


def test_preparing_a_claim_counts_the_starts_and_claims_them(coach, manager, person):
    contract = start_contract(coach.team)
    enrolled(contract, person, coach)
    contacts_on(person, coach, *(ENROLLED_ON + timedelta(days=d) for d in (1, 2, 3)))
    claim = services.claim_prepare(
        contract=contract, period_start=date(2025, 1, 1), period_end=date(2025, 12, 31), by=manager
    )
    [line] = ClaimLine.objects.filter(claim=claim)
    assert line.outcome_type.slug == starts.SUCCESSFUL_START
    assert line.amount == Decimal("500.00")


def test_a_start_is_never_typed_in(coach, person):
    kind = outcome_type(starts.SUCCESSFUL_START)
    assert kind not in OutcomeForm(person=person).fields["type"].queryset
    with pytest.raises(ValueError, match="counted from the contact log"):
        services.outcome_record(
            person=person, outcome_type=kind, achieved_on=ENROLLED_ON, evidence="x", by=coach
        )


def test_a_contract_paying_for_starts_must_say_what_makes_one(coach):
    with pytest.raises(ContractRefused, match="how many contacts within how many weeks"):
        start_contract(coach.team, contacts=None, weeks=None)
    assert not Contract.objects.exists()


def test_the_manager_counts_starts_from_the_contract_page(coach, manager, person, manager_client):
    contract = start_contract(coach.team)
    enrolled(contract, person, coach)
    contacts_on(person, coach, *(ENROLLED_ON + timedelta(days=d) for d in (1, 2, 3)))
    page = manager_client.get(reverse("outcomes:contract", args=[contract.pk]))
    assert "3 contacts within 6 weeks" in page.text
    to = reverse("outcomes:starts_count", args=[contract.pk])
    answer = manager_client.post(to, follow=True)
    assert "1 successful start counted." in answer.text
    again = manager_client.post(to, follow=True)
    assert "No new successful starts" in again.text
    assert Outcome.objects.filter(type__slug=starts.SUCCESSFUL_START).count() == 1


def test_the_form_asks_for_both_parts_of_the_rule(manager_client, coach):
    answer = manager_client.post(
        reverse("outcomes:contract_new"),
        {
            "name": "Starts SIB",
            "funder": "Council",
            "starts_on": "2025-01-01",
            "ends_on": "2026-01-01",
            "cap": "1000",
            "teams": [coach.team.pk],
            "start_contacts": "3",
        },
    )
    assert "Give the number of weeks too." in answer.text
    assert not Contract.objects.exists()
