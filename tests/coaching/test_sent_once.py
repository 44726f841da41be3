"""Every form that makes something saves it once, however often it is sent.

One mechanism for all of them (coaching/sent_once.py): a key in the form, written in
the same transaction as what it saves. These tests send each such form twice with one
key and find one new row; a guard finds every form on the site that posts and makes
sure each form that makes something carries the key.
"""

import re
import threading
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from budgets.models import BudgetRequest, Fund
from coaching import sent_once, services
from coaching.models import (
    CoachChangeRequest,
    CoachRequest,
    Contact,
    ContactAsk,
    Correction,
    DeletionRequest,
    Goal,
    LearningSession,
    Person,
    PersonEntry,
    Reflection,
    RelationshipEvent,
    SentForm,
    Strength,
)
from coaching.sent_once import ALREADY_SAVED, FIELD, WORDS_KEPT_FOR
from outcomes import services as outcome_services
from outcomes.models import Claim, Contract, Enrolment, Extract, Outcome, Payment, WellbeingScore
from outcomes.scales import SWEMWBS
from tests.conftest import make_coach, make_manager, make_person, make_team
from tests.outcomes.helpers import load_wording, many_verified, outcome_type
from tests.outcomes.test_contract_claims import COUNCIL_AND_FUND, enrolled_contract
from tests.outcomes.test_contracts import ACHIEVED_ON, make_contract

PARTIAL = "coaching/includes/sent_once.html"


@dataclass
class CreatingForm:
    name: str
    template: str
    signed_in_as: str  # "coach", "person", "manager" or "" for nobody
    url: object  # (world) -> str
    data: object  # (world) -> dict
    rows: object  # (world) -> queryset of what the form makes
    # The words a second sending is met with, on the page it lands on.
    says: str = ALREADY_SAVED.split("{")[0]
    # (world) -> the page that shows the form, when the form posts to another address.
    page: object = None
    # The first sending is answered with the file it makes, not sent on to a page.
    makes_a_file: bool = False
    # For a thing the database allows one of at a time while it is open (a request
    # waiting to be answered, a claim being reviewed): the words a second, different
    # one is refused with. Empty when a second, different one is saved.
    one_open_at_a_time: str = ""


def _contact(world):
    return {
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "channel": "phone",
        "reached_out_by": "person",
        "notes": "",
        "barriers-TOTAL_FORMS": "0",
        "barriers-INITIAL_FORMS": "0",
        "barriers-MIN_NUM_FORMS": "0",
        "barriers-MAX_NUM_FORMS": "10",
    }


def _contract(world):
    kind = outcome_type("entered-accommodation")
    return {
        "name": "Youth homelessness SIB",
        "funder": "Leeds City Council",
        "starts_on": "2025-01-01",
        "ends_on": "2027-12-31",
        "cap": "474000",
        "teams": [world["coach"].team.pk],
        f"type-{kind.pk}-tariff": "1000",
        f"type-{kind.pk}-target_low": "80",
        f"type-{kind.pk}-target_median": "95",
        f"type-{kind.pk}-target_high": "105",
    }


def _made(world, name: str, make):
    """Something a form needs, made the first time it is asked for."""
    if name not in world:
        world[name] = make(world)
    return world[name]


def _claimable(world) -> Contract:
    """A contract with four verified jobs to claim, shared 60:40 by two payers."""

    def make(w):
        contract = make_contract(
            w["coach"].team,
            cap="10000.00",
            payers=COUNCIL_AND_FUND,
            entered_employment=("500.00", 1, 2, 3),
        )
        coach, manager = w["coach"], w["manager"]
        many_verified(
            w["person"], "entered-employment", 4, ACHIEVED_ON, by=coach, verified_by=manager
        )
        return contract

    return _made(world, "claimable", make)


def _claim(world) -> Claim:
    """A submitted claim, which payments can be recorded against."""

    def make(w):
        claim = outcome_services.claim_prepare(
            contract=_claimable(w),
            period_start=date(2025, 1, 1),
            period_end=date(2025, 12, 31),
            by=w["manager"],
        )
        outcome_services.claim_submit(claim=claim, by=w["manager"])
        return claim

    return _made(world, "claim", make)


def _enrolling(world) -> Contract:
    return _made(world, "enrolling", lambda w: enrolled_contract(w["coach"].team))


def _other_enrolling(world) -> Contract:
    """A second contract taking enrolments, for other outcomes: a person can be in both."""

    def make(w):
        return outcome_services.contract_create(
            fields={
                "name": "Housing SIB",
                "funder": "Leeds City Council",
                "starts_on": date(2025, 1, 1),
                "ends_on": date(2027, 12, 31),
                "cap": Decimal("10000.00"),
                "takes": Contract.Takes.ENROLLED,
            },
            teams=[w["coach"].team],
            tariffs=[
                {
                    "outcome_type": outcome_type("entered-accommodation"),
                    "tariff": Decimal("1000.00"),
                    "target_low": 1,
                    "target_median": 2,
                    "target_high": 3,
                }
            ],
            payers=[],
        )

    return _made(world, "other_enrolling", make)


def _corrected_contact(world) -> Contact:
    """A contact about the person, for them to ask that it be corrected."""

    def make(w):
        return services.contact_log(
            person=w["person"], coach=w["coach"], fields={"channel": "phone", "notes": "Met"}
        )

    return _made(world, "corrected_contact", make)


def _correction(world) -> Correction:
    """The person's ask for a correction, for their coach to answer."""

    def make(w):
        return services.correction_ask(
            person=w["person"], entry=_corrected_contact(w), words="It was Tuesday."
        )

    return _made(world, "correction", make)


BUDGET = {"purpose": "A bed for my first flat", "amount": "120", "payment_method": "voucher"}
WELLBEING = {f"item_{n}": 4 for n in SWEMWBS.items}

FORMS = [
    CreatingForm(
        "a person, added by their coach",
        "coaching/person_new.html",
        "coach",
        lambda w: reverse("coaching:person_new"),
        lambda w: {"name": "Kayleigh", "area": "Leeds"},
        lambda w: Person.objects.filter(name="Kayleigh"),
    ),
    CreatingForm(
        "a contact",
        "coaching/contact_form.html",
        "coach",
        lambda w: reverse("coaching:contact_new", args=[w["person"].pk]),
        _contact,
        lambda w: Contact.objects.filter(person=w["person"]),
        says="This contact was saved already at ",
    ),
    CreatingForm(
        "a goal, added with the coach",
        "coaching/coach_own_words_form.html",
        "coach",
        lambda w: reverse("coaching:own_words_new", args=[w["person"].pk, "goal"]),
        lambda w: {"text": "A flat of my own", "person_decided": "on"},
        lambda w: Goal.objects.filter(person=w["person"]),
    ),
    CreatingForm(
        "a strength, in the person's own words",
        "coaching/me_own_words_form.html",
        "person",
        lambda w: reverse("coaching:me_own_words_new", args=["strength"]),
        lambda w: {"text": "Cooking for my family"},
        lambda w: Strength.objects.filter(person=w["person"]),
    ),
    CreatingForm(
        "an ask that the coach get in touch",
        "coaching/me_reach.html",
        "person",
        lambda w: reverse("coaching:me_reach"),
        lambda w: {"how": "call", "when_suits": "After 3pm"},
        lambda w: ContactAsk.objects.filter(person=w["person"]),
    ),
    CreatingForm(
        "an entry in the person's own story",
        "coaching/me_story_new.html",
        "person",
        lambda w: reverse("coaching:me_story_new"),
        lambda w: {"text": "I found a flat on my own"},
        lambda w: PersonEntry.objects.filter(person=w["person"]),
    ),
    CreatingForm(
        "an ask for a correction to the person's story",
        "coaching/me_correct.html",
        "person",
        lambda w: reverse("coaching:me_correct", args=["contact", _corrected_contact(w).pk]),
        lambda w: {"asked_words": "It was Tuesday, not Monday"},
        lambda w: Correction.objects.filter(person=w["person"]),
    ),
    CreatingForm(
        "the coach's answer to an ask for a correction",
        "coaching/correction_answer.html",
        "coach",
        lambda w: reverse("coaching:correction_answer", args=[_correction(w).pk]),
        lambda w: {"answer": "corrected", "answer_words": "It was Tuesday the 3rd."},
        lambda w: Correction.objects.filter(person=w["person"], answered_at__isnull=False),
        # One answer to each ask: a second, different one is met with the first.
        one_open_at_a_time="Answered ",
    ),
    CreatingForm(
        "a request for a different coach",
        "coaching/me_different_coach.html",
        "person",
        lambda w: reverse("coaching:me_different_coach"),
        lambda w: {"words": "A fresh start"},
        lambda w: CoachChangeRequest.objects.filter(person=w["person"]),
        one_open_at_a_time="You have already asked.",
    ),
    CreatingForm(
        "a request for a coach, from someone not signed in",
        "coaching/ask.html",
        "",
        lambda w: reverse("coaching:ask"),
        lambda w: {"name": "Kez", "reach_by": "phone", "reach_details": "07700 900123"},
        lambda w: CoachRequest.objects.all(),
        says="",  # the thank-you page says it is sent, either way
    ),
    CreatingForm(
        "a budget request, by the person",
        "budgets/me_new.html",
        "person",
        lambda w: reverse("budgets:me_new"),
        lambda w: BUDGET,
        lambda w: BudgetRequest.objects.filter(person=w["person"]),
    ),
    CreatingForm(
        "a budget request, by the coach with the person",
        "budgets/coach_new.html",
        "coach",
        lambda w: reverse("budgets:coach_new", args=[w["person"].pk]),
        lambda w: BUDGET,
        lambda w: BudgetRequest.objects.filter(person=w["person"]),
    ),
    CreatingForm(
        "a fund",
        "budgets/fund_form.html",
        "manager",
        lambda w: reverse("budgets:fund_new"),
        lambda w: {
            "name": "Pathways",
            "funder": "Council",
            "total": "6,000",
            "coach_limit": "200",
            "starts_on": "2026-04-01",
            "ends_on": "2027-03-31",
        },
        lambda w: Fund.objects.all(),
    ),
    CreatingForm(
        "a wellbeing score, by the person",
        "outcomes/wellbeing_form.html",
        "person",
        lambda w: reverse("outcomes:me_wellbeing_new"),
        lambda w: WELLBEING,
        lambda w: WellbeingScore.objects.filter(person=w["person"]),
    ),
    CreatingForm(
        "a wellbeing score, with the coach",
        "outcomes/wellbeing_form.html",
        "coach",
        lambda w: reverse("outcomes:wellbeing_new", args=[w["person"].pk]),
        lambda w: WELLBEING,
        lambda w: WellbeingScore.objects.filter(person=w["person"]),
    ),
    CreatingForm(
        "an outcome",
        "outcomes/outcome_form.html",
        "coach",
        lambda w: reverse("outcomes:outcome_new", args=[w["person"].pk]),
        lambda w: {
            "type": outcome_type("entered-employment").pk,
            "achieved_on": "2025-06-02",
            "evidence": "Contract seen",
        },
        lambda w: Outcome.objects.filter(person=w["person"]),
    ),
    CreatingForm(
        "a contract",
        "outcomes/contract_form.html",
        "manager",
        lambda w: reverse("outcomes:contract_new"),
        _contract,
        lambda w: Contract.objects.all(),
    ),
    CreatingForm(
        "a coach's reflection",
        "coaching/reflection_form.html",
        "coach",
        lambda w: reverse("coaching:reflection_new"),
        lambda w: {"noticed": "A slow week", "helped": "Talking it through"},
        lambda w: Reflection.objects.all(),
    ),
    CreatingForm(
        "a team learning session",
        "coaching/learning_session_form.html",
        "manager",
        lambda w: reverse("coaching:learning_session_new"),
        lambda w: {
            "team": w["coach"].team_id,
            "held_on": "2026-01-15",
            "themes_found": "Waiting for the council",
        },
        lambda w: LearningSession.objects.all(),
    ),
    # contract_detail.html holds two creating forms, each posting to its own address.
    CreatingForm(
        "a claim, prepared for review",
        "outcomes/contract_detail.html",
        "manager",
        lambda w: reverse("outcomes:claim_new", args=[_claimable(w).pk]),
        lambda w: {"period_start": "2025-01-01", "period_end": "2025-12-31"},
        lambda w: Claim.objects.filter(contract=_claimable(w)),
        page=lambda w: reverse("outcomes:contract", args=[_claimable(w).pk]),
        one_open_at_a_time="A claim for this contract is being reviewed already.",
    ),
    CreatingForm(
        "an extract for an evaluator",
        "outcomes/contract_detail.html",
        "manager",
        lambda w: reverse("outcomes:extract_new", args=[_claimable(w).pk]),
        lambda w: {
            "period_start": "2025-01-01",
            "period_end": "2025-12-31",
            "made_for": "Dr Ada Okafor, Leeds Beckett",
        },
        lambda w: Extract.objects.filter(contract=_claimable(w)),
        page=lambda w: reverse("outcomes:contract", args=[_claimable(w).pk]),
        makes_a_file=True,
        says="That extract was made already at ",
    ),
    # claim_detail.html's other forms (submit, throw away) are steps, refused once taken.
    CreatingForm(
        "a payment against a claim",
        "outcomes/claim_detail.html",
        "manager",
        lambda w: reverse("outcomes:payment_new", args=[_claim(w).pk]),
        lambda w: {
            "payer": _claim(w).contract.payers.get(name="Leeds City Council").pk,
            "amount": "300",
            "paid_on": "2026-02-02",
        },
        lambda w: Payment.objects.filter(claim=_claim(w)),
        page=lambda w: reverse("outcomes:claim", args=[_claim(w).pk]),
    ),
    CreatingForm(
        "an enrolment in a contract",
        "outcomes/enrolment_form.html",
        "coach",
        lambda w: reverse("outcomes:enrolment_new", args=[w["person"].pk]),
        lambda w: {"contract": _enrolling(w).pk, "enrolled_on": "2025-03-03"},
        lambda w: Enrolment.objects.filter(person=w["person"]),
    ),
]

# Forms that post but make nothing a second sending could make again, and why. A new
# form that posts must be added to FORMS (and carry the key) or here, with its reason.
NOT_CREATING = {
    "account/login.html": "signs in",
    "account/logout.html": "signs out",
    "layouts/signed_in.html": "signs out",
    "includes/language_switch.html": "chooses a language",
    "account/password_change.html": "changes a password",
    "account/password_reset.html": "sends a link by email; allauth limits how often",
    "account/password_reset_from_key.html": "a link works once: a second sending is refused",
    "mfa/authenticate.html": "checks a second step of signing in",
    "coaching/invitation_redeem.html": "a code works once: a second sending is refused",
    "coaching/new_password.html": "a code works once: a second sending is refused",
    "coaching/coach_home.html": "marks the coach away or back",
    "coaching/reflection.html": "shares a reflection or stops: the same answer each time",
    "coaching/coach_name_and_area.html": "changes a name and area",
    "coaching/me_name_and_area.html": "changes a name and area",
    "coaching/me_details.html": "changes personal details",
    "coaching/me_keeping_in_touch.html": "changes how the person likes to keep in touch",
    "coaching/coach_keeping_in_touch.html": "changes how the person likes to keep in touch",
    "coaching/coach_work_contact.html": "changes the coach's work phone and hours",
    "coaching/includes/in_touch_for_coach.html": "marks an ask answered, once",
    "coaching/coach_sharing.html": "keeps a change only when a choice changes",
    "coaching/me_sharing.html": "keeps a change only when a choice changes",
    "coaching/coach_notes_delete.html": "deletes",
    "coaching/me_notes_delete.html": "deletes",
    "coaching/me_story_take_out.html": "deletes; a second sending is told it is gone",
    "coaching/deletion_request.html": "deletes",
    "coaching/retention_person.html": "deletes",
    "coaching/me_delete.html": "one request a person, kept by the database",
    # Steps in a story: a step already taken does not apply again, and a second
    # sending is told so in words (the row lock and the state refuse it).
    "coaching/record_decision.html": "a step in coaching, refused once taken",
    "coaching/me_decide.html": "a step in coaching, refused once taken",
    "coaching/hand_over.html": "a step in coaching, refused once taken",
    "coaching/different_coach.html": "a handover: a step in coaching, refused once taken",
    "coaching/new_coach.html": "a step in coaching, refused once taken",
    "coaching/coach_request.html": "taking a request is refused once it is taken",
    "budgets/staff_request.html": "decide, pay: steps refused once taken",
    "budgets/me_withdraw.html": "a step, refused once taken",
    "outcomes/outcome_verify.html": "verifies, once",
    "outcomes/outcome_end_form.html": "records on the outcome that a job or home ended: "
    "sent again, it records the same day and reason",
    # Only the page after the press shows the code, so a second press must show a
    # working one: each makes a fresh code and retires the one before.
    "coaching/person_detail.html": "a code is shown once; each press retires the last",
}


@pytest.fixture
def world(db):
    coach = make_coach("meg")
    load_wording()  # the wellbeing scale can be answered on screen
    return {"coach": coach, "manager": make_manager(), "person": make_person("Sam", coach)}


def _client(world, role: str) -> Client:
    client = Client()
    if role == "person":
        client.force_login(world["person"].user)
    elif role:
        client.force_login(world[role])
    return client


@pytest.mark.parametrize("form", FORMS, ids=lambda form: form.name)
def test_a_creating_form_sent_twice_with_one_key_makes_one_row(world, form):
    client = _client(world, form.signed_in_as)
    url = form.url(world)
    data = form.data(world) | {FIELD: _fresh_key(client, form, world)}
    before = form.rows(world).count()

    first = client.post(url, data)
    second = client.post(url, data)

    assert form.rows(world).count() == before + 1, form.name
    assert _saved(form, first) and second.status_code == 302
    if not form.makes_a_file:
        assert second["Location"] == first["Location"]
    landed = client.get(second["Location"]).content.decode()
    assert form.says in landed


@pytest.mark.parametrize("form", FORMS, ids=lambda form: form.name)
def test_a_creating_form_sent_without_a_key_still_saves(world, form):
    """A page loaded before keys, or a client that drops hidden fields: saved, once
    for each sending, as before."""
    client = _client(world, form.signed_in_as)
    response = client.post(form.url(world), form.data(world))
    assert _saved(form, response)
    assert form.rows(world).count() >= 1


def test_a_key_comes_back_unchanged_with_a_form_to_correct(world):
    client = _client(world, "person")
    key = str(uuid.uuid4())
    page = client.post(reverse("budgets:me_new"), {"amount": "20", FIELD: key})
    assert f'value="{key}"' in page.content.decode()
    assert not SentForm.objects.exists()


def test_each_page_load_gives_a_fresh_key(world):
    client = _client(world, "person")
    keys = {
        re.search(
            rf'name="{FIELD}" value="([^"]+)"',
            client.get(reverse("budgets:me_new")).content.decode(),
        ).group(1)  # noqa: E501
        for _ in range(2)
    }
    assert len(keys) == 2


def test_someone_elses_key_saves_nothing_and_shows_nothing_of_theirs(world):
    """A key is never shown to anyone but its sender; were it sent by another, it leads
    home, not to the first sender's page."""
    key = str(uuid.uuid4())
    _client(world, "person").post(reverse("budgets:me_new"), BUDGET | {FIELD: key})
    response = _client(world, "coach").post(
        reverse("budgets:coach_new", args=[world["person"].pk]), BUDGET | {FIELD: key}
    )
    assert BudgetRequest.objects.count() == 1
    assert response["Location"] == "/"


def test_a_bad_key_is_taken_as_no_key(world):
    client = _client(world, "person")
    response = client.post(reverse("budgets:me_new"), BUDGET | {FIELD: "not-a-key"})
    assert response.status_code == 302
    assert BudgetRequest.objects.count() == 1 and not SentForm.objects.exists()


def _fresh_key(client: Client, form: CreatingForm, world) -> str | None:
    """The key of the form, on a fresh load of its page; None when the page no longer
    offers the form."""
    url = form.url(world)
    page = form.page(world) if form.page else url
    return _key_in(client.get(page).content.decode(), page, url)


def _key_in(html: str, page: str, url: str) -> str | None:
    """The key in the form on `page` that posts to `url` (a page may hold two)."""
    for form in html.split("<form")[1:]:
        action = re.match(r'[^>]*action="([^"]*)"', form.split(">")[0] + ">")
        if (action.group(1) if action else page) == url:
            key = re.search(rf'name="{FIELD}" value="([0-9a-f-]+)"', form.split("</form>")[0])
            if key:
                return key.group(1)
    return None


def _saved(form: CreatingForm, response) -> bool:
    """The answer to a sending that saved: the page that shows it, or the file it made."""
    return response.status_code == (200 if form.makes_a_file else 302)


@pytest.mark.parametrize("form", FORMS, ids=lambda form: form.name)
def test_back_then_the_same_words_again_with_a_new_key_saves_once(world, form):
    """Back after saving loads the form again with a new key, and the browser puts the
    words back: sent again, it is the first sending, and lands on its page."""
    client = _client(world, form.signed_in_as)
    url = form.url(world)
    before = form.rows(world).count()
    other_tab = _fresh_key(client, form, world)

    first = client.post(url, form.data(world) | {FIELD: _fresh_key(client, form, world)})
    back = _fresh_key(client, form, world)
    if back is None:
        # Back shows what was asked, with no form: only a tab opened before can send
        # the same words again.
        assert form.one_open_at_a_time, f"{form.name}: its page offers no form after saving"
        back = other_tab
    again = client.post(url, form.data(world) | {FIELD: back})

    assert form.rows(world).count() == before + 1, form.name
    assert _saved(form, first) and again.status_code == 302
    if not form.makes_a_file:
        assert again["Location"] == first["Location"]
    landed = client.get(again["Location"]).content.decode()
    assert form.says in landed
    if form.says:
        saved_at = SentForm.objects.get().sent_at
        assert f"{form.says}{timezone.localtime(saved_at):%H:%M}" in landed


# What each form says differently, for a second thing that is not the first again.
OTHER_WORDS = {
    "a person, added by their coach": {"area": "Bradford"},
    "a contact": {"channel": "text"},
    "a goal, added with the coach": {"text": "A job I enjoy"},
    "a strength, in the person's own words": {"text": "Listening"},
    "an ask that the coach get in touch": {"when_suits": "Mornings"},
    "a request for a coach, from someone not signed in": {"name": "Jo"},
    "a budget request, by the person": {"purpose": "A cooker"},
    "a budget request, by the coach with the person": {"purpose": "A cooker"},
    "a fund": {"name": "Next steps"},
    "a wellbeing score, by the person": {"item_1": 5},
    "a wellbeing score, with the coach": {"item_1": 5},
    "an outcome": {"type": lambda w: outcome_type("entered-education-training").pk},
    # One contract per outcome: another for the same teams, period and outcomes is
    # refused in words (tests/outcomes), so the other contract is for a later period.
    "a contract": {"name": "Another contract", "starts_on": "2028-01-01", "ends_on": "2029-12-31"},
    "a request for a different coach": {"words": "We do not get on"},
    "an entry in the person's own story": {"text": "I started a course"},
    "an ask for a correction to the person's story": {"asked_words": "I came with my sister"},
    "the coach's answer to an ask for a correction": {"answer_words": "Another answer"},
    "a coach's reflection": {"noticed": "A busy week"},
    "a team learning session": {"themes_found": "Long waits for benefits"},
    "a claim, prepared for review": {"period_end": "2025-06-30"},
    "an extract for an evaluator": {"made_for": "Sam Hughes, Leeds Beckett"},
    "a payment against a claim": {"amount": "200"},
    # One enrolment a person in each contract, and none in two that pay for the same
    # outcomes at once: the other is a contract for other outcomes.
    "an enrolment in a contract": {"contract": lambda w: _other_enrolling(w).pk},
}


@pytest.mark.parametrize("form", FORMS, ids=lambda form: form.name)
def test_back_then_different_words_with_a_new_key_saves_again(world, form):
    """A new thing in the same form, just after the first: saved. Or, for a thing
    there is one of at a time while it is open, refused in words: the words did not
    make the two sendings one, the rule of one at a time did."""
    client = _client(world, form.signed_in_as)
    url = form.url(world)
    before = form.rows(world).count()
    other = {
        name: value(world) if callable(value) else value
        for name, value in OTHER_WORDS[form.name].items()
    }
    other_tab = _fresh_key(client, form, world)

    first = client.post(url, form.data(world) | {FIELD: _fresh_key(client, form, world)})
    key = _fresh_key(client, form, world) or other_tab
    second = client.post(url, form.data(world) | other | {FIELD: key}, follow=True)

    assert _saved(form, first)
    if form.one_open_at_a_time:
        assert form.rows(world).count() == before + 1, form.name
        assert form.one_open_at_a_time in second.content.decode()
        assert second.status_code in (200, 400)
    else:
        assert form.rows(world).count() == before + 2, form.name


def test_every_creating_form_has_other_words_to_test_with():
    assert set(OTHER_WORDS) == {form.name for form in FORMS}


def test_the_same_words_after_some_minutes_are_saved_again(world, time_machine):
    """The same score next week, or the same purchase asked for again later, is new."""
    client = _client(world, "person")
    client.post(reverse("budgets:me_new"), BUDGET | {FIELD: str(uuid.uuid4())})
    time_machine.move_to(timezone.now() + WORDS_KEPT_FOR + timedelta(seconds=1))
    client.post(reverse("budgets:me_new"), BUDGET | {FIELD: str(uuid.uuid4())})
    assert BudgetRequest.objects.count() == 2
    assert SentForm.objects.filter(words__isnull=False).count() == 1


def test_the_same_words_from_someone_else_are_theirs(world):
    """The digest holds who sent the words: one person's words are not another's."""
    people = [world["person"], make_person("Jo", world["coach"])]
    url = reverse("coaching:me_own_words_new", args=["strength"])
    for person in people:
        client = Client()
        client.force_login(person.user)
        client.post(url, {"text": "Cooking for my family", FIELD: str(uuid.uuid4())})
    assert [Strength.objects.filter(person=person).count() for person in people] == [1, 1]


def test_a_second_press_of_ask_does_not_count_towards_the_hourly_limit(db, settings):
    from django.core.cache import cache

    cache.clear()
    make_team()
    settings.ASK_RATE_LIMIT_PER_HOUR = 1
    data = {"name": "Kez", "reach_by": "phone", "reach_details": "07700 900123"}
    client = Client()
    key = str(uuid.uuid4())
    for _ in range(3):
        assert client.post(reverse("coaching:ask"), data | {FIELD: key}).status_code == 302
    assert CoachRequest.objects.count() == 1


def _post_forms() -> dict[str, str]:
    """Every template with a form that posts, and its text."""
    found = {}
    for directory in settings.TEMPLATES[0]["DIRS"]:
        for path in Path(directory).rglob("*.html"):
            text = path.read_text()
            if re.search(r'method="post"', text, re.IGNORECASE):
                found[path.relative_to(directory).as_posix()] = text
    return found


def test_every_form_that_posts_is_known_as_creating_or_not():
    posting = _post_forms()
    creating = {form.template for form in FORMS}
    unknown = set(posting) - creating - set(NOT_CREATING)
    assert not unknown, f"Add these to FORMS (with the key partial) or NOT_CREATING: {unknown}"
    assert not creating & set(NOT_CREATING)


def test_every_creating_form_carries_the_key_and_no_other_form_does():
    posting = _post_forms()
    creating = {form.template for form in FORMS}
    for template in creating:
        assert PARTIAL in posting[template], f"{template} makes something but has no key"
    for template in set(posting) - creating:
        assert PARTIAL not in posting[template], f"{template} carries a key: add it to FORMS"


def test_erasure_deletes_the_persons_sent_forms_and_keeps_the_coachs(world):
    person, coach = world["person"], world["coach"]
    _client(world, "person").post(reverse("budgets:me_new"), BUDGET | {FIELD: str(uuid.uuid4())})
    _client(world, "coach").post(
        reverse("coaching:own_words_new", args=[person.pk, "goal"]),
        {"text": "A flat", "person_decided": "on", FIELD: str(uuid.uuid4())},
    )
    user = person.user
    assert SentForm.objects.filter(sent_by=user).count() == 1
    deletion = services.deletion_request_make(person=person, by=user)
    services.person_erase(deletion=deletion, by=world["manager"])
    assert not SentForm.objects.filter(sent_by_id=user.pk).exists()
    assert SentForm.objects.filter(sent_by=coach).count() == 1
    assert not DeletionRequest.objects.exists()
    # The coach's form held a digest of the person's words: it goes too.
    assert SentForm.objects.get(sent_by=coach).words is None


def test_forget_older_than_deletes_old_rows_and_clears_words_after_minutes(world, time_machine):
    client = _client(world, "person")
    client.post(reverse("budgets:me_new"), BUDGET | {FIELD: str(uuid.uuid4())})
    time_machine.move_to(timezone.now() + timedelta(hours=2))
    client.post(reverse("budgets:me_new"), BUDGET | {FIELD: str(uuid.uuid4())})
    time_machine.move_to(timezone.now() + WORDS_KEPT_FOR + timedelta(seconds=1))
    cooker = BUDGET | {"purpose": "A cooker", FIELD: str(uuid.uuid4())}
    client.post(reverse("budgets:me_new"), cooker)

    assert sent_once.forget_older_than(timedelta(hours=1)) == 1

    assert SentForm.objects.count() == 2
    assert SentForm.objects.filter(words__isnull=False).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("url_name", ["budgets:me_new", "outcomes:me_wellbeing_new"])
@pytest.mark.parametrize("keys", ["one key", "a key each"])
def test_two_sendings_at_the_same_instant_make_one_row_and_both_get_a_page(url_name, keys):
    """A double press (one key), or the same words from two tabs at once (a key each):
    one saves, the other is told it was saved."""
    coach = make_coach("meg")
    person = make_person("Sam", coach)
    load_wording()
    data = BUDGET if url_name == "budgets:me_new" else WELLBEING
    key = str(uuid.uuid4())
    start = threading.Barrier(2)
    answers: list = []
    clients: list = []

    def send():
        try:
            client = Client()
            client.force_login(person.user)
            clients.append(client)
            sent_key = key if keys == "one key" else str(uuid.uuid4())
            start.wait()
            answers.append(client.post(reverse(url_name), data | {FIELD: sent_key}))
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            answers.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [getattr(answer, "status_code", answer) for answer in answers] == [302, 302]
    assert len({answer["Location"] for answer in answers}) == 1
    made = BudgetRequest if url_name == "budgets:me_new" else WellbeingScore
    assert made.objects.filter(person=person).count() == 1
    assert SentForm.objects.count() == 1
    # Each sees the saved thing; the one that did not save it is told, in words.
    landed = [client.get(answers[0]["Location"]).content.decode() for client in clients]
    assert sum(ALREADY_SAVED.split("{")[0] in page for page in landed) == 1


def test_a_step_in_coaching_sent_twice_makes_one_event(world):
    """Steps are not keyed: the step, once taken, no longer applies."""
    client = _client(world, "coach")
    person = world["person"]
    url = reverse("coaching:record_decision", args=[person.pk, "pause"])
    until = (timezone.localdate() + timedelta(days=30)).isoformat()
    data = {"until": until, "reason": "", "person_decided": "on"}
    before = RelationshipEvent.objects.filter(relationship__person=person).count()
    client.post(url, data)
    client.post(url, data)
    assert RelationshipEvent.objects.filter(relationship__person=person).count() == before + 1


def test_an_ending_sent_twice_records_the_same_ending(world):
    """Not keyed: it changes the outcome it is about, and a second sending changes it
    to the same."""
    coach, person = world["coach"], world["person"]
    job = outcome_services.outcome_record(
        person=person,
        outcome_type=outcome_type("entered-employment"),
        achieved_on=ACHIEVED_ON,
        evidence="Contract seen",
        by=coach,
    )
    url = reverse("outcomes:outcome_end", args=[person.pk, job.pk])
    data = {"ended_on": (ACHIEVED_ON + timedelta(days=30)).isoformat(), "because": "Too far"}
    client = _client(world, "coach")
    answers = [client.post(url, data).status_code for _ in range(2)]
    job.refresh_from_db()
    assert answers == [302, 302]
    assert (job.ended_on, job.ended_because) == (ACHIEVED_ON + timedelta(days=30), "Too far")
    assert Outcome.objects.filter(person=person).count() == 1


def test_two_keyed_forms_on_one_page_never_share_a_key(world):
    """The contract's page holds a claim's form and an extract's. Sent back with a
    mistake, the claim's form keeps its key and the extract's gets its own: making the
    extract then does not make the corrected claim look sent before."""
    client = _client(world, "manager")
    contract = _claimable(world)
    claim_url = reverse("outcomes:claim_new", args=[contract.pk])
    extract_url = reverse("outcomes:extract_new", args=[contract.pk])
    key = str(uuid.uuid4())
    wrong_way_round = {"period_start": "2025-12-31", "period_end": "2025-01-01"}

    page = client.post(claim_url, wrong_way_round | {FIELD: key})
    html = page.content.decode()
    extract_key = _key_in(html, claim_url, extract_url)

    assert page.status_code == 400
    assert _key_in(html, claim_url, claim_url) == key
    assert extract_key not in (None, key)
    extract = {"period_start": "2025-01-01", "period_end": "2025-12-31", "made_for": "Dr Okafor"}
    assert client.post(extract_url, extract | {FIELD: extract_key}).status_code == 200
    corrected = {"period_start": "2025-01-01", "period_end": "2025-12-31", FIELD: key}
    assert client.post(claim_url, corrected).status_code == 302
    assert Claim.objects.filter(contract=contract).count() == 1
