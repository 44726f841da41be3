"""The journeys that matter, in a real browser."""

from datetime import timedelta

import pytest
from django.utils import timezone

from coaching.models import Contact, Relationship
from tests.browser.conftest import screenshot, sign_in
from tests.conftest import make_coach, make_person, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


FOCUSED = (
    "(e => `${e.tagName}#${e.id}[${e.name || ''}] ${location.pathname}`)(document.activeElement)"
)


def tab_until(page, predicate_js: str, limit: int = 60) -> None:
    visited = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(predicate_js):
            return
        visited.append(page.evaluate(FOCUSED))
    raise AssertionError(f"Tab never reached {predicate_js}; focus went: {visited}")


def test_coach_logs_a_contact_with_the_keyboard_alone(laptop, live_server):
    coach = make_coach("meg", first_name="Meg")
    person = make_person("Sam", coach)
    page = laptop
    page.goto(f"{live_server.url}/accounts/login/")
    page.keyboard.press("Tab")  # skip link
    tab_until(page, "document.activeElement.id === 'id_login'")
    page.keyboard.type("meg@example.org")
    page.keyboard.press("Tab")
    tab_until(page, "document.activeElement.id === 'id_password'")
    page.keyboard.type("a-long-test-password")
    page.keyboard.press("Enter")
    page.wait_for_url("**/2fa/authenticate/")
    tab_until(page, "document.activeElement.name === 'code'")
    page.keyboard.type(totp_code())
    page.keyboard.press("Enter")
    page.wait_for_url("**/coach/")

    tab_until(page, "document.activeElement.textContent.trim() === 'Sam'")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/coach/people/{person.pk}/")
    page.keyboard.press("n")
    page.wait_for_url("**/contacts/new/")
    page.wait_for_function("document.activeElement.id === 'id_channel_0'")
    page.keyboard.press("ArrowDown")  # In person -> Phone
    page.keyboard.press("Space")
    tab_until(page, "document.activeElement.name === 'reached_out_by'")
    page.keyboard.press("Space")
    tab_until(page, "document.activeElement.id === 'id_place'")
    page.keyboard.type("Central Library")
    tab_until(page, "document.activeElement.name === 'themes'")
    page.keyboard.press("Space")
    tab_until(page, "document.activeElement.id === 'id_notes'")
    page.keyboard.type("Talked through the housing letter together.")
    screenshot(page, "coach-contact-form")
    page.keyboard.press("Control+Enter")
    page.wait_for_url(f"**/coach/people/{person.pk}/")

    assert page.get_by_text("Contact with Sam saved.").is_visible()
    contact = Contact.objects.get(person=person)
    assert contact.channel == "phone"
    assert contact.place == "Central Library"
    assert contact.notes == "Talked through the housing letter together."
    assert contact.themes.count() == 1
    screenshot(page, "coach-person-page")


def test_person_pauses_and_resumes_on_a_phone(phone, live_server):
    coach = make_coach("meg", first_name="Meg")
    person = make_person("Sam", coach)
    page = phone
    sign_in(page, live_server, "sam")
    page.wait_for_url("**/me/")
    assert page.get_by_text("Your coach, Meg").is_visible()
    screenshot(page, "person-me-phone")

    page.get_by_role("link", name="Pause coaching").click()
    until = timezone.localdate() + timedelta(days=28)
    page.get_by_label("Until (optional)").fill(until.isoformat())
    page.get_by_label("Anything you'd like to say about it (optional)").fill("Exams for a month")
    screenshot(page, "person-pause-phone")
    page.get_by_role("button", name="Yes, pause coaching").click()
    page.wait_for_url("**/me/")
    assert page.get_by_text("Coaching is paused.").is_visible()
    relationship = Relationship.objects.get(person=person)
    assert relationship.state == "paused"
    assert relationship.events.first().paused_until == until
    screenshot(page, "person-paused-phone")

    page.get_by_role("link", name="Resume coaching").click()
    page.get_by_role("button", name="Yes, resume coaching").click()
    page.wait_for_url("**/me/")
    assert page.get_by_text("Welcome back.").is_visible()
    relationship.refresh_from_db()
    assert relationship.state == "active"
    # Tap targets stay usable on a small screen: nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_quick_exit_leaves_and_replaces_the_history_entry(phone, live_server):
    coach = make_coach("meg")
    make_person("Sam", coach)
    page = phone
    page.route(
        "https://www.bbc.co.uk/**", lambda route: route.fulfill(body="<title>Weather</title>")
    )
    sign_in(page, live_server, "sam")
    page.wait_for_url("**/me/")
    page.get_by_role("link", name="Quick exit").click()
    page.wait_for_url("https://www.bbc.co.uk/**")
    page.go_back()
    page.wait_for_load_state()
    # Back leads to the sign-in page, never to the person's record.
    assert "/accounts/login/" in page.url
    page.goto(f"{live_server.url}/me/")
    assert "/accounts/login/" in page.url


def test_quick_exit_by_pressing_escape_twice(phone, live_server):
    coach = make_coach("meg")
    make_person("Sam", coach)
    page = phone
    page.route(
        "https://www.bbc.co.uk/**", lambda route: route.fulfill(body="<title>Weather</title>")
    )
    sign_in(page, live_server, "sam")
    page.wait_for_url("**/me/")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url("https://www.bbc.co.uk/**")
