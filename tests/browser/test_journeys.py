"""The journeys that matter, in a real browser."""

from datetime import timedelta

import pytest
from django.utils import timezone

from coaching import services
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


def _ordinary_contact_setup():
    """A coach and someone they talk to by phone: a call yesterday."""
    coach = make_coach("meg", first_name="Meg")
    person = make_person("Sam", coach)
    make_person("Alex", coach, with_login=False)
    services.contact_log(
        person=person,
        coach=coach,
        fields={"channel": "phone", "occurred_at": timezone.now() - timedelta(days=1)},
    )
    return coach, person


def _lands_on_the_new_entry_highlighted(page, person) -> Contact:
    """The newest contact, ordinary as the journeys log it; the page opened at it."""
    page.wait_for_url(f"**/coach/people/{person.pk}/#contact-*")
    contact = Contact.objects.filter(person=person).order_by("-pk").first()
    assert page.url.endswith(f"#contact-{contact.pk}")
    assert page.evaluate("document.querySelector(':target').id") == f"contact-{contact.pk}"
    target = page.locator(f"#contact-{contact.pk}")
    assert target.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
    box = target.bounding_box()
    assert 0 <= box["y"] < page.viewport_size["height"]
    assert (contact.channel, contact.minutes, contact.themes.count()) == ("phone", 15, 1)
    assert contact.notes == "Talked through the housing letter together."
    return contact


def test_coach_logs_an_ordinary_contact_in_six_clicks_or_fewer(laptop, live_server):
    _, person = _ordinary_contact_setup()
    page = laptop
    sign_in(page, live_server, "meg@example.org")
    page.goto(f"{live_server.url}/coach/")
    clicks = 0

    def click(locator):
        nonlocal clicks
        clicks += 1
        locator.click()

    click(page.get_by_role("row", name="Sam").get_by_role("link", name="Log a contact with Sam"))
    page.wait_for_url("**/contacts/new/")
    click(page.get_by_label("15", exact=True))
    click(page.get_by_label("Notes (optional)"))
    page.keyboard.type("Talked through the housing letter together.")
    click(page.get_by_label("Home", exact=True))
    click(page.get_by_role("button", name="Save contact"))

    _lands_on_the_new_entry_highlighted(page, person)
    assert clicks <= 6, clicks
    screenshot(page, "coach-person-page-new-entry")


def test_coach_logs_an_ordinary_contact_with_the_keyboard_alone(laptop, live_server):
    _, person = _ordinary_contact_setup()
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

    # Counted from the coach's home: every key but the letters of a name or a note.
    presses = 0

    def press(key):
        nonlocal presses
        presses += 1
        page.keyboard.press(key)

    press("/")  # to the name search
    page.keyboard.type("Sa")
    press("Enter")  # one match: straight to Sam
    page.wait_for_url(f"**/coach/people/{person.pk}/")
    press("n")
    page.wait_for_url("**/contacts/new/")
    page.wait_for_function("document.activeElement.id === 'id_minutes_0'")
    press("ArrowRight")  # 10 -> 15
    press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_notes"
    page.keyboard.type("Talked through the housing letter together.")
    press("Tab")
    assert page.evaluate("document.activeElement.name") == "themes"
    press("Space")
    screenshot(page, "coach-contact-form")
    press("Control+Enter")

    _lands_on_the_new_entry_highlighted(page, person)
    assert page.get_by_text("Contact with Sam saved.").is_visible()
    assert presses <= 8, presses


def test_the_contact_form_fits_a_phone_and_shows_the_box_for_other_minutes(phone, live_server):
    _, person = _ordinary_contact_setup()
    page = phone
    sign_in(page, live_server, "meg@example.org")
    page.goto(f"{live_server.url}/coach/people/{person.pk}/contacts/new/")
    box = page.get_by_label("Number of minutes")
    assert not box.is_visible()  # nor reached by Tab
    page.get_by_role("group", name="Minutes (optional)").get_by_label("Other").check()
    assert box.is_visible()
    box.fill("25")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_role("button", name="Save contact").click()
    page.wait_for_url(f"**/coach/people/{person.pk}/#contact-*")
    assert Contact.objects.filter(person=person, minutes=25).exists()


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
