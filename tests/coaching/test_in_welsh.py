"""Every page a person sees, in Welsh.

Each page is drawn twice, in English and in Welsh, and its visible words compared: a
piece of text that reads the same in both, and is not a name or other data the test
made, was left in English. A new English string on one of these pages without a Welsh
entry in locale/cy makes this fail. The catalogue itself may hold no fuzzy entry, and
no empty one for a template these pages use.
"""

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from coaching import services
from coaching.models import Theme
from tests.budgets.helpers import make_request
from tests.conftest import make_person

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "cy" / "LC_MESSAGES" / "django.po"

# Words that are the same in Welsh and English, or are names rather than words.
SAME_IN_BOTH = {"Cymraeg", "English", "Mayday", "OK"}

# A person's pages: (what the page is, how to reach it). `None` for the person means the
# page is public and read before signing in.
PAGES = {
    "sign in": (lambda person: reverse("account_login"), False),
    "welcome with a code": (lambda person: reverse("invitation_redeem"), False),
    "new password with a code": (lambda person: reverse("new_password_with_code"), False),
    "ask for a coach": (lambda person: reverse("coaching:ask"), False),
    "ask for a coach, thanks": (lambda person: reverse("coaching:ask_thanks"), False),
    "how we use your information": (lambda person: reverse("coaching:privacy_notice"), False),
    "accessibility statement": (lambda person: reverse("coaching:accessibility"), False),
    "a page that is not there": (lambda person: "/no-such-page/", False),
    "sign-in and security": (lambda person: reverse("security"), True),
    "change my password": (lambda person: reverse("account_change_password"), True),
    "sign out": (lambda person: reverse("account_logout"), True),
    "forgotten password, by email": (lambda person: reverse("account_reset_password"), False),
    "forgotten password, sent": (lambda person: reverse("account_reset_password_done"), False),
    "forgotten password, a link that does not work": (
        lambda person: reverse("account_reset_password_from_key", args=["0", "no-such-key"]),
        False,
    ),
    "forgotten password, saved": (
        lambda person: reverse("account_reset_password_from_key_done"),
        False,
    ),
    "my details": (lambda person: reverse("coaching:me_details"), True),
    "my name and area": (lambda person: reverse("coaching:me_name_and_area"), True),
    "my sharing": (lambda person: reverse("coaching:me_sharing"), True),
    "delete my notes": (lambda person: reverse("coaching:me_notes_delete"), True),
    "who has looked": (lambda person: reverse("coaching:me_who_has_looked"), True),
    "who has looked, after staff looked": (
        lambda person: _looked_at(person, reverse("coaching:me_who_has_looked")),
        True,
    ),
    "ask to delete my record": (lambda person: reverse("coaching:me_delete"), True),
    "ask to delete my record, asked": (
        lambda person: _asked_to_delete(person, reverse("coaching:me_delete")),
        True,
    ),
    "download my data": (
        lambda person: _with_everything(person, reverse("coaching:me_data")),
        True,
    ),
    "pause": (lambda person: reverse("coaching:me_decide", args=["pause"]), True),
    "end": (lambda person: reverse("coaching:me_decide", args=["end"]), True),
    "my record, with a story": (lambda person: _with_a_story(person, reverse("coaching:me")), True),
    "my record, paused": (lambda person: _paused(person, reverse("coaching:me")), True),
    "ask for a change to my story": (
        lambda person: reverse("coaching:me_correct", args=["contact", _a_contact(person)]),
        True,
    ),
    "add to my story": (lambda person: reverse("coaching:me_story_new"), True),
    "take out what I wrote": (
        lambda person: reverse("coaching:me_story_take_out", args=[_my_words(person)]),
        True,
    ),
    "in my own words": (lambda person: _with_goals(person, reverse("coaching:me_own_words")), True),
    "add a goal": (lambda person: reverse("coaching:me_own_words_new", args=["goal"]), True),
    "change a goal": (
        lambda person: reverse("coaching:me_own_words_edit", args=["goal", _with_goals(person)]),
        True,
    ),
    "ask for a different coach": (lambda person: reverse("coaching:me_different_coach"), True),
    "ask my coach to get in touch": (lambda person: reverse("coaching:me_reach"), True),
    "how I like to keep in touch": (lambda person: reverse("coaching:me_keeping_in_touch"), True),
    "my personal budget": (
        lambda person: _with_a_request(person, reverse("budgets:me_list")),
        True,
    ),
    "ask for a personal budget": (lambda person: reverse("budgets:me_new"), True),
    # The statements are the scale's licensed wording, in English and marked so.
    "how I have been": (
        lambda person: _with_wording(reverse("outcomes:me_wellbeing_new")),
        True,
    ),
    "my budget request": (lambda person: _with_a_request(person), True),
    "withdraw my budget request": (
        lambda person: _with_a_request(person, "{}withdraw/"),
        True,
    ),
}


def _with_a_story(person, url):
    """A contact with notes, a contact the person began, a budget asked for, a move."""
    from coaching import services

    coach = person.current_relationship.coach
    services.contact_log(
        person=person,
        coach=coach,
        fields={"channel": "phone", "notes": "We talked.", "minutes": 20},
    )
    services.contact_log(
        person=person, coach=coach, fields={"channel": "text", "reached_out_by": "person"}
    )
    make_request(person)
    services.person_rename(person=person, name=person.name, area="Swansea", by=person.user)
    return url


def _looked_at(person, url):
    """Looks by the person's coach and a manager, for reasons written in English and
    marked (gettext_noop) where they are written: the person reads them translated."""
    from coaching.access import REFLECTION_LOOK, log_staff_view
    from coaching.views.coach import DECISION_LOOKS
    from tests.conftest import make_manager

    coach = person.current_relationship.coach
    for what in ("your record", DECISION_LOOKS["pause"], REFLECTION_LOOK):
        log_staff_view(person=person, viewer=coach, what=what)
    log_staff_view(person=person, viewer=make_manager(), what="your request to delete your record")
    return url


def _asked_to_delete(person, url):
    from coaching import services

    services.deletion_request_make(person=person, by=person.user)
    return url


def _with_everything(person, url):
    """A record with something in most sections of "Download my data"."""
    from coaching import services
    from coaching.models import SharingChoice

    _with_a_story(person, url)
    _with_goals(person)
    _paused(person, url)
    services.sharing_change(
        person=person, choice=SharingChoice.REPORTING, allowed=False, by=person.user
    )
    _looked_at(person, url)
    return url


def _a_contact(person):
    from coaching import services

    coach = person.current_relationship.coach
    return services.contact_log(person=person, coach=coach, fields={"channel": "phone"}).pk


def _paused(person, url):
    person.current_relationship.pause(by=person.user, reason="Exams.")
    return url


def _my_words(person):
    """An entry the person wrote in their story (its id)."""
    from coaching import services

    return services.person_entry_add(person=person, text="Driving lessons").pk


def _with_wording(url):
    from tests.outcomes.helpers import load_wording

    load_wording()
    return url


def _with_goals(person, url=None):
    """A goal done, a goal changed, and the goal it became (its id, without a url)."""
    from coaching import services
    from coaching.models import Goal

    def add(text):
        return services.own_words_add(model=Goal, person=person, text=text, by=person.user)

    services.own_words_change(entry=add("Learn to drive"), by=person.user, finish="done")
    services.own_words_change(entry=add("Find a flat"), by=person.user, text="Find a home")
    current = Goal.objects.get(person=person, text="Find a home")
    return url if url is not None else current.pk


def _with_a_request(person, url="{}"):
    """The page of a request the person asked for (driving lessons, £100)."""
    budget_request = make_request(person)
    return url.format(budget_request.get_absolute_url())


class VisibleText(HTMLParser):
    """The text a reader meets: text nodes and the attributes read aloud or shown,
    leaving out scripts, styles and anything marked as another language."""

    SHOWN_ATTRIBUTES = {"placeholder", "aria-label", "title", "alt"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self):
        super().__init__()
        self.texts: list[str] = []
        self.language = ""  # the page's own, from <html lang>
        self._skipping: list[str] = []  # the open elements whose contents are skipped

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.language = attrs.get("lang", "")
            return
        other_language = attrs.get("lang") and attrs["lang"] != self.language
        if self._skipping or tag in ("script", "style") or other_language:
            if tag not in self.VOID:
                self._skipping.append(tag)
            return
        for name in self.SHOWN_ATTRIBUTES & attrs.keys():
            self.texts.append(attrs[name] or "")
        if tag == "input" and attrs.get("type") in ("submit", "button"):
            self.texts.append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if self._skipping and self._skipping[-1] == tag:
            self._skipping.pop()

    def handle_data(self, data):
        if not self._skipping:
            self.texts.append(data)


def visible_texts(html: str) -> set[str]:
    parser = VisibleText()
    parser.feed(html)
    texts = {" ".join(text.split()) for text in parser.texts}
    return {text for text in texts if re.search(r"[A-Za-z]{2}", text)}


def page_in(client, url: str, language: str, person=None) -> str:
    if person is not None:
        person.user.language = language
        person.user.save(update_fields=["language"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url, follow=True)
    assert response.status_code in (200, 404), (url, response.status_code)
    return response.content.decode()


def a_person_on(client, coach, page: str):
    """Sam, with what the page in `PAGES` needs made, signed in if it is a signed-in
    page: (its url, Sam if signed in, else None)."""
    person = make_person("Sam Price", coach, area="Cardiff")
    url_of, signed_in = PAGES[page]
    url = url_of(person)
    if signed_in:
        client.force_login(person.user)
    return url, person if signed_in else None


@pytest.mark.parametrize("page", list(PAGES))
def test_a_persons_page_in_welsh_has_no_english_left(client, coach, page):
    url, reader = a_person_on(client, coach, page)
    data = {"Sam Price", "Sam", "Meg", "Ruth", "ruth", "Cardiff", "Leeds", "Leeds North", "sam"}
    data |= {"Driving lessons", "samprice"}
    data |= {settings.CONTACT_EMAIL, "ico.org.uk", "We talked.", "Exams.", "Swansea"}
    data |= {settings.CONTACT_EMAIL, "ico.org.uk"}  # an address and a website's name
    data |= {"Learn to drive", "Find a flat", "Find a home", ": Find a home"}
    english = visible_texts(page_in(client, url, "en-gb", reader))
    welsh = visible_texts(page_in(client, url, "cy", reader))
    left_in_english = sorted(
        text
        for text in welsh & english
        if text not in data and text not in SAME_IN_BOTH and text != settings.SITE_NAME
    )
    assert left_in_english == [], f"{page} ({url}) has English left in Welsh: {left_in_english}"
    # And within a text: a sentence of ours, left in English inside a Welsh one.
    shown = " ".join(welsh)
    sentences = [e["msgid"] for e in catalogue_entries() if _a_whole_phrase(e["msgid"])]
    inside = sorted(sentence for sentence in sentences if sentence in shown)
    assert inside == [], f"{page} ({url}) has English inside Welsh text: {inside}"


def _a_whole_phrase(msgid: str) -> bool:
    """A phrase of two or more words, with no placeholder or markup: one that cannot
    turn up in Welsh by chance."""
    return len(msgid.split()) >= 2 and "%(" not in msgid and "<" not in msgid


def test_the_welsh_page_says_it_is_welsh(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    html = client.get(reverse("account_login")).content.decode()
    assert '<html lang="cy">' in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en-gb"
    html = client.get(reverse("account_login")).content.decode()
    assert '<html lang="en-GB">' in html


def test_the_switch_is_remembered_for_a_person_who_is_signed_in(client, person):
    client.force_login(person.user)
    response = client.post(
        reverse("choose_language"), {"language": "cy", "next": reverse("coaching:me_details")}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("coaching:me_details")
    person.user.refresh_from_db()
    assert person.user.language == "cy"
    # Another browser, with no cookie: the saved choice still holds once signed in.
    client.cookies.clear()
    client.force_login(person.user)
    assert '<html lang="cy">' in client.get(reverse("coaching:me_details")).content.decode()


def test_the_switch_refuses_a_language_it_does_not_offer(client, person):
    client.force_login(person.user)
    client.post(reverse("choose_language"), {"language": "xx", "next": "/"})
    person.user.refresh_from_db()
    assert person.user.language == ""


def test_the_switch_goes_back_only_to_this_site(client):
    response = client.post(
        reverse("choose_language"), {"language": "cy", "next": "https://elsewhere.example/"}
    )
    assert "elsewhere" not in response["Location"]


# Sources only staff read. Their strings are marked for translation, and may stay in
# English: an entry every reference of which is here may have no Welsh yet.
STAFF_ONLY = (
    "templates/coaching/coach_",
    "templates/coaching/person_detail.html",
    "templates/outcomes/insights",
    "templates/budgets/manager_",
)


def catalogue_entries() -> list[dict]:
    """Each entry of the Welsh catalogue: its references, flags, msgid and msgstr."""
    entries, entry, field = [], None, None
    for line in CATALOGUE.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            entry, field = None, None
            continue
        if entry is None:
            entry = {"refs": [], "flags": "", "msgid": "", "msgstr": ""}
            entries.append(entry)
        if line.startswith("#:"):
            entry["refs"] += line[2:].split()
        elif line.startswith("#,"):
            entry["flags"] += line[2:]
        elif line.startswith(("msgid ", "msgid_plural ", "msgstr")):
            field = "msgstr" if line.startswith("msgstr") else "msgid"
            if line.startswith("msgid_plural"):
                field = None
            else:
                entry[field] += _quoted(line.split(" ", 1)[1])
        elif line.startswith('"') and field:
            entry[field] += _quoted(line)
    return [e for e in entries if e["msgid"]]


def _quoted(text: str) -> str:
    return text.strip()[1:-1]


def test_the_welsh_catalogue_has_no_fuzzy_entry():
    fuzzy = [e["msgid"] for e in catalogue_entries() if "fuzzy" in e["flags"]]
    assert fuzzy == []


def test_every_entry_has_its_welsh_unless_only_staff_read_it():
    missing = [
        e["msgid"]
        for e in catalogue_entries()
        if not e["msgstr"] and not all(ref.startswith(STAFF_ONLY) for ref in e["refs"])
    ]
    assert missing == []


def test_the_catalogue_compiles_cleanly(tmp_path):
    result = subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(CATALOGUE)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


# The way in: the printed code a coach hands over, and the first sign-in with it.


def _printed_code(coach, person, language=None):
    from django.test import Client

    coach_client = Client()
    coach_client.force_login(coach)
    data = {"language": language} if language else {}
    response = coach_client.post(reverse("coaching:invitation_new", args=[person.pk]), data)
    assert response.status_code == 200
    return response.content.decode(), response.context["code"]


def test_the_printed_code_is_in_the_language_the_coach_chooses(coach):
    person = make_person("Sam Price", coach, with_login=False)
    english, _ = _printed_code(coach, person)
    assert "Type the code above." in english and "Teipiwch y cod uchod." not in english
    welsh, code = _printed_code(coach, person, "cy")
    assert '<article class="invitation" lang="cy">' in welsh
    assert "Teipiwch y cod uchod." in welsh and "Type the code above." not in welsh
    assert f"Eich cod: {' '.join(code)}" in welsh
    # The page around it is the coach's, in English.
    assert "This page is the only place the code is shown." in welsh
    both, _ = _printed_code(coach, person, "both")
    assert both.index("Teipiwch y cod uchod.") < both.index("Type the code above.")


def test_a_person_who_reads_welsh_gets_their_password_code_in_welsh(coach):
    from django.test import Client

    person = make_person("Sam Price", coach)
    person.user.language = "cy"
    person.user.save(update_fields=["language"])
    coach_client = Client()
    coach_client.force_login(coach)
    # The form's first choice, "the language they chose here", sends no language.
    page = coach_client.post(
        reverse("coaching:password_code_new", args=[person.pk]), {"language": ""}
    )
    assert "Dewiswch gyfrinair newydd." in page.content.decode()


def test_setting_up_a_sign_in_in_welsh_says_what_is_wrong_in_welsh(client, coach):
    make_person("Sam Price", coach, with_login=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    answers = {"code": "ABCD-2345", "username": "sam k", "password1": "short"}
    page = client.post(reverse("invitation_redeem"), {**answers, "password2": "short"})
    html = page.content.decode()
    assert '<html lang="cy">' in html
    assert "Defnyddiwch lythrennau, rhifau a . _ - yn unig" in html
    assert "Mae&#x27;r cyfrinair hwn yn rhy fyr." in html
    assert "too short" not in html and "Please use only" not in html
    answers = {"code": "ABCD-2345", "username": "sam.k", "password1": "kettle-on-the-hob-42"}
    html = client.post(
        reverse("invitation_redeem"), {**answers, "password2": answers["password1"]}
    ).content.decode()
    assert "That code does not work" not in html
    assert "code does not work" not in html


# What a person reads of their access log is written in English where staff look, and
# translated as the person reads it: each such string is marked where it is written.

LOOKS_ARE_WRITTEN_IN = ("coaching", "budgets", "outcomes")


def test_every_reason_for_a_look_is_marked_for_translation():
    import ast

    unmarked = []
    for app in LOOKS_ARE_WRITTEN_IN:
        for path in (Path(settings.BASE_DIR) / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                values = []
                if isinstance(node, ast.Call):
                    values = [k.value for k in node.keywords if k.arg == "what"]
                elif isinstance(node, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id in ("what", "REFLECTION_LOOK")
                    for t in node.targets
                ):
                    values = [node.value]
                for value in values:
                    if isinstance(value, ast.Constant | ast.JoinedStr):
                        unmarked.append(f"{path.relative_to(settings.BASE_DIR)}:{node.lineno}")
    assert unmarked == [], f"Mark these with gettext_noop: {unmarked}"


def test_every_field_of_the_download_has_a_name_in_both_languages(coach):
    from django.utils import translation

    from coaching.export import FIELD_WORDS, gather

    person = make_person("Sam Price", coach, area="Cardiff")
    _with_everything(person, "")

    def keys(value):
        if isinstance(value, dict):
            for key, inner in value.items():
                if not key.isdigit():  # a wellbeing answer's number
                    yield key
                yield from keys(inner)
        elif isinstance(value, list):
            for inner in value:
                yield from keys(inner)

    shown = {key for section in gather(person) for key in keys(section.rows)}
    assert shown - FIELD_WORDS.keys() == set()
    with translation.override("cy"):
        same = [key for key in FIELD_WORDS if str(FIELD_WORDS[key]) == key.capitalize()]
    assert same == ["contract"]  # "contract" is a Welsh word too


def test_a_forgotten_password_by_email_comes_in_welsh(client, coach, mailoutbox):
    """The email with the link, and the page the link opens, in the language chosen."""
    person = make_person("Sam Price", coach)
    person.user.email = "sam@example.org"
    person.user.save(update_fields=["email"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    client.post(reverse("account_reset_password"), {"email": "sam@example.org"})
    [email] = mailoutbox
    assert email.subject == f"{settings.SITE_NAME}: Eich dolen i ddewis cyfrinair newydd"
    assert "Os nad chi oedd e" in email.body and "Someone asked" not in email.body
    link = re.search(r"https?://\S+", email.body).group(0)
    page = client.get(link, follow=True)
    assert "Dewiswch gyfrinair newydd" in page.text and "Choose a new password" not in page.text
    here = page.request["PATH_INFO"]
    english = visible_texts(page_in(client, here, "en-gb"))
    assert "Choose a new password" in english  # the link still works: nothing used it
    left = visible_texts(page_in(client, here, "cy")) & english - SAME_IN_BOTH
    assert left <= {settings.SITE_NAME}, left
    # An address with no sign-in is sent nothing, and told the same.
    client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert len(mailoutbox) == 1


def test_a_coach_sees_on_the_persons_page_that_they_read_welsh(client, coach):
    person = make_person("Sam Price", coach)
    client.force_login(coach)
    assert "reads their pages in Welsh" not in client.get(person.get_absolute_url()).text
    person.user.language = "cy"
    person.user.save(update_fields=["language"])
    assert "Sam Price reads their pages in Welsh" in client.get(person.get_absolute_url()).text


def test_what_mattered_reads_in_welsh_where_the_charity_named_it_so(client, coach):
    person = make_person("Sam Price", coach)
    money, made_up = Theme.objects.get(slug="money"), Theme.objects.create(slug="x", name="Bikes")
    services.contact_log(
        person=person, coach=coach, fields={"channel": "phone"}, themes=[money, made_up]
    )
    client.force_login(person.user)
    welsh = page_in(client, reverse("coaching:me"), "cy", person)
    assert "<li>Arian</li>" in welsh and "<li>Money</li>" not in welsh
    assert "<li>Bikes</li>" in welsh  # no Welsh name given: the name as it is
    download = page_in(client, reverse("coaching:me_data_json"), "cy", person)
    assert '"Arian"' in download and '"Money"' not in download
    english = page_in(client, reverse("coaching:me"), "en-gb", person)
    assert "<li>Money</li>" in english and "Arian" not in english
