"""The person controls their data, on a phone: notes off, old notes deleted, who has looked."""

import pytest

from coaching import services
from coaching.models import Contact, ContactRevision, DeletionRequest, Goal, Strength
from tests.browser.conftest import axe_violations, screenshot, sign_in
from tests.conftest import make_coach, make_manager, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def sam():
    coach = make_coach("meg", first_name="Meg")
    person = make_person("Sam", coach)
    contact = services.contact_log(
        person=person, coach=coach, fields={"channel": "phone", "notes": "About the flat"}
    )
    services.contact_update(
        contact=contact, expected_version=1, by=coach, fields={"notes": "About the new flat"}
    )
    services.own_words_add(model=Goal, person=person, text="A place of my own", by=person.user)
    services.own_words_add(model=Strength, person=person, text="Good with kids", by=coach)
    services.sharing_change(person=person, choice="cover", allowed=True, by=person.user)
    return {"coach": coach, "person": person, "contact": contact}


def test_person_turns_notes_off_deletes_old_notes_and_sees_who_looked(phone, live_server, sam):
    page = phone
    sign_in(page, live_server, "meg@example.org")
    page.goto(f"{live_server.url}/coach/people/{sam['person'].pk}/")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()

    sign_in(page, live_server, "sam")
    page.wait_for_url("**/me/")
    page.get_by_role("link", name="What you share, and your details").click()
    page.get_by_role("group", name="Keep written notes of our conversations").get_by_label(
        "No"
    ).check()
    screenshot(page, "privacy-sharing-phone")
    page.get_by_role("button", name="Save my choices").click()
    page.wait_for_url("**/me/sharing/notes/")
    assert page.get_by_text(
        "Things were written about your conversations before, on 1 contact"
    ).is_visible()
    screenshot(page, "privacy-notes-delete-phone")
    page.get_by_role("button", name="Yes, delete my notes").click()
    page.wait_for_url("**/me/sharing/")
    assert page.get_by_text("Your notes are deleted").is_visible()
    assert Contact.objects.get().notes == ""
    assert [r.content["notes"] for r in ContactRevision.objects.all()] == [""]
    assert page.get_by_text('"Keep written notes of our conversations" turned').is_visible()

    page.get_by_role("link", name="Your record").first.click()
    page.get_by_role("link", name="Who has looked at your record").click()
    page.wait_for_url("**/me/who-has-looked/")
    assert page.get_by_text("Meg, your coach, looked at your record.").is_visible()
    screenshot(page, "privacy-who-has-looked-phone")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def scan(page, live_server, pages: dict, prefix: str) -> dict:
    found = {}
    for name, path in pages.items():
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state()
        screenshot(page, f"{prefix}-{name}")
        violations = axe_violations(page)
        if violations:
            found[name] = violations
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
    return found


def test_person_privacy_pages_have_no_violations(phone, live_server, sam):
    sign_in(phone, live_server, "meg@example.org")
    phone.goto(f"{live_server.url}/coach/people/{sam['person'].pk}/")
    phone.get_by_role("button", name="Sign out").click()
    services.deletion_request_make(person=sam["person"], by=sam["person"].user)
    goal = Goal.objects.get()
    sign_in(phone, live_server, "sam")
    pages = {
        "home": "/me/",
        "sharing": "/me/sharing/",
        "details": "/me/details/",
        "who-has-looked": "/me/who-has-looked/",
        "own-words": "/me/goals/",
        "goal-new": "/me/goals/goal/new/",
        "goal-edit": f"/me/goals/goal/{goal.pk}/",
        "data": "/me/data/",
        "delete-asked": "/me/delete/",
    }
    assert scan(phone, live_server, pages, "privacy-me") == {}
    services.sharing_change(person=sam["person"], choice="notes", allowed=False, by=sam["coach"])
    DeletionRequest.objects.all().delete()
    pages = {"notes-delete": "/me/sharing/notes/", "delete": "/me/delete/"}
    assert scan(phone, live_server, pages, "privacy-me") == {}


def test_person_forms_with_errors_have_no_violations(phone, live_server, sam):
    sign_in(phone, live_server, "sam")
    phone.goto(f"{live_server.url}/me/details/")
    phone.get_by_label("Date of birth", exact=True).fill("2999-01-01")
    phone.get_by_role("button", name="Save my details").click()
    phone.wait_for_load_state()
    assert phone.get_by_text("Please check the form").is_visible()
    screenshot(phone, "privacy-details-errors")
    assert axe_violations(phone) == []


def test_coach_and_manager_privacy_pages_have_no_violations(laptop, live_server, sam):
    person = sam["person"]
    deletion = services.deletion_request_make(person=person, by=person.user)
    sign_in(laptop, live_server, "meg@example.org")
    pages = {
        "person": f"/coach/people/{person.pk}/",
        "sharing": f"/coach/people/{person.pk}/sharing/",
        "goal-new": f"/coach/people/{person.pk}/own-words/goal/new/",
        "data": f"/coach/people/{person.pk}/data/",
    }
    assert scan(laptop, live_server, pages, "privacy-coach") == {}
    services.sharing_change(person=person, choice="notes", allowed=False, by=sam["coach"])
    assert (
        scan(
            laptop,
            live_server,
            {"notes": f"/coach/people/{person.pk}/sharing/notes/"},
            "privacy-coach",
        )
        == {}
    )
    laptop.goto(f"{live_server.url}/coach/people/{person.pk}/sharing/")
    laptop.get_by_role("button", name="Record Sam's choices").click()
    laptop.wait_for_load_state()
    assert laptop.get_by_text("Please check the form").is_visible()
    assert axe_violations(laptop) == []
    laptop.get_by_role("button", name="Sign out").click()

    make_manager("ruth")
    sign_in(laptop, live_server, "ruth@example.org")
    pages = {
        "requests": "/insights/deletion-requests/",
        "request": f"/insights/deletion-requests/{deletion.pk}/",
    }
    assert scan(laptop, live_server, pages, "privacy-manager") == {}
    laptop.get_by_role("button", name="Delete the record").click()
    laptop.wait_for_load_state()
    assert axe_violations(laptop) == []
    laptop.get_by_label("I understand").check()
    laptop.get_by_role("button", name="Delete the record").click()
    laptop.wait_for_url("**/insights/deletion-requests/")
    screenshot(laptop, "privacy-manager-done")
    assert axe_violations(laptop) == []


def test_a_folded_list_on_the_data_page_opens_to_be_printed(phone, live_server, sam):
    from coaching.access import log_staff_view

    for _ in range(25):
        log_staff_view(person=sam["person"], viewer=sam["coach"], what="your record")
    sign_in(phone, live_server, "sam")
    phone.goto(f"{live_server.url}/me/data/")
    folded = phone.locator("details.export-more")
    assert folded.count() == 1 and folded.get_attribute("open") is None
    phone.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert folded.get_attribute("open") is not None
