"""The dashboard in a real browser: filters by keyboard and mouse, and axe finds nothing."""

import pytest

from coaching import services
from tests.browser.conftest import PHONE, axe_violations, screenshot, sign_in
from tests.conftest import make_coach, make_manager, make_person, make_team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def organisation():
    calderdale = make_team("Calderdale", "Calderdale")
    meg, dan = make_coach("meg", first_name="Meg"), make_coach("dan", team=calderdale)
    make_manager("ruth")
    for i in range(6):
        person = make_person(f"Person {i}", meg, with_login=False)
        services.contact_log(person=person, coach=meg, fields={"channel": "phone"})
    make_person("Jordan", dan, with_login=False)


def test_manager_filters_the_dashboard_by_team(laptop, live_server, organisation):
    sign_in(laptop, live_server, "ruth@example.org")
    laptop.goto(f"{live_server.url}/insights/")
    began = laptop.get_by_role("row", name="Began coaching in the period")
    assert "7" in began.inner_text()
    laptop.get_by_label("Team").select_option(label="Calderdale")
    laptop.get_by_role("button", name="Show figures").click()
    laptop.wait_for_load_state()
    assert "Calderdale" in laptop.locator(".insights-period").inner_text()
    began = laptop.get_by_role("row", name="Began coaching in the period")
    assert "fewer than 5" in began.inner_text()
    screenshot(laptop, "insights-calderdale")
    assert axe_violations(laptop) == []


def test_bad_dates_get_a_message_and_pass_axe(laptop, live_server, organisation):
    sign_in(laptop, live_server, "ruth@example.org")
    laptop.goto(f"{live_server.url}/insights/?start=2026-05-01&end=2026-01-01")
    assert "The period must start on or before" in laptop.content()
    screenshot(laptop, "insights-bad-period")
    assert axe_violations(laptop) == []


def test_the_whole_dashboard_passes_axe(laptop, live_server, organisation):
    sign_in(laptop, live_server, "ruth@example.org")
    laptop.goto(f"{live_server.url}/insights/")
    screenshot(laptop, "insights-all")
    assert axe_violations(laptop) == []


def test_on_a_phone_the_charts_words_stay_readable_and_the_page_does_not_widen(
    phone, live_server, organisation
):
    """The charts are rendered at their own size, labels above the bars: a phone shrinks
    them a little. Labels beside the bars, 640 wide, drew their words at 7 pixels."""
    sign_in(phone, live_server, "ruth@example.org")
    phone.goto(f"{live_server.url}/insights/")
    heights = phone.locator(".bar-chart__text").evaluate_all(
        "texts => texts.map(t => t.getBoundingClientRect().height)"
    )
    assert heights and min(heights) >= 10, min(heights)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(phone, "insights-phone")
