"""A person's first weeks in Welsh, in a real browser on a phone.

They switch the sign-in page to Cymraeg, set up their sign-in with the code their coach
printed, pause and resume coaching, ask for a personal budget and download their data.
Every page on the way says it is Welsh (<html lang="cy">), shows Welsh words and no
English heading, and axe finds no WCAG 2.2 AA fault in it. An English reader's pages
stay English.
"""

import json
from pathlib import Path

import pytest

from coaching import services
from coaching.access import log_staff_view
from coaching.models import Invitation, Relationship
from tests.browser.conftest import axe_violations, screenshot
from tests.coaching.test_in_welsh import SAME_IN_BOTH, catalogue_entries
from tests.conftest import make_coach, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "kettle-on-the-hob-42"


def _english_words() -> set[str]:
    """Every English string of ours: a heading that reads as one was left in English."""
    return {e["msgid"] for e in catalogue_entries() if e["msgid"] not in SAME_IN_BOTH}


def _headings(page) -> list[str]:
    return [" ".join(text.split()) for text in page.locator("h1, h2, h3").all_inner_texts()]


class WelshPages:
    """Checks each page the person reaches: in Welsh, no English heading, no axe fault."""

    def __init__(self, page):
        self.page = page
        self.english = _english_words()
        self.violations: dict[str, list] = {}

    def check(self, name: str, *welsh_words: str) -> None:
        page = self.page
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == "cy", (name, page.url)
        for words in welsh_words:
            assert page.get_by_text(words).first.is_visible(), (name, words)
        left_in_english = [h for h in _headings(page) if h in self.english]
        assert left_in_english == [], (name, left_in_english)
        screenshot(page, f"welsh-{name}")
        found = axe_violations(page)
        if found:
            self.violations[name] = found


def test_a_person_starts_and_goes_on_in_welsh(phone, live_server, tmp_path):
    coach = make_coach("meg", first_name="Meg")
    person = make_person("Sam", coach, with_login=False)
    _, code = Invitation.issue(person=person, by=coach)
    page = phone
    welsh = WelshPages(page)

    # The sign-in page, switched to Welsh.
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "en-GB"
    page.get_by_role("button", name="Cymraeg").click()
    page.wait_for_url("**/accounts/login/")
    welsh.check("sign-in", "Mewngofnodi", "Newydd yma?")

    # The code from the printed sheet, and a username and password of their own.
    page.get_by_role("link", name="trefnwch eich mewngofnodi gyda'ch cod").click()
    page.wait_for_url("**/welcome/")
    welsh.check("welcome", "Trefnu eich mewngofnodi")
    page.get_by_role("button", name="Trefnu fy mewngofnodi").click()
    welsh.check("welcome-with-errors", "Gwiriwch y ffurflen, os gwelwch yn dda")
    page.get_by_label("Eich cod", exact=True).fill(code)
    page.get_by_label("Dewiswch enw defnyddiwr").fill("sam.k")
    page.get_by_label("Dewiswch gyfrinair").fill(PASSWORD)
    page.get_by_label("Teipiwch y cyfrinair eto").fill(PASSWORD)
    page.get_by_role("button", name="Trefnu fy mewngofnodi").click()
    page.wait_for_url("**/me/")
    welsh.check("me", "Croeso. Dyma eich lle chi.", "Helo Sam", "Eich stori")

    # Pause, then resume.
    page.get_by_role("link", name="Oedi'r hyfforddi").click()
    welsh.check("pause", "Tan (dewisol)")
    page.get_by_role("button", name="Ie, oedi'r hyfforddi").click()
    page.wait_for_url("**/me/")
    welsh.check("me-paused", "Mae'r hyfforddi wedi'i oedi.")
    assert Relationship.objects.get(person=person).state == "paused"
    page.get_by_role("link", name="Ailddechrau'r hyfforddi").first.click()
    welsh.check("resume", "Ie, ailddechrau'r hyfforddi")
    page.get_by_role("button", name="Ie, ailddechrau'r hyfforddi").click()
    page.wait_for_url("**/me/")
    welsh.check("me-resumed", "Croeso'n ôl.")
    assert Relationship.objects.get(person=person).state == "active"

    # A personal budget.
    page.get_by_role("link", name="Gofyn am gyllideb bersonol").first.click()
    welsh.check("budget-ask", "Beth yw ei bwrpas?")
    page.get_by_label("Beth yw ei bwrpas?").fill("Gwersi gyrru")
    page.get_by_label("Faint?").fill("120")
    page.get_by_label("Wedi'i dalu i gyflenwr").check()
    page.get_by_role("button", name="Anfon fy nghais").click()
    page.wait_for_url("**/me/budgets/*/")
    welsh.check("budget-asked", "Yn aros am benderfyniad")

    # Their coach looks; they see who looked, and why, in Welsh.
    person.refresh_from_db()
    log_staff_view(person=person, viewer=coach, what="your record, to log a contact")
    page.goto(f"{live_server.url}/me/")
    page.get_by_role("link", name="Pwy sydd wedi edrych ar eich cofnod").click()
    welsh.check("who-has-looked", "wedi edrych ar eich cofnod, i gofnodi cyswllt.")

    # Everything held about them, and a copy to keep.
    page.goto(f"{live_server.url}/me/")
    page.get_by_role("link", name="Lawrlwytho eich data").click()
    page.wait_for_url("**/me/data/")
    welsh.check(
        "data",
        "Popeth sydd gennym ni amdanoch chi",
        "Eich ceisiadau am gyllideb bersonol",
        "Fe wnaethoch chi ofyn am gyllideb bersonol",
    )
    with page.expect_download() as download:
        page.get_by_role("link", name="Lawrlwytho copi i'w gadw").click()
    saved = tmp_path / "my-data.json"
    download.value.save_as(saved)
    sections = json.loads(Path(saved).read_text(encoding="utf-8"))["sections"]
    assert sections["about_you"]["title"] == "Amdanoch chi"
    assert sections["budget_requests"]["title"] == "Eich ceisiadau am gyllideb bersonol"
    assert sections["budget_requests"]["rows"][0]["status"] == "Yn aros am benderfyniad"
    assert sections["access_log"]["rows"][0]["looked_at"] == "eich cofnod, i gofnodi cyswllt"

    assert welsh.violations == {}


def test_an_english_readers_pages_stay_english(phone, live_server):
    coach = make_coach("meg", first_name="Meg")
    person = make_person("Sam", coach, with_login=False)
    _, code = Invitation.issue(person=person, by=coach)
    page = phone
    page.goto(f"{live_server.url}/welcome/")
    assert page.locator("html").get_attribute("lang") == "en-GB"
    assert _headings(page)[0] == "Set up your sign-in"
    page.get_by_label("Your code", exact=True).fill(code)
    page.get_by_label("Choose a username").fill("sam.k")
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD)
    page.get_by_role("button", name="Set up my sign-in").click()
    page.wait_for_url("**/me/")
    assert page.get_by_text("Welcome. This is your own space.").is_visible()
    person.refresh_from_db()
    services.relationship_decide(person=person, decision="pause", by=person.user)
    page.goto(f"{live_server.url}/me/data/")
    assert page.locator("html").get_attribute("lang") == "en-GB"
    headings = _headings(page)
    assert headings[0] == "Everything we hold about you"
    assert "Your coaching" in headings and "Popeth sydd gennym ni amdanoch chi" not in headings
    assert page.get_by_text("Coaching paused", exact=True).first.is_visible()
    assert page.get_by_role("link", name="Download a copy to keep").is_visible()
    assert axe_violations(page) == []
