"""Reach my coach and my rhythm, walked in a real browser by a person and their coach."""

from datetime import timedelta

import pytest
from django.utils import timezone

from coaching import services
from tests.browser.conftest import axe_violations, screenshot, sign_in
from tests.conftest import make_coach, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _row(page, name: str):
    return page.locator("table.people tbody tr").filter(has=page.get_by_role("link", name=name))


def _contact_days_ago(person, coach, days: int) -> None:
    when = timezone.now() - timedelta(days=days)
    services.contact_log(
        person=person, coach=coach, fields={"channel": "phone", "occurred_at": when}
    )


def test_j_asks_for_a_call_and_the_coach_answers_it(phone, laptop, live_server):
    coach = make_coach("meg", first_name="Meg")
    make_person("J", coach)

    sign_in(phone, live_server, "j")
    phone.goto(f"{live_server.url}/me/")
    phone.get_by_role("link", name="Ask Meg to get in touch").click()
    phone.wait_for_url("**/me/reach-my-coach/")
    assert axe_violations(phone) == []
    phone.get_by_label("Call me").check()
    phone.get_by_label("When is good for you?").fill("After 3pm")
    phone.get_by_label("Anything you want to say?").fill("About the flat letter")
    phone.get_by_role("button", name="Send").click()
    phone.wait_for_url("**/me/")
    assert phone.get_by_text("Sent. Meg will get in touch.").is_visible()
    assert phone.get_by_text("Not answered yet.").is_visible()
    screenshot(phone, "me-asked-to-get-in-touch")

    sign_in(laptop, live_server, "meg@example.org")
    feed = laptop.locator("section.feed")
    assert feed.get_by_text("asked their coach to get in touch").is_visible()
    feed.get_by_role("link", name="J", exact=True).click()
    laptop.wait_for_url("**/coach/people/*/")
    assert laptop.get_by_text("J asked you to get in touch").is_visible()
    assert laptop.get_by_text("About the flat letter").is_visible()
    assert axe_violations(laptop) == []
    screenshot(laptop, "coach-person-asked")
    laptop.get_by_role("button", name="Mark answered").click()
    laptop.wait_for_load_state()
    assert laptop.get_by_text("Marked answered. J sees that.").is_visible()

    phone.reload()
    reach = phone.locator("#reach")
    assert reach.get_by_text("Answered", exact=True).is_visible()
    assert not reach.get_by_text("Not answered yet.").count()


def test_j_keeps_a_rhythm_of_every_couple_of_months_and_is_not_marked_quiet(
    phone, laptop, live_server
):
    coach = make_coach("meg", first_name="Meg")
    j = make_person("J", coach)
    kay = make_person("Kay", coach)
    # Both quiet for longer than the organisation's 42 days; J's rhythm is two months.
    _contact_days_ago(j, coach, 55)
    _contact_days_ago(kay, coach, 50)

    sign_in(phone, live_server, "j")
    phone.goto(f"{live_server.url}/me/")
    phone.get_by_role("link", name="Change how you like to keep in touch").click()
    phone.wait_for_url("**/me/keeping-in-touch/")
    assert axe_violations(phone) == []
    phone.get_by_label("Every couple of months").check()
    phone.get_by_label("Voice note").check()
    phone.get_by_label("Best times").fill("Evenings")
    phone.get_by_role("button", name="Save").click()
    phone.wait_for_url("**/me/")
    reach = phone.locator("#reach")
    assert reach.get_by_text("Every couple of months").is_visible()
    assert reach.get_by_text("Voice note").is_visible()
    screenshot(phone, "me-rhythm")

    sign_in(laptop, live_server, "meg@example.org")
    assert _row(laptop, "Kay").get_by_text("Quiet for a while").is_visible()
    assert _row(laptop, "J").count() == 1
    assert _row(laptop, "J").locator(".gentle").count() == 0
    laptop.goto(f"{live_server.url}/coach/people/{j.pk}/")
    assert laptop.get_by_text("Ways that suit: voice note (Evenings).").is_visible()
    assert axe_violations(laptop) == []


def test_the_coach_pages_for_keeping_in_touch_have_no_violations(laptop, live_server):
    coach = make_coach("meg", first_name="Meg")
    person = make_person("Sam", coach)
    sign_in(laptop, live_server, "meg@example.org")
    laptop.goto(f"{live_server.url}/coach/people/{person.pk}/keeping-in-touch/")
    laptop.get_by_role("button", name="Save").click()  # without the confirming tick
    laptop.wait_for_load_state()
    assert laptop.get_by_text("Tick the box to confirm they did.").first.is_visible()
    assert axe_violations(laptop) == []
    laptop.goto(f"{live_server.url}/coach/work-phone/")
    assert axe_violations(laptop) == []


def test_a_choice_whose_words_run_to_two_lines_keeps_a_full_size_box(phone, live_server):
    """On a phone, "Help with speaking or finding words (aphasia)" wraps: its box stays as
    big as the others, not squeezed narrower by the words beside it."""
    coach = make_coach("meg", first_name="Meg")
    make_person("J", coach)
    sign_in(phone, live_server, "j")
    phone.goto(f"{live_server.url}/me/keeping-in-touch/")
    boxes = phone.locator(".field input[type=radio], .field input[type=checkbox]")
    widths = {round(box.bounding_box()["width"]) for box in boxes.all()}
    assert len(widths) == 1, widths
    aphasia = phone.get_by_label("Help with speaking or finding words (aphasia)")
    assert round(aphasia.bounding_box()["height"]) in widths


def test_a_tick_box_keeps_its_words_beside_it_on_a_phone(phone, live_server):
    """On a phone, "Prefer not to say my date of birth" is longer than the line: its words
    wrap beside the box, not on a line of their own below it."""
    coach = make_coach("meg", first_name="Meg")
    make_person("J", coach)
    sign_in(phone, live_server, "j")
    phone.goto(f"{live_server.url}/me/details/")
    box = phone.get_by_label("Prefer not to say my date of birth").bounding_box()
    words = phone.locator("label", has_text="Prefer not to say my date of birth").bounding_box()
    assert words["x"] >= box["x"] + box["width"]  # beside it
    assert words["y"] < box["y"] + box["height"]  # on the same line, not below it
    screenshot(phone, "tick-box-beside-its-words")
