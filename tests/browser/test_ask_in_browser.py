"""Asking for a coach in a real browser: quick exit, and axe-core on every new page."""

import pytest

from coaching import services
from coaching.models import Activity, CoachRequest, record_activity
from tests.browser.conftest import axe_violations, screenshot, sign_in
from tests.conftest import make_coach, make_person, make_team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def organisation():
    meg = make_coach("meg", first_name="Meg")
    make_team("Calderdale", "Calderdale")
    sam = make_person("Sam", meg)
    fields = {"reach_by": "phone", "reach_details": "07700 900123"}
    waiting = services.coach_request_create(
        fields={"name": "Kez", "area": "Leeds", "message": "Evenings", **fields}, team=meg.team
    )
    passed = services.coach_request_create(
        fields={"name": "Bev", "passed_on_by": "St Anne's", **fields}, team=meg.team
    )
    taken = services.coach_request_create(fields={"name": "Ali", **fields}, team=meg.team)
    services.coach_request_take(coach_request=taken, coach=meg)
    record_activity(sam, Activity.Kind.RESUMED)
    return {"waiting": waiting, "passed": passed, "taken": taken}


def test_a_person_asks_for_a_coach_on_a_phone(phone, live_server, organisation):
    page = phone
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Ask for a coach").click()
    page.wait_for_url("**/ask/")
    page.get_by_label("What should we call you?").fill("Jo")
    page.get_by_label("Your number, email, or where and when").fill("07700 900456")
    page.get_by_label("Where are you?").select_option("Leeds")
    screenshot(page, "ask-filled-phone")
    page.get_by_role("button", name="Send").click()
    page.wait_for_url("**/ask/thanks/")
    assert page.get_by_role("heading", name="Thank you").is_visible()
    assert CoachRequest.objects.filter(name="Jo").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_quick_exit_leaves_the_ask_page_and_replaces_the_history_entry(
    phone, live_server, organisation
):
    page = phone
    page.route(
        "https://www.bbc.co.uk/**", lambda route: route.fulfill(body="<title>Weather</title>")
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.goto(f"{live_server.url}/ask/")
    page.get_by_label("What should we call you?").fill("Jo")
    page.get_by_role("link", name="Quick exit").click()
    page.wait_for_url("https://www.bbc.co.uk/**")
    page.go_back()
    page.wait_for_load_state()
    # Back skips the ask page: it was replaced, not left behind in the history.
    assert "/accounts/login/" in page.url


def test_quick_exit_from_the_ask_page_by_pressing_escape_twice(phone, live_server, organisation):
    page = phone
    page.route(
        "https://www.bbc.co.uk/**", lambda route: route.fulfill(body="<title>Weather</title>")
    )
    page.goto(f"{live_server.url}/ask/")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url("https://www.bbc.co.uk/**")


def scan(page, live_server, pages: dict, prefix: str) -> dict:
    found = {}
    for name, path in pages.items():
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state()
        screenshot(page, f"{prefix}-{name}")
        violations = axe_violations(page)
        if violations:
            found[name] = violations
    return found


def test_the_ask_pages_have_no_violations(laptop, phone, live_server, organisation):
    pages = {"ask": "/ask/", "ask-thanks": "/ask/thanks/"}
    assert scan(laptop, live_server, pages, "ask") == {}
    assert scan(phone, live_server, pages, "ask-phone") == {}


def test_the_ask_page_with_errors_has_no_violations(phone, live_server, organisation):
    phone.goto(f"{live_server.url}/ask/")
    phone.get_by_text("Passing this on from another organisation?").click()
    phone.get_by_label("I work for another organisation").check()
    phone.get_by_role("button", name="Send").click()
    phone.wait_for_load_state()
    assert phone.get_by_text("Please check the form").is_visible()
    screenshot(phone, "ask-errors-phone")
    assert axe_violations(phone) == []
    assert CoachRequest.objects.count() == 3


def test_the_inbox_and_request_pages_have_no_violations(laptop, live_server, organisation):
    sign_in(laptop, live_server, "meg@example.org")
    pages = {
        "home-with-inbox-and-feed": "/coach/",
        "request": f"/coach/requests/{organisation['waiting'].pk}/",
        "request-passed-on": f"/coach/requests/{organisation['passed'].pk}/",
        "request-taken": f"/coach/requests/{organisation['taken'].pk}/",
    }
    assert scan(laptop, live_server, pages, "inbox") == {}


def test_a_coach_takes_a_request_with_the_keyboard(laptop, live_server, organisation):
    page = laptop
    sign_in(page, live_server, "meg@example.org")
    page.get_by_role("link", name="Bev").click()
    page.get_by_role("button", name="Take and begin coaching").click()
    page.wait_for_load_state()
    assert page.get_by_text("Please check the form").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "inbox-take-needs-agreement")
    page.get_by_label("I have met Bev and they told me they want a coach").check()
    page.get_by_role("button", name="Take and begin coaching").click()
    page.wait_for_load_state()
    assert page.get_by_text("Coaching with Bev has begun.").is_visible()
    organisation["passed"].refresh_from_db()
    assert organisation["passed"].person_agreed
