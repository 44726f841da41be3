"""Wellbeing and outcomes in a real browser: the phone journey, and axe on every new page."""

import importlib
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from outcomes import services
from outcomes.models import Contract, ContractTariff, OutcomeType
from outcomes.scales import COPYRIGHT, SWEMWBS
from tests.browser.conftest import PHONE, axe_violations, screenshot, sign_in
from tests.browser.test_accessibility import scan
from tests.conftest import make_coach, make_manager, make_person
from tests.outcomes.helpers import load_wording

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _outcome_types(transactional_db):
    """Transactional tests flush the seeded outcome types; put them back."""
    seeded = importlib.import_module("outcomes.migrations.0002_seed_outcome_types")
    seeded.seed(_Apps(), None)


def _two_scores_on_paper(person, coach, *, first: int) -> None:
    """Scores filled in with the coach on paper, in March and June 2025: every answer
    `first`, then every answer 4."""
    for when, answer in ((datetime(2025, 3, 3), first), (datetime(2025, 6, 3), 4)):
        services.wellbeing_record(
            person=person,
            answers=dict.fromkeys(SWEMWBS.items, answer),
            by=coach,
            at=timezone.make_aware(when),
            from_paper=True,
        )


class _Apps:
    @staticmethod
    def get_model(app, model):
        return OutcomeType


@pytest.fixture
def organisation():
    coach = make_coach("meg", first_name="Meg")
    make_manager("ruth")
    person = make_person("Sam", coach)
    types = {t.slug: t for t in OutcomeType.objects.all()}
    entry = services.outcome_record(
        person=person,
        outcome_type=types["entered-accommodation"],
        achieved_on=timezone.localdate() - timedelta(days=80),
        evidence="Tenancy agreement seen",
        by=coach,
    )
    _two_scores_on_paper(person, coach, first=3)
    contract = Contract.objects.create(
        name="Youth homelessness SIB",
        funder="Leeds City Council",
        starts_on=date(2025, 1, 1),
        ends_on=date(2027, 12, 31),
        cap=Decimal("474000"),
    )
    contract.teams.add(coach.team)
    ContractTariff.objects.create(
        contract=contract,
        outcome_type=types["entered-accommodation"],
        tariff=Decimal("1000"),
        target_low=80,
        target_median=95,
        target_high=105,
    )
    return {"coach": coach, "person": person, "entry": entry, "contract": contract}


def test_with_no_wording_loaded_me_offers_no_wellbeing_questions(phone, live_server):
    coach = make_coach("meg", first_name="Meg")
    make_person("Sam", coach)
    sign_in(phone, live_server, "sam")
    phone.wait_for_url("**/me/")
    section = phone.locator("#wellbeing")
    assert "your coach can go through a few short questions" in section.inner_text()
    assert phone.get_by_role("link", name="Fill in your wellbeing scale").count() == 0
    assert phone.locator("input[type=radio]").count() == 0
    phone.goto(f"{live_server.url}/me/wellbeing/")
    phone.wait_for_url("**/me/#wellbeing")
    assert phone.locator("input[type=radio]").count() == 0
    assert "not ready here yet" in phone.content()
    assert axe_violations(phone) == []


def test_person_completes_the_scale_on_a_phone_and_sees_their_chart(phone, live_server):
    coach = make_coach("meg", first_name="Meg")
    make_person("Sam", coach)
    load_wording()
    sign_in(phone, live_server, "sam")
    phone.get_by_role("link", name="Fill in your wellbeing scale").click()
    phone.wait_for_url("**/me/wellbeing/")
    assert COPYRIGHT in phone.content()
    phone.get_by_role("button", name="Save my answers").click()  # nothing answered yet
    phone.wait_for_load_state()
    assert phone.locator(".error-summary").is_visible()
    screenshot(phone, "wellbeing-phone-errors")
    assert axe_violations(phone) == []
    # Numbered 1 to 7 as the person meets them.
    for item in SWEMWBS.items:
        name = f"Placeholder wording for item {item}"
        group = phone.get_by_role("group", name=name, exact=True)
        group.get_by_label("Often").check()
    screenshot(phone, "wellbeing-phone-form")
    phone.get_by_role("button", name="Save my answers").click()
    phone.wait_for_url("**/me/#wellbeing")
    assert "Thank you. Your answers are saved." in phone.content()
    # In plain words first; the scale's name and numbers behind "More detail".
    assert "Your first score is 25." in phone.locator("#wellbeing").inner_text()
    chart = phone.get_by_role("img", name="SWEMWBS scores over time")
    assert not chart.is_visible()
    phone.get_by_text("More detail").click()
    chart.scroll_into_view_if_needed()
    assert chart.is_visible()
    assert "One score so far: 25.03" in phone.content()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(phone, "wellbeing-phone-chart")
    assert axe_violations(phone) == []


def test_outcome_and_wellbeing_pages_have_no_violations(laptop, phone, live_server, organisation):
    person, contract = organisation["person"], organisation["contract"]
    sign_in(laptop, live_server, "meg@example.org")
    coach_pages = {
        "person-with-wellbeing": f"/coach/people/{person.pk}/",
        "wellbeing-with-coach": f"/coach/people/{person.pk}/wellbeing/new/",
        "outcome-new": f"/coach/people/{person.pk}/outcomes/new/",
    }
    assert scan(laptop, live_server, coach_pages, "outcomes-coach") == {}
    laptop.goto(f"{live_server.url}/coach/people/{person.pk}/outcomes/new/")
    laptop.get_by_role("button", name="Record the outcome").click()
    laptop.wait_for_load_state()
    assert axe_violations(laptop) == []
    laptop.context.clear_cookies()
    sign_in(laptop, live_server, "ruth@example.org")
    manager_pages = {
        "to-verify": "/insights/outcomes/",
        "verify": f"/insights/outcomes/{organisation['entry'].pk}/",
        "contracts": "/insights/contracts/",
        "contract-new": "/insights/contracts/new/",
        "contract": f"/insights/contracts/{contract.pk}/",
    }
    assert scan(laptop, live_server, manager_pages, "outcomes-manager") == {}
    laptop.goto(f"{live_server.url}/insights/contracts/new/")
    laptop.get_by_role("button", name="Set up the contract").click()
    laptop.wait_for_load_state()
    screenshot(laptop, "outcomes-manager-contract-errors")
    assert axe_violations(laptop) == []
    load_wording()
    sign_in(phone, live_server, "sam")
    person_pages = {"me-with-wellbeing": "/me/", "me-wellbeing-form": "/me/wellbeing/"}
    assert scan(phone, live_server, person_pages, "outcomes-person") == {}


def test_wide_tables_scroll_in_their_own_region_on_a_phone(phone, live_server, organisation):
    """A coach or manager on a phone: the outcome tables scroll inside their labelled
    region, and the page itself stays as wide as the screen."""
    person, contract = organisation["person"], organisation["contract"]
    sign_in(phone, live_server, "meg@example.org")
    phone.goto(f"{live_server.url}/coach/people/{person.pk}/")
    assert phone.get_by_role("region", name="Sam's outcomes").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    phone.context.clear_cookies()
    sign_in(phone, live_server, "ruth@example.org")
    for path in [
        "/insights/outcomes/",
        "/insights/contracts/",
        f"/insights/contracts/{contract.pk}/",
    ]:
        phone.goto(f"{live_server.url}{path}")
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path


def test_scores_filled_in_with_a_coach_fit_a_phone(phone, live_server, organisation):
    """The person's "More detail": a meaningful change and "with Meg, on the paper form"
    in the table, and the page still no wider than the phone."""
    coach = organisation["coach"]
    coach.last_name = "Okafor"
    coach.save(update_fields=["last_name"])
    sign_in(phone, live_server, "sam")
    phone.goto(f"{live_server.url}/me/")
    phone.get_by_text("More detail").click()
    table = phone.get_by_role("table", name="Your SWEMWBS scores")
    table.scroll_into_view_if_needed()
    assert "with Meg Okafor, on the paper form" in table.inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(phone, "wellbeing-phone-with-a-coach")


def test_wellbeing_chart_and_table_fit_the_side_of_a_persons_page(laptop, live_server):
    """On a laptop the wellbeing scores sit in the narrow column beside the story: the
    chart once took no width at all there, and its table spilled past the column."""
    coach = make_coach("meg", first_name="Meg")
    person = make_person("Sam", coach)
    _two_scores_on_paper(person, coach, first=2)
    page = laptop
    sign_in(page, live_server, "meg@example.org")
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(f"{live_server.url}/coach/people/{person.pk}/")
        page.locator("#wellbeing").evaluate("el => el.closest('details')?.setAttribute('open', '')")
        section = page.locator("#wellbeing").bounding_box()
        chart = page.get_by_role("img", name="SWEMWBS scores over time").bounding_box()
        assert chart["width"] > section["width"] * 0.9
        scores = page.get_by_role("region", name="Sam's SWEMWBS scores").bounding_box()
        assert scores["x"] + scores["width"] <= section["x"] + section["width"] + 1
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        screenshot(page, f"wellbeing-beside-story-{width}")
