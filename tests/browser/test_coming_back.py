"""Coming back, in a real browser: someone who ended asks again through /ask/, their
coach sees the earlier record, and with their agreement one story carries on."""

import pytest

from coaching import services
from coaching.models import Goal, Person
from tests.browser.conftest import axe_violations, screenshot, sign_in
from tests.conftest import make_coach, make_person, make_team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_person_who_ended_comes_back_through_ask_and_their_story_continues(
    browser, phone, laptop, live_server
):
    meg = make_coach("meg", team=make_team("Leeds North", "Leeds"), first_name="Meg")
    sam = make_person("Sam", meg, area="Leeds")
    services.own_words_add(model=Goal, person=sam, by=sam.user, text="A flat of my own")
    sam.current_relationship.end(by=sam.user)

    # Sam asks again, on a phone, not signed in.
    phone.goto(f"{live_server.url}/ask/")
    phone.get_by_label("What should we call you?").fill("Sam")
    phone.get_by_label("Your number, email, or where and when").fill("07700 900456")
    phone.get_by_label("Where are you?").select_option("Leeds")
    phone.get_by_role("button", name="Send").click()
    phone.wait_for_url("**/ask/thanks/")

    # Meg opens the request and is asked whether it is the Sam she walked with.
    sign_in(laptop, live_server, "meg@example.org")
    laptop.get_by_role("link", name="Sam").first.click()
    laptop.wait_for_url("**/coach/requests/*/")
    assert laptop.get_by_role("group", name="Is this someone you walked with before?").is_visible()
    assert axe_violations(laptop) == []
    laptop.get_by_label("Yes: Sam (Leeds), coaching ended").check()
    laptop.get_by_role("button", name="Take and begin coaching").click()
    laptop.wait_for_load_state()
    assert "Ask them first" in laptop.content()  # not without their agreement
    laptop.get_by_label("Yes: Sam (Leeds), coaching ended").check()
    laptop.get_by_label("They told me this is them, and they want to carry on their story").check()
    screenshot(laptop, "coming-back-take")
    laptop.get_by_role("button", name="Take and begin coaching").click()
    laptop.wait_for_load_state()
    assert "carries on" in laptop.content()
    assert Person.objects.count() == 1

    # One story: Sam signs in and finds their old goal and the restart.
    phone.goto(f"{live_server.url}/accounts/login/")
    sign_in(phone, live_server, "sam")
    phone.wait_for_url("**/me/")
    phone.goto(f"{live_server.url}/me/goals/")
    assert "A flat of my own" in phone.content()
    phone.goto(f"{live_server.url}/me/")
    story = phone.content()
    assert "Coaching restarted with Meg" in story and "you asked for a coach again" in story
    assert "Coaching ended" in story and "Coaching began with Meg" in story
    assert axe_violations(phone) == []
