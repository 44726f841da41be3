"""Contract arithmetic, the cohort, and the reporting rule."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from outcomes import services
from outcomes.contracts import contract_report, contract_reports
from outcomes.models import Contract
from tests.conftest import make_person
from tests.outcomes.helpers import make_outcome, many_verified, outcome_type

ACHIEVED_ON = date(2025, 6, 1)


def make_contract(team, cap="474000.00", name="Youth homelessness SIB", payers=(), **tariffs):
    return services.contract_create(
        fields={
            "name": name,
            "funder": "Leeds City Council",
            "starts_on": date(2025, 1, 1),
            "ends_on": date(2027, 12, 31),
            "cap": None if cap is None else Decimal(cap),
        },
        teams=[team],
        tariffs=[
            {
                "outcome_type": outcome_type(slug.replace("_", "-")),
                "tariff": Decimal(tariff),
                "target_low": low,
                "target_median": median,
                "target_high": high,
            }
            for slug, (tariff, low, median, high) in tariffs.items()
        ],
        payers=list(payers),
    )


@pytest.fixture
def worked_example(coach, manager, person):
    """103 entries at £1,000 and 214 three-month sustainments at £2,000: £531,000."""
    contract = make_contract(
        coach.team,
        entered_accommodation=("1000.00", 80, 95, 105),
        accommodation_3_months=("2000.00", 150, 180, 200),
    )
    many_verified(person, "entered-accommodation", 103, ACHIEVED_ON, by=coach, verified_by=manager)
    many_verified(person, "accommodation-3-months", 214, ACHIEVED_ON, by=coach, verified_by=manager)
    return contract


def test_worked_example_pays_the_cap_and_shows_value_beyond_it(worked_example):
    report = contract_report(worked_example)
    assert report.value_achieved == Decimal("531000.00")
    assert report.payable == Decimal("474000.00")
    assert report.beyond_cap == Decimal("57000.00")
    entry, sustained = report.lines
    assert (entry.achieved, entry.value, entry.short_of_high) == (103, Decimal("103000.00"), 2)
    assert (entry.short_of_low, entry.short_of_median) == (0, 0)
    assert (sustained.achieved, sustained.beyond_high) == (214, 14)


def test_the_contract_page_shows_the_worked_example(manager_client, worked_example):
    page = manager_client.get(reverse("outcomes:contract", args=[worked_example.pk]))
    html = page.content.decode()
    assert "£531,000.00" in html and "£474,000.00" in html and "£57,000.00" in html
    assert "2 short of high" in html
    assert "14 beyond high" in html


def test_only_verified_outcomes_in_the_period_and_the_teams_count(coach, outsider, manager, person):
    contract = make_contract(coach.team, entered_employment=("500.00", 1, 2, 3))
    make_outcome(person, "entered-employment", ACHIEVED_ON, by=coach, verified_by=manager)
    make_outcome(person, "entered-employment", date(2025, 6, 2), by=coach)  # not verified
    make_outcome(person, "entered-employment", date(2024, 12, 31), by=coach, verified_by=manager)
    make_outcome(person, "volunteering", ACHIEVED_ON, by=coach, verified_by=manager)  # no tariff
    elsewhere = make_person("Jordan", outsider)
    make_outcome(elsewhere, "entered-employment", ACHIEVED_ON, by=outsider, verified_by=manager)
    report = contract_report(contract)
    assert [line.achieved for line in report.lines] == [1]
    assert report.value_achieved == Decimal("500.00")


def test_a_later_handover_does_not_move_an_outcome_between_contracts(
    coach, outsider, manager, person
):
    contract = make_contract(coach.team, entered_employment=("500.00", 1, 2, 3))
    make_outcome(person, "entered-employment", ACHIEVED_ON, by=coach, verified_by=manager)
    person.current_relationship.hand_over(by=coach, to_coach=outsider)
    assert contract_report(contract).lines[0].achieved == 1


def test_people_who_turned_reporting_off_are_left_out_and_counted_as_such(
    manager_client, coach, manager, person
):
    contract = make_contract(coach.team, entered_accommodation=("1000.00", 5, 8, 10))
    many_verified(person, "entered-accommodation", 6, ACHIEVED_ON, by=coach, verified_by=manager)
    private = make_person("Robin", coach)
    private.share_reporting = False
    private.save()
    many_verified(private, "entered-accommodation", 3, ACHIEVED_ON, by=coach, verified_by=manager)
    # Left out of nothing: the contract does not pay for what Alex achieved.
    unpaid = make_person("Alex", coach)
    unpaid.share_reporting = False
    unpaid.save()
    make_outcome(unpaid, "volunteering", ACHIEVED_ON, by=coach, verified_by=manager)
    report = contract_report(contract)
    assert report.lines[0].achieved == 6
    assert report.value_achieved == Decimal("6000.00")
    assert report.left_out == 1
    html = manager_client.get(reverse("outcomes:contract", args=[contract.pk])).content.decode()
    assert "chose not to be counted in reports: fewer than 5." in html


def test_contracts_sharing_a_team_each_count_their_own_period_and_tariffs(
    coach, outsider, manager, person, django_assert_num_queries
):
    early = make_contract(coach.team, name="SIB 2025", entered_employment=("500.00", 1, 2, 3))
    early.ends_on = date(2025, 12, 31)
    early.save()
    late = make_contract(coach.team, name="SIB 2026", volunteering=("250.00", 1, 2, 3))
    late.starts_on = date(2026, 1, 1)
    late.save()
    late.teams.add(outsider.team)
    elsewhere = make_person("Jordan", outsider)
    private = make_person("Robin", coach)
    private.share_reporting = False
    private.save()
    for on in (ACHIEVED_ON, date(2026, 3, 1)):
        for someone, by in ((person, coach), (elsewhere, outsider), (private, coach)):
            for slug in ("entered-employment", "volunteering"):
                make_outcome(someone, slug, on, by=by, verified_by=manager)
    contracts = Contract.objects.order_by("starts_on")
    with django_assert_num_queries(8):
        reports = contract_reports(contracts)
    # Each as reported alone: the early contract pays for Meg's team's employment in
    # 2025 only, the late one for both teams' volunteering from 2026.
    assert [[line.achieved for line in r.lines] for r in reports] == [[1], [2]]
    assert [r.left_out for r in reports] == [1, 1]
    assert reports == [contract_report(early), contract_report(late)]
    with django_assert_num_queries(8):
        contract_reports(Contract.objects.filter(pk=early.pk))
    # The dashboard, which does not show who is left out, does not count them.
    with django_assert_num_queries(7):
        counted = contract_reports(Contract.objects.order_by("starts_on"), count_left_out=False)
    assert [[line.achieved for line in r.lines] for r in counted] == [[1], [2]]
    assert [r.left_out for r in counted] == [None, None]


def test_small_counts_show_as_fewer_than_5_with_their_value_hidden(
    manager_client, coach, manager, person
):
    contract = make_contract(coach.team, volunteering=("250.00", 1, 2, 3))
    make_outcome(person, "volunteering", ACHIEVED_ON, by=coach, verified_by=manager)
    html = manager_client.get(reverse("outcomes:contract", args=[contract.pk])).content.decode()
    assert "fewer than 5" in html
    assert '<td class="num"><span class="muted">not shown</span></td>' in html


def test_manager_sets_up_a_contract_with_tariffs_and_targets(manager_client, coach):
    kind = outcome_type("entered-accommodation")
    data = {
        "name": "Youth homelessness SIB",
        "funder": "Leeds City Council",
        "starts_on": "2025-01-01",
        "ends_on": "2027-12-31",
        "cap": "474000",
        "teams": [coach.team.pk],
        f"type-{kind.pk}-tariff": "1000",
        f"type-{kind.pk}-target_low": "80",
        f"type-{kind.pk}-target_median": "95",
        f"type-{kind.pk}-target_high": "105",
    }
    response = manager_client.post(reverse("outcomes:contract_new"), data)
    contract = Contract.objects.get()
    assert response["Location"] == reverse("outcomes:contract", args=[contract.pk])
    tariff = contract.tariffs.get()
    assert (tariff.outcome_type, tariff.tariff, tariff.target_high) == (kind, Decimal("1000"), 105)
    assert contract.cap == Decimal("474000.00")


def contract_form(team, kind=None, tariff=("100", "1", "2", "3"), **fields) -> dict:
    """The new contract form as posted: a year for one team, and one type's tariff and
    low, median and high targets when `kind` is given."""
    data = {
        "name": "X",
        "funder": "Y",
        "starts_on": "2025-01-01",
        "ends_on": "2025-12-31",
        "cap": "1000",
        "teams": [team.pk],
    }
    if kind is not None:
        names = ["tariff", "target_low", "target_median", "target_high"]
        data |= {f"type-{kind.pk}-{name}": value for name, value in zip(names, tariff, strict=True)}
    return data | fields


@pytest.mark.parametrize(
    ("low", "median", "high", "tariff"),
    [("10", "5", "20", "100"), ("1", "2", "", "100"), ("1", "2", "3", "-5")],
)
def test_bad_targets_or_tariffs_set_up_nothing(manager_client, coach, low, median, high, tariff):
    kind = outcome_type("volunteering")
    data = contract_form(coach.team, kind, (tariff, low, median, high))
    response = manager_client.post(reverse("outcomes:contract_new"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Please check the form" in page
    # Each error names its box and links to it.
    assert f'href="#id_type-{kind.pk}-' in page and f"for {kind.name}" in page
    assert "Constraint" not in page  # said in words, not a name
    assert page.count("A tariff cannot be less than £0.") in (0, 2)  # the summary, the box
    assert not Contract.objects.exists()


def test_a_negative_cap_is_explained_in_words(manager_client, coach):
    data = contract_form(coach.team, cap="-5")
    page = manager_client.post(reverse("outcomes:contract_new"), data).content.decode()
    assert "The cap cannot be less than £0." in page and "Constraint" not in page
    assert not Contract.objects.exists()


def test_contract_pages_are_for_managers_only(client, coach, person, worked_example):
    urls = [
        reverse("outcomes:contracts"),
        reverse("outcomes:contract_new"),
        reverse("outcomes:contract", args=[worked_example.pk]),
        reverse("outcomes:outcomes_to_verify"),
    ]
    for user in (coach, person.user):
        client.force_login(user)
        assert all(client.get(url).status_code == 403 for url in urls)
    client.logout()
    assert all("/accounts/login/" in client.get(url)["Location"] for url in urls)


def test_a_contract_that_does_not_exist_is_404(manager_client):
    assert manager_client.get(reverse("outcomes:contract", args=[999])).status_code == 404


def test_a_contract_in_another_century_or_with_a_slip_of_a_target_is_refused(manager_client, coach):
    kind = outcome_type("volunteering")
    tariff = ("100", "1", "2", "99999999999999")
    data = contract_form(coach.team, kind, tariff, starts_on="1980-01-01")
    page = manager_client.post(reverse("outcomes:contract_new"), data).content.decode()
    assert "Choose a day from 2000 to 2099." in page
    assert "A target is at most 100,000." in page
    assert not Contract.objects.exists()


def test_a_second_contract_of_the_same_name_is_refused(manager_client, coach):
    kind = outcome_type("volunteering")
    url = reverse("outcomes:contract_new")
    assert (
        manager_client.post(url, contract_form(coach.team, kind, name="Moving on")).status_code
        == 302
    )
    page = manager_client.post(url, contract_form(coach.team, kind, name="moving on")).content
    assert "There is already a contract of that name." in page.decode()
    assert Contract.objects.count() == 1


def test_two_managers_setting_up_one_name_at_once_get_one_contract_and_a_message(
    manager_client, coach, monkeypatch
):
    """Both pass the form's check; the database keeps one, ignoring case, and the
    second manager is told why rather than shown an error page."""
    from outcomes.forms import ContractForm

    kind = outcome_type("volunteering")
    url = reverse("outcomes:contract_new")
    assert (
        manager_client.post(url, contract_form(coach.team, kind, name="Moving on")).status_code
        == 302
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Contract.objects.create(
            name="MOVING ON",
            funder="x",
            starts_on=date(2025, 1, 1),
            ends_on=date(2025, 2, 1),
            cap=1,
        )
    monkeypatch.setattr(ContractForm, "clean_name", lambda form: form.cleaned_data["name"])
    response = manager_client.post(url, contract_form(coach.team, kind, name="moving on"))
    assert response.status_code == 200
    assert "There is already a contract of that name." in response.content.decode()
    assert Contract.objects.count() == 1
