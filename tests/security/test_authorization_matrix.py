"""Every URL the project resolves, for every role, gives the answer in this table.

Roles: anonymous, person A and person B, coach A and coach B (another team), a
manager. Object URLs name person A's things, so B and coach B are outsiders. A
URL that is not in the table fails the test: a new page must say who may see it.

Answers: "page" (200), "login" (redirect to sign-in), "away" (any other
redirect), 403, 404, 405; a set allows any of its answers (allauth's own flows).
The admin is followed past its own login redirect: sign-in for the anonymous,
403 for anyone signed in who is not admin staff.
"""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from budgets import services as budget_services
from budgets.models import Fund, PaymentMethod
from coaching import handovers, services
from coaching.models import Goal, Reflection
from outcomes import services as outcome_services
from outcomes.models import Contract, OutcomeType
from tests.conftest import (
    make_coach,
    make_commissioner,
    make_manager,
    make_person,
    make_team,
)
from tests.outcomes.helpers import load_wording

ROLES = ["anonymous", "person_a", "person_b", "coach_a", "coach_b", "manager", "commissioner"]


def row(anonymous, person_a, person_b, coach_a, coach_b, manager, method="get", commissioner=None):
    """A commissioner, unless said otherwise, is refused (403) wherever a sign-in is
    needed and the roles' answers differ, and answers as everyone does elsewhere."""
    answers = [anonymous, person_a, person_b, coach_a, coach_b, manager]
    if commissioner is None:
        signed_in = answers[1:]
        same = all(a == signed_in[0] for a in signed_in)
        commissioner = signed_in[0] if same or anonymous != "login" else 403
    return {"method": method, **dict(zip(ROLES, [*answers, commissioner], strict=True))}


def everyone(answer, method="get"):
    return row(answer, answer, answer, answer, answer, answer, method=method)


def signed_in(answer="page", method="get"):
    return row("login", answer, answer, answer, answer, answer, method=method)


def coach_own(method="get", own="page"):
    """A coach page about person A: coach A only; coach B is an outsider."""
    return row("login", 403, 403, own, 404, 403, method=method)


def coach_any(method="get"):
    return row("login", 403, 403, "page", "page", 403, method=method)


def person_own(method="get", own="page"):
    return row("login", own, own, 403, 403, 403, method=method)


def manager_only(method="get", answer="page"):
    return row("login", 403, 403, 403, 403, answer, method=method)


MATRIX = {
    "home": row("login", "away", "away", "away", "away", "away"),
    "invitation_redeem": everyone("page"),
    "new_password_with_code": everyone("page"),
    "healthz": everyone("page"),
    # The language switch, for everyone: an empty POST changes nothing and goes back.
    "choose_language": everyone("away", method="post"),
    # Quick exit's background sign-out: anyone, and nothing to show.
    "quick_exit": everyone(204, method="post"),
    "security": signed_in(),
    "coaching:coach_home": coach_any(),
    "coaching:overview": coach_any(),
    "coaching:reflections": coach_any(),
    "coaching:reflection_new": coach_any(),
    "coaching:reflection": coach_own(),
    # An empty POST changes nothing, and goes back to it with a message.
    "coaching:reflection_sharing": coach_own(method="post", own="away"),
    "coaching:team_learning": manager_only(),
    "coaching:shared_reflection": manager_only(),
    "coaching:learning_session_new": manager_only(),
    # Marking yourself away (an empty POST: back) sends you to your home.
    "coaching:coach_away": row("login", 403, 403, "away", "away", 403, method="post"),
    "coaching:covering": coach_any(),
    "coaching:coach_request": coach_own(),
    # An empty POST is refused with a message and a redirect back.
    "coaching:coach_request_take": coach_own(method="post", own="away"),
    "coaching:coach_request_pass": coach_own(method="post", own="away"),
    "coaching:person_new": coach_any(),
    "coaching:person": coach_own(),
    "coaching:contact_new": coach_own(),
    "coaching:record_decision": coach_own(),
    "coaching:hand_over": coach_own(),
    # Person A already has a sign-in: told so, and sent back.
    "coaching:invitation_new": coach_own(method="post", own="away"),
    "coaching:password_code_new": coach_own(method="post"),
    "coaching:contact_edit": coach_own(),
    "coaching:ask": everyone("page"),
    "coaching:ask_thanks": everyone("page"),
    "coaching:sharing": coach_own(),
    "coaching:name_and_area": coach_own(),
    # Notes are on: there is nothing to delete, so back to the page.
    "coaching:notes_delete": coach_own(own="away"),
    "coaching:own_words_new": coach_own(),
    "coaching:data": coach_own(),
    "coaching:deletion_requests": manager_only(),
    "coaching:deletion_request": manager_only(),
    "coaching:me": person_own(),
    "coaching:me_decide": person_own(),
    "coaching:me_different_coach": person_own(),
    # Person A's request for a different coach: in team A's inbox only.
    "coaching:coach_change": coach_own(),
    "coaching:me_sharing": person_own(),
    "coaching:me_notes_delete": person_own(own="away"),
    "coaching:me_details": person_own(),
    "coaching:me_name_and_area": person_own(),
    "coaching:new_coach_needed": manager_only(),
    "coaching:retention": manager_only(),
    # Only for someone whose coaching ended years ago: Person A's is open.
    "coaching:retention_person": manager_only(answer=404),
    "coaching:accessibility": everyone("page"),
    "coaching:privacy_notice": everyone("page"),
    # Only for someone whose coach has left: Person A's coach is here.
    "coaching:new_coach": manager_only(answer=404),
    "coaching:me_who_has_looked": person_own(),
    "coaching:me_own_words": person_own(),
    "coaching:me_own_words_new": person_own(),
    "coaching:me_own_words_edit": row("login", "page", 404, 403, 403, 403),
    "coaching:me_data": person_own(),
    "coaching:me_data_json": person_own(),
    "coaching:me_delete": person_own(),
    "coaching:me_reach": person_own(),
    "coaching:me_keeping_in_touch": person_own(),
    "coaching:keeping_in_touch": coach_own(),
    # An empty POST marks person A's ask answered and goes back to their page.
    "coaching:ask_answered": coach_own(method="post", own="away"),
    "coaching:work_contact": coach_any(),
    "coaching:me_story_new": person_own(),
    # Person A's own entry: another person's id is 404, as everywhere.
    "coaching:me_story_take_out": row("login", "page", 404, 403, 403, 403),
    # Person A's contact: person B is refused it as if it were not there.
    "coaching:me_correct": row("login", "page", 404, 403, 403, 403),
    "coaching:correction_answer": coach_own(),
    "outcomes:insights": manager_only(),
    # "not-a-real-key" names no table.
    "outcomes:insights_csv": manager_only(answer=404),
    "outcomes:outcomes_to_verify": manager_only(),
    "outcomes:outcome_verify": manager_only(),
    "outcomes:contracts": manager_only(),
    "outcomes:contract_new": manager_only(),
    "outcomes:contract": manager_only(),
    # Empty posts: the form says what is missing (400).
    "outcomes:claim_new": manager_only(method="post", answer=400),
    # Counting successful starts changes nothing when there are none, and goes back.
    "outcomes:starts_count": manager_only(method="post", answer="away"),
    "outcomes:extract_new": manager_only(method="post", answer=400),
    "outcomes:claim": manager_only(),
    "outcomes:claim_submit": manager_only(method="post", answer="away"),
    "outcomes:claim_discard": manager_only(method="post", answer="away"),
    "outcomes:payment_new": manager_only(method="post", answer=400),
    # A commissioner's own pages: the contracts it is given, never a person's.
    "outcomes:commissioner_home": row("login", 403, 403, 403, 403, 403, commissioner="page"),
    "outcomes:commissioner_contract": row("login", 403, 403, 403, 403, 403, commissioner="page"),
    "outcomes:enrolment_new": coach_own(),
    "outcomes:outcome_end": coach_own(),
    "outcomes:me_wellbeing_new": person_own(),
    "outcomes:wellbeing_new": coach_own(),
    "outcomes:outcome_new": coach_own(),
    "budgets:me_list": person_own(),
    "budgets:me_new": person_own(),
    "budgets:me_request": row("login", "page", 404, 403, 403, 403),
    "budgets:me_withdraw": row("login", "page", 404, 403, 403, 403),
    "budgets:coach_list": coach_any(),
    "budgets:coach_new": coach_own(),
    "budgets:coach_request": coach_own(),
    "budgets:manager_home": manager_only(),
    "budgets:manager_figures": manager_only(),
    "budgets:manager_figures_csv": manager_only(answer=404),
    "budgets:fund_new": manager_only(),
    "budgets:fund_edit": manager_only(),
    "budgets:manager_request": manager_only(),
}

# allauth's own pages: public ones answer everyone; the rest need a sign-in.
ALLAUTH_PUBLIC = {
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "account_inactive",
    "account_email_verification_sent",
    "account_confirm_email",
    "account_confirm_login_code",
    "mfa_authenticate",
    "mfa_login_webauthn",
    "account_logout",
}
ALLAUTH_SIGNED_IN = {
    "account_reauthenticate",
    "account_email",
    "account_change_password",
    "account_set_password",
    "mfa_index",
    "mfa_reauthenticate",
    "mfa_activate_totp",
    "mfa_deactivate_totp",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "mfa_list_webauthn",
    "mfa_add_webauthn",
    "mfa_reauthenticate_webauthn",
    "mfa_remove_webauthn",
    "mfa_edit_webauthn",
    "usersessions_list",
}


def all_routes():
    """(name, route) for every pattern the project resolves."""

    def walk(patterns, prefix="", namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                space = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), space)
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                yield f"{namespace}{pattern.name}", route

    return list(walk(get_resolver().url_patterns))


def concrete_path(route: str, values: dict) -> str:
    """Fill a route's parameters, for path() and re_path() patterns alike."""
    # Our own routes must name known parameters; the admin's take any id.
    lookup = (
        (lambda key: values.get(key, "1")) if route.startswith("admin/") else values.__getitem__
    )
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values.get(m.group(1), "1")), route)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(lookup(m.group(1))), path)
    return "/" + path.replace("^", "").replace("$", "").replace("\\", "")


@pytest.fixture
def world(db):
    team_a, team_b = make_team("Leeds North", "Leeds"), make_team("Calderdale", "Calderdale")
    coach_a, coach_b = make_coach("meg", team=team_a), make_coach("dan", team=team_b)
    manager = make_manager("ruth")
    person_a, person_b = make_person("Sam", coach_a), make_person("Jordan", coach_b)
    contact = services.contact_log(person=person_a, coach=coach_a, fields={"channel": "phone"})
    asked = services.coach_request_create(
        fields={"name": "Kay", "reach_by": "phone", "reach_details": "07700 900123"}, team=team_a
    )
    budget = budget_services.request_raise(
        person=person_a,
        by=person_a.user,
        purpose="Driving lessons",
        amount=Decimal("250.00"),
        payment_method=PaymentMethod.SUPPLIER,
    )
    fund = Fund.objects.create(
        name="Flexible fund",
        funder="A trust",
        total=Decimal("5000"),
        coach_limit=Decimal("300"),
        starts_on="2026-01-01",
        ends_on="2027-12-31",
    )
    change = handovers.coach_change_ask(person=person_a, words="A fresh start")
    load_wording()  # else /me/wellbeing/ has no scale to offer and sends the person back
    goal = services.own_words_add(model=Goal, person=person_a, by=person_a.user, text="A flat")
    deletion = services.deletion_request_make(person=person_a, by=person_a.user)
    ask = services.contact_ask_make(person=person_a, how="call")
    correction = services.correction_ask(person=person_a, entry=contact, words="It was Tuesday")
    written = services.person_entry_add(person=person_a, text="A good week")
    outcome = outcome_services.outcome_record(
        person=person_a,
        outcome_type=OutcomeType.objects.filter(sustains__isnull=True).first(),
        achieved_on=timezone.localdate(),
        evidence="Tenancy signed",
        by=coach_a,
    )
    contract = Contract.objects.create(
        name="Youth homelessness SIB",
        funder="A council",
        starts_on="2026-01-01",
        ends_on="2027-12-31",
        cap=Decimal("474000"),
    )
    # Coach A's, shared with the manager (of every team).
    reflection = Reflection.objects.create(
        coach=coach_a, noticed="Slow week", shared_with_manager=True
    )
    claim = outcome_services.claim_prepare(
        contract=contract, period_start=date(2026, 1, 1), period_end=date(2026, 3, 31), by=manager
    )
    commissioner = make_commissioner(contract)
    users = {
        "anonymous": None,
        "person_a": person_a.user,
        "person_b": person_b.user,
        "coach_a": coach_a,
        "coach_b": coach_b,
        "manager": manager,
        "commissioner": commissioner,
    }
    values = {
        "person_id": person_a.pk,
        "contact_id": contact.pk,
        "reflection_id": reflection.pk,
        "coach_request_id": asked.pk,
        "change_id": change.pk,
        "budget_request_id": budget.pk,
        "deletion_id": deletion.pk,
        "ask_id": ask.pk,
        "correction_id": correction.pk,
        "story_entry_id": written.pk,
        "about": "contact",
        "about_id": contact.pk,
        "fund_id": fund.pk,
        "outcome_id": outcome.pk,
        "contract_id": contract.pk,
        "claim_id": claim.pk,
        "entry_id": goal.pk,
        "kind": "goal",
        "decision": "pause",
        "step": "decide",
        "pk": 1,
        "key": "not-a-real-key",
        "uidb36": "1",
        "object_id": 1,
        "app_label": "coaching",
        "content_type_id": 1,
        "url": "x",
    }
    return users, values


def classify(response) -> object:
    if response.status_code == 200:
        return "page"
    if response.status_code in (301, 302):
        return "login" if "/accounts/login/" in response["Location"] else "away"
    return response.status_code


def matches(expected, actual) -> bool:
    if isinstance(expected, set):
        return actual in expected
    return expected == actual


def test_every_url_gives_every_role_the_expected_answer(client, world):
    users, values = world
    routes = all_routes()
    unlisted = [
        name
        for name, route in routes
        if name not in MATRIX
        and name not in ALLAUTH_PUBLIC
        and name not in ALLAUTH_SIGNED_IN
        and not route.startswith("admin/")
    ]
    assert not unlisted, f"Say who may see these new URLs in the matrix: {unlisted}"

    wrong, checked = [], 0
    for name, route in routes:
        path = concrete_path(route, values)
        for role in ROLES:
            expected, method = expectation(name, route, role)
            client.logout()
            if users[role] is not None:
                client.force_login(users[role])
            response = getattr(client, method)(path, {})
            if route.startswith("admin/") and response.get("Location", "").startswith(
                "/admin/login/"
            ):
                response = client.get(response["Location"])
            actual = classify(response)
            checked += 1
            assert response.status_code < 500, f"{role} {method.upper()} {path}: server error"
            if not matches(expected, actual):
                wrong.append(
                    f"{role:9} {method.upper():4} {path}: expected {expected}, got {actual}"
                )
    print(f"\nAuthorisation matrix: {len(routes)} URLs x {len(ROLES)} roles = {checked} checks")
    assert not wrong, "\n".join(wrong)


def expectation(name: str, route: str, role: str) -> tuple[object, str]:
    if route.startswith("admin/"):
        # Nobody in these roles is admin staff: sign-in for the anonymous, refusal otherwise.
        if name == "admin:logout":
            return {"login", "away"}, "get"
        return ("login" if role == "anonymous" else 403), "get"
    # allauth's flows redirect between their own steps, and answer 404 for a bad token
    # or a factor the user has not set up; what matters is no data and no server error.
    if name in ALLAUTH_PUBLIC:
        return {"page", "away", "login", 404}, "get"
    if name in ALLAUTH_SIGNED_IN:
        return ("login" if role == "anonymous" else {"page", "away", 404}), "get"
    entry = MATRIX[name]
    # A budget step is taken by POST alone; the page without a step is a GET.
    method = "post" if "<slug:step>" in route else entry["method"]
    return entry[role], method


def test_other_peoples_ids_give_404_never_data(client, world):
    """Coach B and person B try person A's things by id: nothing but 404 (or 403 by role)."""
    users, values = world
    outsiders = {"coach_b": "coach/", "person_b": "me/"}
    tried = 0
    for role, area in outsiders.items():
        client.force_login(users[role])
        for name, route in all_routes():
            if not route.startswith(area) or "<int:" not in route or name not in MATRIX:
                continue
            path = concrete_path(route, values)
            method = MATRIX[name]["method"]
            response = getattr(client, method)(path, {})
            tried += 1
            assert response.status_code == 404, f"{role} {path} answered {response.status_code}"
    assert tried >= 15, "the walk found too few object URLs to prove anything"


# Models the admin must not show at all: secrets, sessions, addresses, who looked at whom.
NOT_IN_THE_ADMIN = [
    "coaching/accesslogentry",
    "usersessions/usersession",
    "account/emailaddress",
    "coaching/person",
    "coaching/contact",
    "budgets/budgetrequest",
    "outcomes/outcome",
]
# Every name and username that must never reach a page support sees.
PEOPLE_WORDS = ["zebedee", "quill", "xanthe", "sam", "jordan", "kay"]


@pytest.fixture
def support(world):
    """The `admin` of the demo data: a manager with admin rights and a second factor,
    and one more person whose every kind of row the admin might list."""
    from allauth.mfa.totp.internal.auth import TOTP
    from django.contrib.admin.models import CHANGE, LogEntry

    from coaching.models import User
    from tests.conftest import TOTP_SECRET

    users, values = world
    admin = make_manager("admin")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    person = make_person("Zebedee Quill", users["coach_a"])
    TOTP.activate(person.user, TOTP_SECRET)
    services.coach_request_create(
        fields={"name": "Xanthe Moss", "reach_by": "phone", "reach_details": "07700 900124"},
        team=users["coach_a"].team,
    )
    outcome_services.outcome_record(
        person=person,
        outcome_type=OutcomeType.objects.filter(sustains__isnull=True).first(),
        achieved_on=timezone.localdate(),
        evidence="Tenancy signed",
        by=users["coach_a"],
    )
    # An admin history line about a person's sign-in, from before people were hidden.
    LogEntry.objects.log_actions(
        user_id=admin.pk, queryset=User.objects.filter(pk=person.user.pk), action_flag=CHANGE
    )
    return admin, person


def _admin_urls(client) -> list[str]:
    """Changelist, add, change, delete and history of every registered model, each
    object page for a row the admin would list, or a made-up id where it lists none."""
    from django.contrib import admin

    urls = []
    for model, model_admin in admin.site._registry.items():
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        request = client.get(base).wsgi_request
        row = model_admin.get_queryset(request).order_by("pk").first()
        pk = row.pk if row is not None else 999999
        urls += [base, f"{base}add/"]
        urls += [f"{base}{pk}/change/", f"{base}{pk}/delete/", f"{base}{pk}/history/"]
    return urls


def test_support_sees_reference_data_and_staff_accounts_never_a_persons_data(client, support):
    admin, person = support
    client.force_login(admin)
    urls = _admin_urls(client)
    assert len(urls) >= 8 * 5, "the walk found too few admin pages to prove anything"
    for url in urls + ["/admin/"]:
        response = client.get(url)
        assert response.status_code in (200, 302, 403, 404), f"{url}: {response.status_code}"
        page = response.content.decode().lower()
        seen = [word for word in PEOPLE_WORDS if re.search(rf"\b{word}\b", page)]
        assert not seen, f"{url} shows {seen}"

    for model in NOT_IN_THE_ADMIN:
        for tail in ("", "add/", "1/change/", "1/delete/", "1/history/"):
            url = f"/admin/{model}/{tail}"
            assert client.get(url).status_code == 404, url


def test_support_cannot_open_or_delete_a_persons_sign_in_in_the_admin(client, support):
    admin, person = support
    client.force_login(admin)
    for tail in ("change/", "delete/", "history/", "password/"):
        response = client.get(f"/admin/coaching/user/{person.user.pk}/{tail}")
        # The admin's "no such user" answer: back to its home with a message.
        assert response.status_code in (302, 404), tail
        assert person.user.username not in client.get("/admin/").content.decode()
    client.post(f"/admin/coaching/user/{person.user.pk}/delete/", {"post": "yes"})
    person.user.refresh_from_db()


def test_support_cannot_see_a_second_factor_secret(client, support):
    from allauth.mfa.models import Authenticator

    admin, person = support
    client.force_login(admin)
    own = Authenticator.objects.get(user=admin, type="totp")
    page = client.get(f"/admin/mfa/authenticator/{own.pk}/change/").content.decode()
    assert own.data["secret"] not in page and "secret" not in page.lower()
    theirs = Authenticator.objects.get(user=person.user, type="totp")
    response = client.get(f"/admin/mfa/authenticator/{theirs.pk}/change/")
    assert response.status_code == 302  # not found: a person's is not listed
