"""Hostile text, shown: a string of HTML in every text a user can set comes back
escaped, on every page that shows it, to every role that sees it.

Each text holds its own tag of markup (a `<meta http-equiv=refresh>` that would send a
browser elsewhere), so a page that shows one field unescaped names that field. Every
page is read for two things: the raw markup is never in it, and the escaped text of
the fields the page shows is.
"""

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from budgets import services as budget_services
from budgets.models import PaymentMethod
from coaching import services
from coaching.models import CoachRequest, Goal, PersonalDetails, Strength
from coaching.sent_once import FIELD
from outcomes import services as outcome_services
from outcomes.models import Contract, OutcomeType
from tests.budgets.helpers import make_fund
from tests.conftest import make_person

RAW = ("<meta http-equiv", "<meta data-")


def hostile(tag: str) -> str:
    """Markup that would send the reader's browser to another site, were it not escaped."""
    return f'<meta http-equiv=refresh content="1;url=https://evil.example/{tag}">'


def short(tag: str) -> str:
    """For a field of 40 characters or fewer."""
    return f"<meta data-{tag}>"


T = {
    tag: hostile(tag)
    for tag in [
        "name",
        "area",
        "ask-name",
        "ask-reach",
        "ask-message",
        "ask-by",
        "notes",
        "place",
        "connections",
        "service",
        "what-happened",
        "goal",
        "strength",
        "pause-reason",
        "resume-reason",
        "purpose",
        "waiting",
        "decline",
        "evidence",
        "fund",
        "funder",
        "contract",
        "gender",
        "ethnicity",
    ]
}
T["pronouns"] = short("pronouns")


def shown(page: str, *tags: str) -> None:
    for fragment in RAW:
        assert fragment not in page, page[max(0, page.find(fragment) - 300) :][:600]
    for tag in tags:
        assert escape(T[tag]) in page, f"{tag} is not shown, escaped"


@pytest.fixture
def world(coach, manager):
    """A person who named themselves with markup (on /me/name-and-area/), a request
    for a coach that still waits (sent on /ask/), and markup in every other text."""
    cache.clear()
    team = coach.team
    person = make_person("Sam", coach)
    client = Client()
    client.force_login(person.user)
    response = client.post(
        reverse("coaching:me_name_and_area"), {"name": T["name"], "area": T["area"]}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.name == T["name"]
    client.logout()  # /ask/ is for anyone

    ask = {
        "name": T["ask-name"],
        "reach_by": "place",
        "reach_details": T["ask-reach"],
        "area": team.area,
        "message": T["ask-message"],
        "passed_on": "on",
        "passed_on_by": T["ask-by"],
        FIELD: str(uuid.uuid4()),
    }
    assert client.post(reverse("coaching:ask"), ask).status_code == 302
    waiting = CoachRequest.objects.get()

    services.contact_log(
        person=person,
        coach=coach,
        fields={
            "channel": "phone",
            "reached_out_by": "person",
            "occurred_at": timezone.now() - timedelta(hours=1),
            "notes": T["notes"],
            "place": T["place"],
            "connections": T["connections"],
        },
        barriers=[services.Barrier(service=T["service"], what_happened=T["what-happened"])],
    )
    contact = person.contacts.get()
    services.own_words_add(model=Goal, person=person, text=T["goal"], by=person.user)
    services.own_words_add(model=Strength, person=person, text=T["strength"], by=person.user)
    services.relationship_decide(
        person=person, decision="pause", by=person.user, reason=T["pause-reason"]
    )
    services.relationship_decide(
        person=person, decision="resume", by=person.user, reason=T["resume-reason"]
    )
    PersonalDetails.objects.create(
        person=person,
        gender="own_words",
        gender_own_words=T["gender"][:100],
        ethnicity_own_words=T["ethnicity"][:100],
        pronouns=T["pronouns"],
    )

    fund = make_fund(name=T["fund"], funder=T["funder"], team=team)
    declined = budget_services.request_raise(
        person=person,
        by=person.user,
        purpose=T["purpose"],
        amount=Decimal("40"),
        payment_method=PaymentMethod.VOUCHER,
    )
    budget_services.request_decline(budget_request=declined, by=manager, reason=T["decline"])
    asked = budget_services.request_raise(
        person=person,
        by=person.user,
        purpose=T["waiting"],
        amount=Decimal("30"),
        payment_method=PaymentMethod.VOUCHER,
    )

    outcome = outcome_services.outcome_record(
        person=person,
        outcome_type=OutcomeType.objects.filter(active=True).first(),
        achieved_on=timezone.localdate() - timedelta(days=1),
        evidence=T["evidence"],
        by=coach,
    )
    contract = Contract.objects.create(
        name=T["contract"],
        funder=T["funder"],
        starts_on=timezone.localdate() - timedelta(days=100),
        ends_on=timezone.localdate() + timedelta(days=100),
        cap=Decimal("1000"),
    )
    contract.teams.add(team)
    return {
        "person": person,
        "waiting": waiting,
        "contact": contact,
        "declined": declined,
        "asked": asked,
        "fund": fund,
        "outcome": outcome,
        "contract": contract,
    }


def test_a_name_with_markup_is_escaped_on_the_coachs_pause_and_budget_forms(coach_client, world):
    """The help texts of these two forms carry the person's name."""
    person = world["person"]
    for url in [
        reverse("coaching:record_decision", args=[person.pk, "pause"]),
        reverse("budgets:coach_new", args=[person.pk]),
    ]:
        response = coach_client.get(url)
        assert response.status_code == 200, url
        shown(response.content.decode(), "name")


def test_the_coach_sees_every_text_escaped(coach_client, world):
    person, contact = world["person"], world["contact"]
    pages = {
        reverse("coaching:coach_home"): ["name", "area", "ask-name", "ask-by"],
        reverse("coaching:coach_request", args=[world["waiting"].pk]): [
            "ask-name",
            "ask-reach",
            "ask-message",
            "ask-by",
        ],
        person.get_absolute_url(): [
            "name",
            "area",
            "notes",
            "place",
            "connections",
            "service",
            "what-happened",
            "goal",
            "strength",
            "pause-reason",
            "resume-reason",
            "evidence",
        ],
        reverse("coaching:contact_edit", args=[contact.pk]): [
            "name",
            "notes",
            "place",
            "connections",
            "service",
            "what-happened",
        ],
        reverse("coaching:record_decision", args=[person.pk, "pause"]): ["name"],
        reverse("coaching:record_decision", args=[person.pk, "end"]): ["name"],
        reverse("coaching:hand_over", args=[person.pk]): ["name"],
        reverse("coaching:sharing", args=[person.pk]): ["name"],
        reverse("coaching:name_and_area", args=[person.pk]): ["name", "area"],
        reverse("coaching:own_words_new", args=[person.pk, "goal"]): ["name"],
        reverse("coaching:contact_new", args=[person.pk]): ["name"],
        reverse("coaching:data", args=[person.pk]): [
            "name",
            "notes",
            "connections",
            "what-happened",
            "goal",
            "pause-reason",
            "purpose",
            "decline",
            "evidence",
        ],
        reverse("budgets:coach_list"): ["name"],
        reverse("budgets:coach_new", args=[person.pk]): ["name"],
        reverse("budgets:coach_request", args=[world["declined"].pk]): [
            "name",
            "purpose",
            "decline",
        ],
        reverse("outcomes:outcome_new", args=[person.pk]): ["name"],
        reverse("outcomes:wellbeing_new", args=[person.pk]): ["name"],
    }
    for url, tags in pages.items():
        response = coach_client.get(url)
        assert response.status_code == 200, url
        shown(response.content.decode(), *tags)


def test_the_person_sees_every_text_escaped(client, world):
    person = world["person"]
    client.force_login(person.user)
    pages = {
        reverse("coaching:me"): ["notes", "place", "connections", "service", "what-happened"],
        reverse("coaching:me_own_words"): ["goal", "strength"],
        reverse("coaching:me_name_and_area"): ["name", "area"],
        reverse("coaching:me_details"): ["gender", "ethnicity", "pronouns"],
        reverse("coaching:me_data"): [
            "name",
            "notes",
            "connections",
            "what-happened",
            "goal",
            "pause-reason",
            "purpose",
            "decline",
            "evidence",
        ],
        reverse("coaching:me_who_has_looked"): [],
        reverse("coaching:me_decide", args=["pause"]): [],
        reverse("budgets:me_list"): [],
        reverse("budgets:me_request", args=[world["declined"].pk]): ["purpose", "decline"],
        reverse("budgets:me_request", args=[world["asked"].pk]): ["waiting"],
    }
    for url, tags in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        shown(response.content.decode(), *tags)


def test_the_manager_sees_every_text_escaped(manager_client, world):
    pages = {
        reverse("budgets:manager_home"): ["fund"],
        reverse("budgets:manager_request", args=[world["asked"].pk]): ["waiting", "fund"],
        reverse("budgets:manager_request", args=[world["declined"].pk]): ["purpose", "decline"],
        reverse("budgets:fund_edit", args=[world["fund"].pk]): ["fund", "funder"],
        reverse("outcomes:contracts"): ["contract"],
        reverse("outcomes:contract", args=[world["contract"].pk]): ["contract", "funder"],
        reverse("outcomes:outcomes_to_verify"): [],
        reverse("outcomes:outcome_verify", args=[world["outcome"].pk]): ["evidence"],
        reverse("outcomes:insights"): ["contract"],
    }
    for url, tags in pages.items():
        response = manager_client.get(url)
        assert response.status_code == 200, url
        shown(response.content.decode(), *tags)


def test_a_request_taken_from_the_inbox_names_the_person_escaped(coach_client, world):
    """The name typed on /ask/ becomes the person's name when a coach takes it."""
    waiting = world["waiting"]
    response = coach_client.post(
        reverse("coaching:coach_request_take", args=[waiting.pk]), {"person_agreed": "on"}
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    asked = waiting.person
    for url in [
        asked.get_absolute_url(),
        reverse("coaching:record_decision", args=[asked.pk, "pause"]),
        reverse("budgets:coach_new", args=[asked.pk]),
    ]:
        shown(coach_client.get(url).content.decode(), "ask-name")


def test_a_help_text_meant_as_html_keeps_its_markup_and_any_other_is_escaped():
    """A help text made safe where it is built (as Django's list of password rules is)
    keeps its markup in {% field %}; a plain one is shown as text."""
    from django import forms
    from django.template import Context, Template
    from django.utils.safestring import mark_safe

    class Rules(forms.Form):
        built_safe = forms.CharField(help_text=mark_safe("<ul><li>One rule</li></ul>"))
        plain = forms.CharField(help_text="<b>not markup</b>")

    html = Template("{% load forms %}{% field form.built_safe %}{% field form.plain %}").render(
        Context({"form": Rules()})
    )
    assert "<ul><li>One rule</li></ul>" in html
    assert "&lt;b&gt;not markup&lt;/b&gt;" in html and "<b>not markup" not in html
