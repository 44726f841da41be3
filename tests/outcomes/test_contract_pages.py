"""The contract pages: set-up refused in words, claims reviewed and paid, the
evaluator's extract, a commissioner's own pages, enrolment and endings."""

import csv
import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from coaching import services as coaching_services
from coaching.models import PersonalDetails
from outcomes import services
from outcomes.models import Claim, Contract, Enrolment, Extract, Outcome
from tests.conftest import make_commissioner, make_person, shows_word
from tests.outcomes.helpers import make_outcome, outcome_type
from tests.outcomes.test_contract_claims import COUNCIL_AND_FUND, enrolled_contract
from tests.outcomes.test_contracts import ACHIEVED_ON, contract_form, make_contract

EVIDENCE = "Letter from Greenway Lettings"


def test_a_contract_overlapping_another_is_refused_on_the_form_in_words(manager_client, coach):
    kind = outcome_type("entered-employment")
    url = reverse("outcomes:contract_new")
    assert manager_client.post(url, contract_form(coach.team, kind, name="One")).status_code == 302
    response = manager_client.post(url, contract_form(coach.team, kind, name="Two"))
    assert response.status_code == 200
    assert "An outcome can count towards one contract only" in response.content.decode()
    assert Contract.objects.count() == 1


def test_a_manager_sets_up_a_contract_with_two_payers_and_an_age_range(manager_client, coach):
    kind = outcome_type("entered-employment")
    data = contract_form(
        coach.team,
        kind,
        cap="",
        takes="enrolled",
        min_age="18",
        max_age="30",
        payer_1_name="Council",
        payer_1_share="60",
        payer_1_cap="600",
        payer_2_name="Fund",
        payer_2_share="40",
        payer_2_cap="400",
    )
    assert manager_client.post(reverse("outcomes:contract_new"), data).status_code == 302
    contract = Contract.objects.get()
    assert (contract.cap, contract.min_age, contract.max_age) == (Decimal("1000.00"), 18, 30)
    assert [(p.name, p.share) for p in contract.payers.all()] == [
        ("Council", Decimal("60.00")),
        ("Fund", Decimal("40.00")),
    ]


def test_a_claim_is_prepared_reviewed_submitted_and_paid_and_names_nobody(
    manager_client, coach, manager, person
):
    contract = make_contract(
        coach.team, cap="2000.00", payers=COUNCIL_AND_FUND, entered_employment=("500.00", 1, 2, 3)
    )
    robin = make_person("Robin Quill", coach)
    for someone in (person, robin):
        make_outcome(someone, "entered-employment", ACHIEVED_ON, by=coach, verified_by=manager)
    coaching_services.sharing_change(person=robin, choice="reporting", allowed=False, by=coach)
    response = manager_client.post(
        reverse("outcomes:claim_new", args=[contract.pk]),
        {"period_start": "2025-01-01", "period_end": "2025-12-31"},
    )
    claim = Claim.objects.get()
    assert response["Location"] == reverse("outcomes:claim", args=[claim.pk])
    page = manager_client.get(response["Location"]).content.decode()
    assert "chose not to be counted in reports: fewer than 5." in page
    assert not shows_word(page, "Sam") and not shows_word(page, "Quill")
    assert "£300.00" in page and "£200.00" in page
    manager_client.post(reverse("outcomes:claim_submit", args=[claim.pk]))
    council = contract.payers.get(name="Leeds City Council")
    paid = {"payer": council.pk, "amount": "300.00", "paid_on": "2026-02-01"}
    response = manager_client.post(reverse("outcomes:payment_new", args=[claim.pk]), paid)
    assert response.status_code == 302
    too_much = {**paid, "amount": "0.01"}
    response = manager_client.post(reverse("outcomes:payment_new", args=[claim.pk]), too_much)
    assert response.status_code == 400
    assert "more than is left" in response.content.decode()
    page = manager_client.get(reverse("outcomes:contract", args=[contract.pk])).content.decode()
    assert "Submitted" in page


def test_a_claim_period_outside_the_contract_is_refused_in_words(manager_client, coach):
    contract = make_contract(coach.team, entered_employment=("500.00", 1, 2, 3))
    response = manager_client.post(
        reverse("outcomes:claim_new", args=[contract.pk]),
        {"period_start": "2030-01-01", "period_end": "2030-12-31"},
    )
    assert response.status_code == 400
    assert "Choose days within the contract" in response.content.decode()
    assert not Claim.objects.exists()


@pytest.mark.parametrize(
    "period",
    [("0001-01-01", "9999-12-31"), ("2024-06-01", "2025-06-30"), ("2027-06-01", "2028-05-31")],
)
def test_a_claim_period_running_past_the_contract_is_refused_in_words(
    manager_client, coach, period
):
    """Overlapping the contract is not enough: a claim once read "for 1 January 0001 to
    31 December 9999"."""
    contract = make_contract(coach.team, entered_employment=("500.00", 1, 2, 3))
    response = manager_client.post(
        reverse("outcomes:claim_new", args=[contract.pk]),
        {"period_start": period[0], "period_end": period[1]},
    )
    assert response.status_code == 400
    assert "Choose days within the contract, 1 January 2025 to 31 December 2027." in (
        response.content.decode()
    )
    assert not Claim.objects.exists()


# The evaluator's extract ------------------------------------------------------------------


def _extract(manager_client, contract) -> list[dict]:
    response = manager_client.post(
        reverse("outcomes:extract_new", args=[contract.pk]),
        {"period_start": "2025-01-01", "period_end": "2025-12-31", "made_for": "An evaluator"},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_extract_holds_no_name_note_or_free_text_and_its_pseudonyms_differ_each_time(
    manager_client, coach, manager, person
):
    contract = enrolled_contract(coach.team)
    jordan = make_person("Jordan Zebedee", coach, area="Kirkstall Lane")
    private = make_person("Robin", coach)
    coaching_services.sharing_change(person=private, choice="reporting", allowed=False, by=coach)
    for someone in (person, jordan, private):
        services.enrolment_make(
            contract=contract, person=someone, enrolled_on=ACHIEVED_ON, by=coach
        )
    job = make_outcome(person, "entered-employment", ACHIEVED_ON, by=coach, verified_by=manager)
    Outcome.objects.filter(pk=job.pk).update(evidence=EVIDENCE)
    coaching_services.contact_log(
        person=person, coach=coach, fields={"channel": "phone", "notes": "Talked about Greenway"}
    )

    first, second = _extract(manager_client, contract), _extract(manager_client, contract)

    assert len(first) == len(second) == 2  # Robin chose not to be counted
    text = str(first) + str(second)
    for words in ("Sam", "Jordan", "Zebedee", "Robin", "Greenway", "Kirkstall", "Talked"):
        assert words not in text
    assert {row["outcomes"] for row in first} == {"", "entered-employment 2025-06-01"}
    assert {row["area"] for row in first} == {"Leeds"}
    assert not {row["pseudonym"] for row in first} & {row["pseudonym"] for row in second}
    assert Extract.objects.filter(made_for="An evaluator", rows=2).count() == 2
    page = manager_client.get(reverse("outcomes:contract", args=[contract.pk])).content.decode()
    assert "for An evaluator" in page


# A commissioner --------------------------------------------------------------------------------


def test_a_commissioner_sees_only_the_contracts_it_is_given(client, coach, outsider, person):
    theirs = make_contract(coach.team, name="Their SIB", entered_employment=("500.00", 1, 2, 3))
    other = make_contract(outsider.team, name="Not theirs", entered_employment=("1.00", 1, 2, 3))
    client.force_login(make_commissioner(theirs))
    home = client.get(reverse("outcomes:commissioner_home")).content.decode()
    assert "Their SIB" in home and "Not theirs" not in home
    page = client.get(reverse("outcomes:commissioner_contract", args=[theirs.pk]))
    assert page.status_code == 200 and not shows_word(page.content.decode(), "Sam")
    assert client.get(reverse("outcomes:commissioner_contract", args=[other.pk])).status_code == 404
    assert client.get(reverse("outcomes:contract", args=[theirs.pk])).status_code == 403
    assert client.get(person.get_absolute_url()).status_code == 403


def test_a_commissioner_reads_system_barriers_by_kind_with_no_names_or_words(client, coach, person):
    from coaching.services import Barrier, contact_log

    contract = make_contract(coach.team, name="Their SIB", entered_employment=("500.00", 1, 2, 3))
    dwp = Barrier(
        service="Leeds Jobcentre", what_happened="Sam's claim was stopped", category="dwp"
    )
    for _ in range(5):
        contact_log(person=person, coach=coach, fields={"channel": "phone"}, barriers=[dwp])
    landlord = Barrier(service="Acme Lettings", category="landlord", raised_with_service=True)
    for _ in range(5):
        contact_log(person=person, coach=coach, fields={"channel": "phone"}, barriers=[landlord])
    commissioner_page = reverse("outcomes:commissioner_contract", args=[contract.pk])
    client.force_login(make_commissioner(contract))
    page = client.get(commissioner_page).text
    assert "System barriers, by kind of service" in page
    cells = {
        row[0]: row[1:]
        for row in (
            re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", r)
            for r in re.findall(r"<tr>(.*?)</tr>", page, re.S)
        )
        if row
    }
    assert cells["DWP and benefits"] == ["5", "0", "0"]
    assert cells["Landlord"] == ["5", "5", "0"]
    assert cells["Every kind"] == ["10", "5", "0"]
    employer = Barrier(service="Acme Ltd", category="employer")
    contact_log(person=person, coach=coach, fields={"channel": "phone"}, barriers=[employer])
    page = client.get(commissioner_page).text
    assert "fewer than 5" in page
    for private in ("Sam", "Jobcentre", "Acme", "stopped"):
        assert private not in page


def test_a_commissioner_without_a_second_factor_is_asked_to_set_one_up(client, coach):
    from allauth.mfa.models import Authenticator

    contract = make_contract(coach.team, entered_employment=("500.00", 1, 2, 3))
    commissioner = make_commissioner(contract)
    Authenticator.objects.filter(user=commissioner).delete()
    client.force_login(commissioner)
    response = client.get(reverse("outcomes:commissioner_home"))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_index")


# Coaches: enrolment and endings ----------------------------------------------------------------


def test_a_coach_enrols_a_person_and_is_told_when_they_are_not_counted(coach_client, coach, person):
    contract = enrolled_contract(coach.team, min_age=18, max_age=30)
    url = reverse("outcomes:enrolment_new", args=[person.pk])
    response = coach_client.post(url, {"contract": contract.pk, "enrolled_on": "2025-06-01"})
    assert response.status_code == 302
    enrolment = Enrolment.objects.get()
    assert (enrolment.eligible, enrolment.enrolled_by) == (False, coach)
    follow = coach_client.get(response["Location"]).content.decode()
    assert "not counted: no date of birth given" in follow
    assert PersonalDetails.objects.count() == 0


def test_a_coach_records_that_a_job_ended_in_the_persons_words(
    coach_client, coach, outsider, person
):
    job = make_outcome(person, "entered-employment", ACHIEVED_ON, by=coach)
    url = reverse("outcomes:outcome_end", args=[person.pk, job.pk])
    response = coach_client.post(url, {"ended_on": "2025-08-24", "because": "Agency let me go"})
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.ended_on, job.ended_because) == (date(2025, 8, 24), "Agency let me go")
    bad = coach_client.post(url, {"ended_on": "2025-01-01", "because": "x"})
    assert "on or after the day it began" in bad.content.decode()
