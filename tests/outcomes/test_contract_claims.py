"""One contract per outcome, enrolment and eligibility, payers, claims that never
change, and endings that stop a sustainment."""

import importlib
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from coaching import services as coaching_services
from coaching.models import PersonalDetails
from outcomes import services
from outcomes.contracts import contract_page_figures, contract_report
from outcomes.models import Claim, ClaimLine, Contract, Enrolment
from outcomes.services import ContractRefused, PayerTerms
from tests.conftest import make_coach, make_manager, make_person, make_team
from tests.outcomes.helpers import make_outcome, many_verified, outcome_type
from tests.outcomes.test_contracts import ACHIEVED_ON, make_contract

COUNCIL_AND_FUND = [PayerTerms("Leeds City Council", Decimal("60")), PayerTerms("The fund", 40)]


def enrolled_contract(
    team, *, slugs=("entered-employment", "employment-13-weeks"), tariff="1000.00", **fields
):
    return services.contract_create(
        fields={
            "name": fields.pop("name", "Young people SIB"),
            "funder": "Leeds City Council",
            "starts_on": date(2025, 1, 1),
            "ends_on": date(2027, 12, 31),
            "cap": Decimal(fields.pop("cap", "10000.00")),
            "takes": Contract.Takes.ENROLLED,
            **fields,
        },
        teams=[team],
        tariffs=[
            {
                "outcome_type": outcome_type(slug),
                "tariff": Decimal(tariff),
                "target_low": 1,
                "target_median": 2,
                "target_high": 3,
            }
            for slug in slugs
        ],
        payers=[],
    )


def born(person, on: date, *, by):
    answers = dict.fromkeys(PersonalDetails.FIELDS, "")
    answers.update(date_of_birth=on, date_of_birth_not_said=False)
    coaching_services.personal_details_save(person=person, answers=answers, by=by)


# One contract per outcome -------------------------------------------------------------


def test_a_contract_overlapping_another_in_team_period_and_outcome_is_refused(coach):
    make_contract(coach.team, entered_employment=("500.00", 1, 2, 3))
    with pytest.raises(ContractRefused, match="An outcome can count towards one contract only"):
        make_contract(coach.team, name="Second SIB", entered_employment=("700.00", 1, 2, 3))
    assert Contract.objects.count() == 1


def test_contracts_that_do_not_share_an_outcome_a_team_or_a_period_both_stand(coach, outsider):
    make_contract(coach.team, entered_employment=("500.00", 1, 2, 3))
    make_contract(coach.team, name="Other outcomes", volunteering=("100.00", 1, 2, 3))
    make_contract(outsider.team, name="Other team", entered_employment=("500.00", 1, 2, 3))
    assert Contract.objects.count() == 3


def test_two_contracts_counting_the_enrolled_share_a_team_and_each_person_counts_once(
    coach, manager, person
):
    first = enrolled_contract(coach.team, name="Housing SIB")
    second = enrolled_contract(coach.team, name="Social prescribing")
    services.enrolment_make(contract=first, person=person, enrolled_on=ACHIEVED_ON, by=coach)
    with pytest.raises(ContractRefused, match="enrolled in Housing SIB"):
        services.enrolment_make(contract=second, person=person, enrolled_on=ACHIEVED_ON, by=coach)
    make_outcome(person, "entered-employment", ACHIEVED_ON, by=coach, verified_by=manager)
    assert contract_report(first).lines[0].achieved == 1
    assert contract_report(second).lines[0].achieved == 0


def test_a_contract_counting_the_enrolled_cannot_overlap_one_counting_a_whole_team(coach):
    make_contract(coach.team, entered_employment=("500.00", 1, 2, 3))
    with pytest.raises(ContractRefused, match="Youth homelessness SIB already pays"):
        enrolled_contract(coach.team)


# Enrolment and eligibility ------------------------------------------------------------


def test_a_person_outside_the_age_range_is_not_counted_and_the_page_says_how_many(coach, manager):
    contract = enrolled_contract(coach.team, min_age=18, max_age=30)
    young, older, unsaid = (make_person(n, coach) for n in ("Kez", "Lou", "Mo"))
    born(young, date(2000, 5, 1), by=coach)
    born(older, date(1980, 5, 1), by=coach)
    for someone in (young, older, unsaid):
        services.enrolment_make(
            contract=contract, person=someone, enrolled_on=ACHIEVED_ON, by=coach
        )
        make_outcome(someone, "entered-employment", ACHIEVED_ON, by=coach, verified_by=manager)
    assert contract_report(contract).lines[0].achieved == 1
    assert Enrolment.objects.get(person=older).not_eligible_because == (
        "aged 45 when enrolled, over 30"
    )
    assert contract_page_figures(contract)["not_eligible"] == 2


def test_only_enrolled_people_count_towards_a_contract_that_takes_the_enrolled(
    coach, manager, person
):
    contract = enrolled_contract(coach.team)
    make_outcome(person, "entered-employment", ACHIEVED_ON, by=coach, verified_by=manager)
    assert contract_report(contract).lines[0].achieved == 0
    services.enrolment_make(contract=contract, person=person, enrolled_on=ACHIEVED_ON, by=coach)
    assert contract_report(contract).lines[0].achieved == 1


# Payers ----------------------------------------------------------------------------------


def test_two_payers_split_the_worked_example_by_their_shares(coach, manager, person):
    contract = make_contract(
        coach.team,
        payers=COUNCIL_AND_FUND,
        entered_accommodation=("1000.00", 80, 95, 105),
        accommodation_3_months=("2000.00", 150, 180, 200),
    )
    many_verified(person, "entered-accommodation", 103, ACHIEVED_ON, by=coach, verified_by=manager)
    many_verified(person, "accommodation-3-months", 214, ACHIEVED_ON, by=coach, verified_by=manager)
    report = contract_report(contract)
    assert report.value_achieved == Decimal("531000.00")
    assert (report.payable, report.beyond_cap) == (Decimal("474000.00"), Decimal("57000.00"))
    council, fund = report.payers
    assert (council.payer.cap, fund.payer.cap) == (Decimal("284400.00"), Decimal("189600.00"))
    assert (council.payable, council.beyond_cap) == (Decimal("284400.00"), Decimal("34200.00"))
    assert (fund.payable, fund.beyond_cap) == (Decimal("189600.00"), Decimal("22800.00"))


def test_the_contracts_cap_is_the_sum_of_its_payers_caps_unless_set(coach):
    contract = make_contract(
        coach.team,
        cap=None,
        payers=[PayerTerms("Council", Decimal("50"), Decimal("100.00")), PayerTerms("Fund", 50, 2)],
        entered_employment=("10.00", 1, 2, 3),
    )
    assert contract.cap == Decimal("102.00")


def test_payers_shares_must_add_up_to_100(coach):
    with pytest.raises(ContractRefused, match="add up to 100%"):
        make_contract(
            coach.team,
            payers=[PayerTerms("Council", Decimal("50")), PayerTerms("Fund", Decimal("40"))],
            entered_employment=("10.00", 1, 2, 3),
        )


# Claims that never change ---------------------------------------------------------------


@pytest.fixture
def claimed(coach, manager, person):
    """A submitted claim: Sam's and Robin's two jobs each, at £500 shared 60:40."""
    contract = make_contract(
        coach.team, cap="10000.00", payers=COUNCIL_AND_FUND, entered_employment=("500.00", 1, 2, 3)
    )
    robin = make_person("Robin", coach)
    for someone in (person, robin):
        many_verified(someone, "entered-employment", 2, ACHIEVED_ON, by=coach, verified_by=manager)
    claim = services.claim_prepare(
        contract=contract, period_start=date(2025, 1, 1), period_end=date(2025, 12, 31), by=manager
    )
    services.claim_submit(claim=claim, by=manager)
    return contract, claim, robin


def claim_totals(claim):
    lines = list(ClaimLine.objects.filter(claim=claim).prefetch_related("shares"))
    return (
        sum(line.amount for line in lines),
        sorted((s.payer.name, s.amount) for line in lines for s in line.shares.all()),
    )


def test_a_claim_takes_each_outcome_once_with_each_payers_share(claimed, manager):
    contract, claim, _ = claimed
    total, shares = claim_totals(claim)
    assert total == Decimal("2000.00")
    assert shares.count(("Leeds City Council", Decimal("300.00"))) == 4
    assert shares.count(("The fund", Decimal("200.00"))) == 4
    again = services.claim_prepare(
        contract=contract, period_start=date(2025, 1, 1), period_end=date(2025, 12, 31), by=manager
    )
    assert again.lines.count() == 0
    report = contract_report(contract)
    assert (report.claimed, report.value_achieved) == (Decimal("2000.00"), Decimal("2000.00"))


def test_a_submitted_claims_totals_stay_after_one_person_is_erased_and_another_turns_reporting_off(
    claimed, manager, person
):
    contract, claim, robin = claimed
    before = claim_totals(claim)
    references = set(claim.lines.values_list("reference", flat=True))
    deletion = coaching_services.deletion_request_make(person=person, by=person.user)
    coaching_services.person_erase(deletion=deletion, by=manager)
    coaching_services.sharing_change(person=robin, choice="reporting", allowed=False, by=robin.user)
    assert claim_totals(claim) == before
    assert set(claim.lines.values_list("reference", flat=True)) == references
    # Neither is named in the claim any more: Sam erased, Robin's reporting off.
    assert claim.lines.filter(person__isnull=True, outcome__isnull=True).count() == 4
    report = contract_report(contract)
    assert (report.claimed, report.value_achieved) == (Decimal("2000.00"), Decimal("2000.00"))


def test_turning_reporting_off_lets_go_of_who_it_was_but_never_claims_it_again(claimed, manager):
    contract, claim, robin = claimed
    before = claim_totals(claim)
    coaching_services.sharing_change(person=robin, choice="reporting", allowed=False, by=robin.user)
    robins = claim.lines.filter(person__isnull=True)
    assert robins.count() == 2 and robins.filter(outcome__isnull=True).count() == 2
    assert claim.lines.filter(person__isnull=False).count() == 2  # Sam's, still linked
    # Back on: their outcomes are claimed already, so neither counted nor claimed twice.
    coaching_services.sharing_change(person=robin, choice="reporting", allowed=True, by=robin.user)
    assert claim_totals(claim) == before
    again = services.claim_prepare(
        contract=contract, period_start=date(2025, 1, 1), period_end=date(2025, 12, 31), by=manager
    )
    assert again.lines.count() == 0
    report = contract_report(contract)
    assert (report.claimed, report.value_achieved) == (Decimal("2000.00"), Decimal("2000.00"))


def test_a_person_who_turned_reporting_off_before_the_claim_is_not_claimed(coach, manager, person):
    contract = make_contract(coach.team, entered_employment=("500.00", 1, 2, 3))
    robin = make_person("Robin", coach)
    for someone in (person, robin):
        make_outcome(someone, "entered-employment", ACHIEVED_ON, by=coach, verified_by=manager)
    coaching_services.sharing_change(person=robin, choice="reporting", allowed=False, by=coach)
    claim = services.claim_prepare(
        contract=contract, period_start=ACHIEVED_ON, period_end=ACHIEVED_ON, by=manager
    )
    assert (claim.lines.count(), claim.reporting_off) == (1, 1)
    # Turned off while the claim was being reviewed: taken out when it is submitted.
    coaching_services.sharing_change(person=person, choice="reporting", allowed=False, by=coach)
    services.claim_submit(claim=claim, by=manager)
    claim.refresh_from_db()
    assert (claim.lines.count(), claim.reporting_off) == (0, 2)
    # On the claim's page, as on every page: a count from 1 to 4 is "fewer than 5".
    client = Client()
    client.force_login(manager)
    page = client.get(reverse("outcomes:claim", args=[claim.pk])).content.decode()
    assert "chose not to be counted in reports: fewer than 5." in page


def test_a_claim_stops_at_each_payers_cap(coach, manager, person):
    contract = make_contract(
        coach.team, cap="1200.00", payers=COUNCIL_AND_FUND, entered_employment=("500.00", 1, 2, 3)
    )
    many_verified(person, "entered-employment", 3, ACHIEVED_ON, by=coach, verified_by=manager)
    claim = services.claim_prepare(
        contract=contract, period_start=ACHIEVED_ON, period_end=date(2025, 12, 31), by=manager
    )
    assert [line.amount for line in claim.lines.order_by("achieved_on")] == [
        Decimal("500.00"),
        Decimal("500.00"),
        Decimal("200.00"),
    ]
    assert claim.beyond_cap == 0
    services.claim_submit(claim=claim, by=manager)
    many_verified(person, "entered-employment", 1, date(2025, 7, 1), by=coach, verified_by=manager)
    later = services.claim_prepare(
        contract=contract, period_start=ACHIEVED_ON, period_end=date(2025, 12, 31), by=manager
    )
    assert (later.lines.count(), later.beyond_cap) == (0, 1)


def test_a_submitted_claim_cannot_be_submitted_again_or_thrown_away(claimed, manager):
    _, claim, _ = claimed
    with pytest.raises(ContractRefused, match="submitted already"):
        services.claim_submit(claim=claim, by=manager)
    with pytest.raises(ContractRefused, match="submitted already"):
        services.claim_discard(claim=claim)
    assert Claim.objects.filter(pk=claim.pk, state="submitted").exists()


def test_payments_are_recorded_per_payer_and_never_more_than_claimed(claimed, manager):
    contract, claim, _ = claimed
    council, fund = contract.payers.order_by("-share")
    services.payment_record(
        claim=claim, payer=council, amount=Decimal("1200.00"), paid_on=date(2026, 2, 1), by=manager
    )
    with pytest.raises(ContractRefused, match="more than is left"):
        services.payment_record(
            claim=claim, payer=fund, amount=Decimal("800.01"), paid_on=date(2026, 2, 1), by=manager
        )
    report = contract_report(contract)
    assert [(p.claimed, p.paid) for p in report.payers] == [
        (Decimal("1200.00"), Decimal("1200.00")),
        (Decimal("800.00"), Decimal("0.00")),
    ]
    assert report.paid == Decimal("1200.00")


# Endings ----------------------------------------------------------------------------------


def test_a_job_ended_in_week_12_blocks_the_13_week_sustainment(coach, manager, person):
    contract = make_contract(
        coach.team,
        entered_employment=("500.00", 1, 2, 3),
        employment_13_weeks=("1000.00", 1, 2, 3),
    )
    job = make_outcome(person, "entered-employment", ACHIEVED_ON, by=coach, verified_by=manager)
    services.outcome_end(
        outcome=job,
        ended_on=ACHIEVED_ON + timedelta(weeks=12),
        because="They let the agency staff go.",
        by=coach,
    )
    with pytest.raises(ValueError, match="cannot follow it"):
        make_outcome(
            person,
            "employment-13-weeks",
            ACHIEVED_ON + timedelta(weeks=13),
            by=coach,
            verified_by=manager,
            sustains=job,
        )
    assert [line.achieved for line in contract_report(contract).lines] == [1, 0]
    ended = contract_page_figures(contract)["ended_before"]
    assert [(e.sustainment.slug, e.ended) for e in ended] == [("employment-13-weeks", 1)]


def test_an_ending_needs_a_reason_and_a_day_after_any_sustainment(coach, manager, person):
    job = make_outcome(person, "entered-employment", ACHIEVED_ON, by=coach)
    with pytest.raises(ContractRefused, match="Say why"):
        services.outcome_end(outcome=job, ended_on=ACHIEVED_ON, because="  ", by=coach)
    make_outcome(
        person, "employment-13-weeks", ACHIEVED_ON + timedelta(weeks=14), by=coach, sustains=job
    )
    with pytest.raises(ContractRefused, match="Check the day it ended"):
        services.outcome_end(
            outcome=job, ended_on=ACHIEVED_ON + timedelta(weeks=13), because="Moved", by=coach
        )


# Races --------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_managers_saving_overlapping_contracts_at_once_one_wins_the_other_is_told():
    from tests.coaching.test_races_end_in_words import kinds, race

    # A transactional test before this one may have flushed the seeded outcome types.
    importlib.import_module("outcomes.migrations.0002_seed_outcome_types").seed(apps, None)
    team = make_team()
    make_coach("meg", team=team)
    make_manager()

    def save(name):
        return lambda: make_contract(team, name=name, entered_employment=("500.00", 1, 2, 3))

    ended = race(save("Housing SIB"), save("Jobs SIB"))

    assert kinds(ended) == ["ContractRefused", "ok"], ended
    assert Contract.objects.count() == 1
    refused = next(e for e in ended if isinstance(e, Exception))
    assert "An outcome can count towards one contract only" in str(refused)


def test_a_person_erased_while_their_claim_is_reviewed_is_taken_out_unnamed_and_uncounted(
    coach, manager, person
):
    contract = make_contract(coach.team, entered_employment=("500.00", 1, 2, 3))
    robin = make_person("Robin", coach)
    for someone in (person, robin):
        make_outcome(someone, "entered-employment", ACHIEVED_ON, by=coach, verified_by=manager)
    claim = services.claim_prepare(
        contract=contract, period_start=ACHIEVED_ON, period_end=ACHIEVED_ON, by=manager
    )
    deletion = coaching_services.deletion_request_make(person=robin, by=robin.user)
    coaching_services.person_erase(deletion=deletion, by=manager)
    services.claim_submit(claim=claim, by=manager)
    claim.refresh_from_db()
    assert (claim.lines.count(), claim.reporting_off) == (1, 0)
    assert claim.lines.get().amount == Decimal("500.00")
