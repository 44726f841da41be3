"""Personal budgets in a real browser: asking on a phone, reading the decision, axe clean."""

from decimal import Decimal

import pytest
from django.utils import timezone

from budgets import services
from budgets.models import BudgetRequest
from tests.browser.conftest import axe_violations, screenshot, sign_in
from tests.browser.test_accessibility import scan
from tests.budgets.helpers import make_fund, make_request
from tests.conftest import make_coach, make_manager, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_person_asks_for_a_budget_on_a_phone_and_later_reads_the_decision(phone, live_server):
    coach = make_coach("meg", first_name="Meg")
    manager = make_manager("ruth")
    person = make_person("Sam", coach)
    page = phone
    sign_in(page, live_server, "sam")
    page.get_by_role("link", name="Ask for a personal budget").click()
    page.get_by_label("What is it for?").fill(
        "Driving lessons. The farm job starts at 6 and there is no bus."
    )
    page.get_by_label("How much?").fill("840")
    page.get_by_label("Paid to a supplier").check()
    screenshot(page, "budgets-person-asks-phone")
    page.get_by_role("button", name="Send my request").click()
    page.wait_for_url("**/me/budgets/*/")
    assert page.get_by_text("Waiting for a decision").first.is_visible()
    assert page.get_by_text("£840.00").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    budget_request = BudgetRequest.objects.get(person=person)
    services.request_decline(
        budget_request=budget_request,
        by=manager,
        reason="The Pathways Fund can pay half; your coach will look for the rest with you.",
    )
    page.goto(f"{live_server.url}/me/")
    page.get_by_role("link", name="Driving lessons").click()
    assert page.get_by_text("Not approved by ruth, a manager").is_visible()
    assert page.get_by_text("The Pathways Fund can pay half").is_visible()
    assert page.get_by_role("link", name="Withdraw this request").count() == 0
    screenshot(page, "budgets-person-reads-decision-phone")


@pytest.fixture
def budgets_organisation():
    coach = make_coach("meg", first_name="Meg")
    manager = make_manager("ruth")
    person = make_person("Sam", coach)
    fund = make_fund(team=coach.team, total="1000.00", coach_limit="250.00")
    waiting = make_request(person, "45.50", purpose="Books for the maths course")
    declined = make_request(person, "360.00", purpose="Gym membership")
    services.request_decline(budget_request=declined, by=manager, reason="Try the free park run.")
    paid = make_request(person, "120.00", purpose="A phone that holds a charge")
    services.request_approve(budget_request=paid, fund=fund, by=coach)
    services.payment_record(
        budget_request=paid,
        by=coach,
        amount=Decimal("110.00"),
        paid_on=timezone.localdate(),
        method="voucher",
    )
    approved = make_request(person, "200.00", purpose="A bed for the flat")
    services.request_approve(budget_request=approved, fund=fund, by=manager)
    withdrawn = make_request(person, "68.00", purpose="Bus pass")
    services.request_withdraw(budget_request=withdrawn, by=person.user)
    return {
        "fund": fund,
        "person": person,
        "waiting": waiting,
        "declined": declined,
        "paid": paid,
        "approved": approved,
        "withdrawn": withdrawn,
    }


def test_person_budget_pages_have_no_violations(phone, live_server, budgets_organisation):
    o = budgets_organisation
    sign_in(phone, live_server, "sam")
    pages = {
        "me": "/me/",
        "list": "/me/budgets/",
        "new": "/me/budgets/new/",
        "waiting": f"/me/budgets/{o['waiting'].pk}/",
        "declined": f"/me/budgets/{o['declined'].pk}/",
        "paid": f"/me/budgets/{o['paid'].pk}/",
        "withdrawn": f"/me/budgets/{o['withdrawn'].pk}/",
        "withdraw": f"/me/budgets/{o['waiting'].pk}/withdraw/",
    }
    assert scan(phone, live_server, pages, "budgets-me") == {}
    phone.goto(f"{live_server.url}/me/budgets/new/")
    phone.get_by_role("button", name="Send my request").click()
    phone.wait_for_load_state()
    assert phone.get_by_text("Please check the form").is_visible()
    screenshot(phone, "budgets-me-new-errors")
    assert axe_violations(phone) == []


def test_coach_budget_pages_have_no_violations(laptop, live_server, budgets_organisation):
    o = budgets_organisation
    sign_in(laptop, live_server, "meg@example.org")
    pages = {
        "list": "/coach/budgets/",
        "person": f"/coach/people/{o['person'].pk}/",
        "new": f"/coach/people/{o['person'].pk}/budgets/new/",
        "waiting": f"/coach/budgets/{o['waiting'].pk}/",
        "approved": f"/coach/budgets/{o['approved'].pk}/",
        "paid": f"/coach/budgets/{o['paid'].pk}/",
        "declined": f"/coach/budgets/{o['declined'].pk}/",
    }
    assert scan(laptop, live_server, pages, "budgets-coach") == {}
    laptop.goto(f"{live_server.url}/coach/budgets/{o['waiting'].pk}/")
    laptop.get_by_label("Approve").check()
    laptop.get_by_role("button", name="Record the decision").click()
    laptop.wait_for_load_state()
    assert laptop.get_by_text("Please choose the fund").first.is_visible()
    screenshot(laptop, "budgets-coach-decide-errors")
    assert axe_violations(laptop) == []


def test_manager_budget_pages_have_no_violations(laptop, live_server, budgets_organisation):
    o = budgets_organisation
    make_request(o["person"], "900.00", purpose="Driving lessons")
    sign_in(laptop, live_server, "ruth@example.org")
    pages = {
        "home": "/insights/budgets/",
        "figures": "/insights/budgets/figures/",
        "fund-new": "/insights/budgets/funds/new/",
        "fund-edit": f"/insights/budgets/funds/{o['fund'].pk}/",
        "waiting": f"/insights/budgets/requests/{o['waiting'].pk}/",
        "approved": f"/insights/budgets/requests/{o['approved'].pk}/",
    }
    assert scan(laptop, live_server, pages, "budgets-manager") == {}
    laptop.goto(f"{live_server.url}/insights/budgets/funds/new/")
    laptop.get_by_role("button", name="Save the fund").click()
    laptop.wait_for_load_state()
    screenshot(laptop, "budgets-manager-fund-errors")
    assert axe_violations(laptop) == []
