"""My words in my story, in Chromium: the person asks for a correction of a contact,
their coach answers with one, and /me/ shows both versions."""

import pytest

from coaching import services
from tests.browser.conftest import axe_violations, screenshot, sign_in
from tests.conftest import make_coach, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_375 = {"width": 375, "height": 740}


def test_a_correction_asked_and_answered_shows_both_versions(browser, live_server):
    coach = make_coach("meg", first_name="Meg")
    person = make_person("Sam", coach)
    contact = services.contact_log(
        person=person, coach=coach, fields={"channel": "phone", "notes": "Sam missed the bus."}
    )

    context = browser.new_context(viewport=PHONE_375, is_mobile=True, has_touch=True)
    me = context.new_page()
    sign_in(me, live_server, "sam")
    me.goto(f"{live_server.url}/me/")
    me.locator(f"#contact-{contact.pk}").get_by_role(
        "link", name="Is something wrong here?"
    ).click()
    me.get_by_label("What is wrong, and what should it say?").fill("The bus did not come.")
    assert axe_violations(me) == []
    me.get_by_role("button", name="Send").click()
    assert "Your coach will answer." in me.locator(".timeline").inner_text()

    laptop = browser.new_context().new_page()
    sign_in(laptop, live_server, "meg@example.org")
    laptop.goto(f"{live_server.url}/coach/")
    assert "asked for a correction to their story" in laptop.content()
    laptop.goto(f"{live_server.url}/coach/people/{person.pk}/")
    laptop.get_by_role("link", name="Answer").first.click()
    laptop.get_by_label("Add a correction, shown beside the entry").check()
    laptop.get_by_label("The correction, or why not").fill("The bus was cancelled. Sam came.")
    assert axe_violations(laptop) == []
    laptop.get_by_role("button", name="Send the answer").click()
    assert "The bus was cancelled. Sam came." in laptop.locator(".timeline").inner_text()

    me.goto(f"{live_server.url}/me/")
    story = me.locator(".timeline").inner_text()
    for words in (
        "Sam missed the bus.",
        "The bus did not come.",
        "The bus was cancelled. Sam came.",
    ):
        assert words in story
    original = me.locator(f"#contact-{contact.pk}").inner_text()
    assert "Sam missed the bus." in original and "There is a correction to this" in original
    # The correction names the entry it corrects, and leads to it.
    me.locator(".timeline").get_by_role("link", name="the entry of").first.click()
    assert me.evaluate("location.hash") == f"#contact-{contact.pk}"
    assert me.evaluate("document.documentElement.scrollWidth") <= PHONE_375["width"]
    screenshot(me, "me-correction-375")
    assert axe_violations(me) == []
    context.close()
