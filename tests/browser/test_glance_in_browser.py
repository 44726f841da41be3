"""The manager's glance in a real browser (issue 27): the four answers in the first
screen of a 1366x768 laptop, barriers typed every which way counted as one kind, and
fairness figures that never show a count from 1 to 4."""

import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from coaching import services
from coaching.models import PersonalDetails
from outcomes.scales import current_scale
from outcomes.services import wellbeing_record
from tests.browser.conftest import ARTIFACTS, axe_violations, screenshot, sign_in
from tests.conftest import make_coach, make_manager, make_person
from tests.outcomes.helpers import load_wording

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SMALL_LAPTOP = {"width": 1366, "height": 768}
ANSWERS = ["#answer-moved-on", "#answer-wellbeing", "#answer-barriers", "#answer-budgets"]


@pytest.fixture
def organisation():
    meg = make_coach("meg", first_name="Meg")
    make_manager("ruth")
    now = timezone.now()
    people = []
    for i in range(9):
        person = make_person(f"Person {i}", meg, with_login=False, began_at=now)
        people.append(person)
    for i, person in enumerate(people[:6]):
        person.current_relationship.end(by=meg)
        gender = "woman" if i < 3 else "man"
        PersonalDetails.objects.create(person=person, gender=gender)
    return {"meg": meg, "people": people}


def test_a_manager_sees_the_four_answers_without_scrolling(laptop, live_server, organisation):
    """With every answer full: five kinds of barrier, the longest names among them, and
    wellbeing scored twice by nine people."""
    meg, person = organisation["meg"], organisation["people"][6]
    kinds = ["mental_health", "council_other", "council_housing", "police_courts", "gp_nhs"]
    for kind in kinds:
        services.contact_log(
            person=person,
            coach=meg,
            fields={"channel": "phone"},
            barriers=[services.Barrier("A service", category=kind)] * 6,
        )
    scale = current_scale()
    load_wording()  # scores count only when answered from the wording or the paper form
    for n, someone in enumerate(organisation["people"]):
        for answer in (2, 3 + n % 3):
            wellbeing_record(person=someone, answers=dict.fromkeys(scale.items, answer), by=meg)
    page = laptop
    page.set_viewport_size(SMALL_LAPTOP)
    sign_in(page, live_server, "ruth@example.org")
    page.goto(f"{live_server.url}/insights/")
    assert page.evaluate("window.scrollY") == 0
    for answer in ANSWERS:
        box = page.locator(answer).bounding_box()
        assert box and box["y"] >= 0 and box["y"] + box["height"] <= SMALL_LAPTOP["height"], (
            answer,
            box,
        )
    assert "6" in page.locator("#answer-moved-on").inner_text()
    assert page.locator("#answer-barriers li").count() == 5
    assert page.locator("#answer-wellbeing svg rect").count() == 2
    screenshot(page, "insights-four-answers")
    page.screenshot(path=str(ARTIFACTS / "insights-first-screen.png"))  # what fits
    assert axe_violations(page) == []


def test_barriers_typed_in_different_capitals_and_spellings_count_as_one_kind(
    laptop, live_server, organisation
):
    """Three typed before kinds came in (given theirs by the data migration) and two
    logged in the browser with the kind left for the form to know: five for DWP."""
    meg, person = organisation["meg"], organisation["people"][7]
    for typed in ("dwp", "D.W.P.", "Department for Work and Pensions"):
        services.contact_log(
            person=person,
            coach=meg,
            fields={"channel": "phone"},
            barriers=[services.Barrier(typed, category="other")],
        )
    importlib.import_module("coaching.migrations.0034_glance").give_categories(apps, None)
    sign_in(laptop, live_server, "meg@example.org")
    for typed in ("DWP", "JobCentre Plus"):
        laptop.goto(f"{live_server.url}/coach/people/{person.pk}/contacts/new/")
        laptop.get_by_label("Phone", exact=True).check()
        laptop.get_by_label("Service, in your words").fill(typed)
        laptop.get_by_role("button", name="Save contact").click()
        laptop.wait_for_url(f"**/coach/people/{person.pk}/**")
    laptop.context.clear_cookies()
    sign_in(laptop, live_server, "ruth@example.org")
    laptop.goto(f"{live_server.url}/insights/")
    assert "DWP and benefits: 5" in laptop.locator("#answer-barriers").inner_text()
    met = laptop.locator("#t-top_barriers + p + div table tbody tr").first.inner_text()
    assert met.split("\t")[:2] == ["DWP and benefits", "5"]


def test_fairness_figures_suppress_counts_from_1_to_4(laptop, live_server, organisation):
    sign_in(laptop, live_server, "ruth@example.org")
    laptop.goto(f"{live_server.url}/insights/#fairness")
    rows = laptop.locator("table:has(caption:text('Fairness: by gender')) tbody tr")
    cells = {
        row.split("\t")[0]: row.split("\t")[1:4] for row in rows.all_inner_texts() if "\t" in row
    }
    assert cells["Woman"][:2] == ["fewer than 5", "fewer than 5"]
    for label, counts in cells.items():
        assert not {"1", "2", "3", "4"} & set(counts), (label, counts)
    screenshot(laptop, "insights-fairness")
    assert axe_violations(laptop) == []
