"""The privacy notice and the accessibility statement: public, linked from every
page's footer, true to the settings, and the parts for people at a reading age of 9."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from tests.reading_age import flesch_kincaid_grade

PRIVACY = reverse("coaching:privacy_notice")
ACCESSIBILITY = reverse("coaching:accessibility")
TEMPLATES = Path(settings.BASE_DIR) / "templates"


class _ForPeople(HTMLParser):
    """The text inside <div data-reading-age="9">, one line per paragraph or item."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.lines = [""]

    def handle_starttag(self, tag, attrs):
        if self.depth or ("data-reading-age", "9") in attrs:
            self.depth += tag == "div"
            if tag in {"p", "li", "h2"}:
                self.lines.append("")

    def handle_endtag(self, tag):
        if self.depth and tag == "div":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.lines[-1] += data


def text_for_people(html: str) -> str:
    parser = _ForPeople()
    parser.feed(html)
    lines = [" ".join(line.split()) for line in parser.lines]
    # Each line is a sentence or more; a heading or list item without a full stop
    # still counts as one.
    return " ".join(
        line if line.endswith((".", "?", ":")) else f"{line}." for line in lines if line
    )


@pytest.mark.parametrize("url", [PRIVACY, ACCESSIBILITY])
def test_the_statements_are_public(client, db, url):
    response = client.get(url)
    assert response.status_code == 200
    assert 'data-reading-age="9"' in response.content.decode()


@pytest.mark.parametrize("url", [PRIVACY, ACCESSIBILITY])
def test_the_parts_for_people_read_at_age_nine(client, db, url):
    text = text_for_people(client.get(url).content.decode())
    assert len(text.split()) > 80
    # Flesch-Kincaid grade 4 is a reading age of about 9 to 10.
    assert flesch_kincaid_grade(text) <= 4.0, (flesch_kincaid_grade(text), text)


def test_hard_words_would_fail_the_reading_age_check():
    hard = (
        "Notwithstanding contractual obligations, organisational processing of "
        "information necessitates comprehensive documentation and accountability."
    )
    assert flesch_kincaid_grade(hard) > 4.0


@override_settings(RETENTION_YEARS=7, COACH_REQUEST_KEEP_DAYS=60, CONTACT_EMAIL="dpo@example.org")
def test_the_privacy_notice_says_what_the_settings_say(client, db):
    page = client.get(PRIVACY).content.decode()
    assert "for 7 years after it ends" in page
    assert "after 60 days" in page
    assert "mailto:dpo@example.org" in page


def test_every_page_links_both_statements_from_its_footer(
    client, coach, person, manager, django_user_model
):
    pages = [("anonymous", "/accounts/login/"), ("anonymous", "/ask/")]
    pages += [(coach, reverse("coaching:coach_home")), (person.user, reverse("coaching:me"))]
    pages += [(manager, reverse("coaching:retention")), (coach, "/no-such-page/")]
    for user, url in pages:
        client.logout()
        if user != "anonymous":
            client.force_login(user)
        footer = re.search(r"<footer.*?</footer>", client.get(url).content.decode(), re.S)
        assert footer and PRIVACY in footer[0] and ACCESSIBILITY in footer[0], url


def test_every_full_page_template_has_the_footer():
    """base.html carries it for every page built on it; the two pages that stand
    alone (shown when the app or its database fails) carry it too."""
    for template in TEMPLATES.rglob("*.html"):
        source = template.read_text()
        if "<html" in source:
            assert "/privacy/" in source or "privacy_notice" in source, template
            assert "/accessibility/" in source or "'coaching:accessibility'" in source, template
