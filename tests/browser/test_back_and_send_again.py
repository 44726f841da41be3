"""Back after saving, then sending again, in a real browser: saved once.

The person's pages are never cached, so Back loads the form afresh with a new key,
while Chromium puts the typed words back. The same words from the same person at the
same form, sent again within minutes, are the first sending (coaching/sent_once.py).
"""

import pytest

from coaching.models import Goal, Strength
from coaching.sent_once import FIELD
from tests.browser.conftest import sign_in
from tests.conftest import make_coach, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KEY = f"input[name={FIELD}]"


def _back_and_send_again(page, button: str, lands_on: str) -> None:
    key = page.input_value(KEY)
    page.get_by_role("button", name=button).click()
    page.wait_for_url(lands_on)
    page.go_back()
    page.wait_for_load_state()
    assert page.input_value(KEY) != key, "Back should load the form with a new key"
    page.get_by_role("button", name=button).click()
    page.wait_for_url(lands_on)


def test_a_person_sends_a_strength_again_after_back_and_it_is_saved_once(phone, live_server):
    make_person("Sam", make_coach("meg"))
    page = phone
    sign_in(page, live_server, "sam")
    page.goto(f"{live_server.url}/me/goals/strength/new/")
    box = page.get_by_label("What are you good at, or enjoy?")
    box.fill("Cooking for my family")

    _back_and_send_again(page, "Add it", "**/me/goals/")

    assert Strength.objects.filter(text="Cooking for my family").count() == 1
    assert page.get_by_text("This was saved already at").is_visible()


def test_a_coach_sends_a_goal_again_after_back_and_it_is_saved_once(laptop, live_server):
    person = make_person("Sam", make_coach("meg"))
    page = laptop
    sign_in(page, live_server, "meg@example.org")
    page.goto(f"{live_server.url}/coach/people/{person.pk}/own-words/goal/new/")
    page.get_by_label("What is Sam working towards?").fill("A flat of my own")
    page.get_by_label("Sam said this, with me").check()

    _back_and_send_again(page, "Add it", f"**/coach/people/{person.pk}/")

    assert Goal.objects.filter(person=person, text="A flat of my own").count() == 1
    assert page.get_by_text("This was saved already at").is_visible()
