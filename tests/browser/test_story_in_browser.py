"""The person's page and /me/ as they are seen: the person and their story first, on a
375-pixel phone and a laptop."""

from decimal import Decimal

import pytest

from budgets import services as budget_services
from coaching import services
from tests.browser.conftest import axe_violations, screenshot, sign_in
from tests.conftest import make_coach, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_375 = {"width": 375, "height": 740}
LAPTOP_1366 = {"width": 1366, "height": 768}


@pytest.fixture
def sam():
    coach = make_coach("meg", first_name="Meg")
    person = make_person("Sam", coach)
    for words in ("We met at the library.", "A long word: " + "x" * 120):
        services.contact_log(
            person=person, coach=coach, fields={"channel": "phone", "notes": words}
        )
    budget_services.request_raise(
        person=person,
        by=coach,
        purpose="Driving lessons",
        amount=Decimal("120"),
        payment_method="supplier",
    )
    services.person_rename(person=person, name="Sam", area="Bradford", by=coach)
    return person


def _top(page, locator) -> float:
    return page.locator(locator).first.bounding_box()["y"]


def test_me_on_a_375_pixel_phone_leads_with_the_coach_and_the_story(browser, live_server, sam):
    context = browser.new_context(viewport=PHONE_375, is_mobile=True, has_touch=True)
    phone = context.new_page()
    sign_in(phone, live_server, "sam")
    phone.goto(f"{live_server.url}/me/")
    # Nothing wider than the phone, however long a word in the story.
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE_375["width"]
    # Who the coach is, on the first screen; then the story; pause and end below it.
    assert _top(phone, ".status-line") < PHONE_375["height"]
    assert _top(phone, "#story") < _top(phone, "text=Pause coaching")
    assert _top(phone, "#story") < _top(phone, "text=End coaching")
    story = phone.locator(".timeline").inner_text()
    assert "We met at the library." in story
    assert "Asked for a personal budget of £120.00" in story
    assert "You moved to Bradford." in story
    screenshot(phone, "me-story-375")
    assert axe_violations(phone) == []
    context.close()


def test_the_persons_page_on_a_laptop_puts_the_rest_beside_the_story(browser, live_server, sam):
    context = browser.new_context(viewport=LAPTOP_1366)
    laptop = context.new_page()
    sign_in(laptop, live_server, "meg@example.org")
    laptop.goto(f"{live_server.url}/coach/people/{sam.pk}/")
    story = laptop.locator("#story").bounding_box()
    budgets = laptop.locator("#budgets-heading").bounding_box()
    assert budgets["x"] > story["x"] + story["width"] / 2  # to the side, not below
    assert story["y"] < LAPTOP_1366["height"]  # the story starts on the first screen
    # The folds open with one click.
    assert not laptop.get_by_role("link", name="Record Sam's choices with them").is_visible()
    laptop.get_by_role("heading", name="What Sam shares").click()
    assert laptop.get_by_role("link", name="Record Sam's choices with them").is_visible()
    screenshot(laptop, "person-page-1366")
    assert axe_violations(laptop) == []
    # And on a phone, all of it one column, the story before the rest.
    laptop.set_viewport_size(PHONE_375)
    laptop.reload()
    assert laptop.evaluate("document.documentElement.scrollWidth") <= PHONE_375["width"]
    assert _top(laptop, "#story") < _top(laptop, "#budgets-heading")
    context.close()
