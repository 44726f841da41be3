"""Quick exit stays on screen while a long page scrolls, and Back after it shows a
plain sign-in page: no "signed out", no path of the page that was open."""

from datetime import timedelta

import pytest
from django.utils import timezone

from coaching import services
from tests.browser.conftest import axe_violations, sign_in
from tests.conftest import make_coach, make_person, make_team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SMALL_PHONE = {"width": 375, "height": 667}


def _a_long_story():
    coach = make_coach("meg")
    person = make_person("Sam", coach)
    for days in range(12):
        services.contact_log(
            person=person,
            coach=coach,
            fields={
                "channel": "phone",
                "occurred_at": timezone.now() - timedelta(days=days + 1),
                "notes": "We talked about the flat, the bills and the next steps. " * 4,
            },
        )
    return person


def _shown_and_on_top(page) -> bool:
    """The button is inside the screen, and nothing else is drawn over its middle."""
    return page.evaluate(
        """() => {
          const exit = document.querySelector("[data-quick-exit]");
          const box = exit.getBoundingClientRect();
          const inside = box.top >= 0 && box.bottom <= window.innerHeight;
          const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
          return inside && exit.contains(hit);
        }"""
    )


def _covers_nothing_at_the_top(page) -> bool:
    """Unscrolled, the bar sits above the page's words, not on them."""
    return page.evaluate(
        """() => {
          const bar = document.querySelector(".quick-exit-bar").getBoundingClientRect();
          const heading = document.querySelector("h1").getBoundingClientRect();
          return bar.bottom <= heading.top;
        }"""
    )


def _scroll_to_the_end(page):
    page.evaluate(
        "window.scrollTo({top: document.documentElement.scrollHeight, behavior: 'instant'})"
    )
    assert page.evaluate("window.scrollY") > 200


@pytest.mark.parametrize("viewport", [SMALL_PHONE, {"width": 1280, "height": 800}])
def test_quick_exit_stays_visible_after_scrolling_and_back_reveals_nothing(
    browser, live_server, viewport
):
    _a_long_story()
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.route(
        "https://www.bbc.co.uk/**", lambda route: route.fulfill(body="<title>Weather</title>")
    )
    sign_in(page, live_server, "sam")
    page.goto(f"{live_server.url}/me/details/")
    page.goto(f"{live_server.url}/me/")
    assert _covers_nothing_at_the_top(page)
    _scroll_to_the_end(page)
    assert _shown_and_on_top(page)
    assert axe_violations(page) == []

    page.get_by_role("link", name="Quick exit").click()
    page.wait_for_url("https://www.bbc.co.uk/**")
    page.go_back()
    page.wait_for_load_state()
    # The page before /me/ was /me/details/: Back finds a plain sign-in page instead,
    # with no path in the address and no word of signing out.
    assert "/me" not in page.url
    assert page.url.endswith("/accounts/login/")
    assert "signed out" not in page.content().lower()
    context.close()


def test_quick_exit_stays_visible_on_the_ask_page_after_scrolling(browser, live_server):
    make_team("Leeds North", "Leeds")  # a team to ask, so the page takes requests
    context = browser.new_context(viewport=SMALL_PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/ask/")
    assert _covers_nothing_at_the_top(page)
    _scroll_to_the_end(page)
    assert _shown_and_on_top(page)
    context.close()
