"""Contracts, claims and a commissioner's pages in a real browser: axe on each, on a
laptop and on a phone."""

from datetime import date
from decimal import Decimal

import pytest

from outcomes import services
from tests.browser.conftest import axe_violations, sign_in
from tests.browser.test_accessibility import scan
from tests.browser.test_outcomes_pages import _outcome_types  # noqa: F401 (autouse: reseeds)
from tests.conftest import make_coach, make_commissioner, make_manager, make_person
from tests.outcomes.helpers import make_outcome, outcome_type

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def contract_world():
    coach = make_coach("meg", first_name="Meg")
    manager = make_manager("ruth")
    person = make_person("Sam", coach)
    contract = services.contract_create(
        fields={
            "name": "Youth homelessness SIB",
            "funder": "Leeds City Council",
            "starts_on": date(2025, 1, 1),
            "ends_on": date(2027, 12, 31),
            "cap": Decimal("474000"),
        },
        teams=[coach.team],
        tariffs=[
            {
                "outcome_type": outcome_type("entered-employment"),
                "tariff": Decimal("1000"),
                "target_low": 1,
                "target_median": 2,
                "target_high": 3,
            }
        ],
        payers=[
            services.PayerTerms("Leeds City Council", Decimal("60")),
            services.PayerTerms("The fund", Decimal("40")),
        ],
    )
    job = make_outcome(
        person, "entered-employment", date(2025, 6, 1), by=coach, verified_by=manager
    )
    draft = services.claim_prepare(
        contract=contract, period_start=date(2025, 1, 1), period_end=date(2025, 12, 31), by=manager
    )
    make_commissioner(contract)
    return {"contract": contract, "draft": draft, "person": person, "job": job}


def test_contract_pages_have_no_violations(laptop, phone, live_server, contract_world):
    contract, draft = contract_world["contract"], contract_world["draft"]
    sign_in(laptop, live_server, "ruth@example.org")
    manager_pages = {
        "contract": f"/insights/contracts/{contract.pk}/",
        "contract-new": "/insights/contracts/new/",
        "claim-draft": f"/insights/claims/{draft.pk}/",
    }
    assert scan(laptop, live_server, manager_pages, "contracts-manager") == {}
    laptop.get_by_role("button", name="Submit the claim").click()
    laptop.wait_for_load_state()
    assert laptop.get_by_text("The claim is submitted").is_visible()
    laptop.get_by_role("button", name="Record the payment").click()
    laptop.wait_for_load_state()
    assert laptop.get_by_text("Please check the form").is_visible()
    assert axe_violations(laptop) == []

    sign_in(phone, live_server, "cara@example.org")
    commissioner_pages = {
        "home": "/commission/",
        "contract": f"/commission/contracts/{contract.pk}/",
    }
    assert scan(phone, live_server, commissioner_pages, "contracts-commissioner") == {}


def test_coach_contract_forms_have_no_violations(laptop, live_server, contract_world):
    person, job = contract_world["person"], contract_world["job"]
    sign_in(laptop, live_server, "meg@example.org")
    coach_pages = {
        "enrol": f"/coach/people/{person.pk}/contracts/enrol/",
        "ended": f"/coach/people/{person.pk}/outcomes/{job.pk}/ended/",
    }
    assert scan(laptop, live_server, coach_pages, "contracts-coach") == {}
