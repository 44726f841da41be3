"""Sign-in, sessions, headers, audit and deploy settings: proven, not assumed."""

import os
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import IntegrityError, InternalError, ProgrammingError, transaction
from django.urls import reverse
from django.utils import timezone

from coaching.models import AuditEvent
from tests.conftest import PASSWORD, make_coach

ROOT = Path(__file__).resolve().parents[2]


def test_staff_are_signed_out_after_a_quiet_half_hour(coach_client, time_machine):
    assert coach_client.get("/coach/").status_code == 200
    time_machine.move_to(timezone.now() + timedelta(minutes=31))
    response = coach_client.get("/coach/")
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    assert "_auth_user_id" not in coach_client.session


def test_an_active_coach_stays_signed_in(coach_client, time_machine):
    for _ in range(4):
        time_machine.move_to(timezone.now() + timedelta(minutes=20))
        assert coach_client.get("/coach/").status_code == 200


def test_people_have_no_idle_limit_but_everyone_has_an_absolute_one(person_client, time_machine):
    time_machine.move_to(timezone.now() + timedelta(hours=3))
    assert person_client.get("/me/").status_code == 200
    time_machine.move_to(timezone.now() + timedelta(hours=10))
    response = person_client.get("/me/")
    assert response.status_code == 302


def test_failed_sign_ins_are_rate_limited_per_account(client, coach):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "meg@example.org", "password": "wrong"})
    response = client.post(
        reverse("account_login"), {"login": "meg@example.org", "password": PASSWORD}
    )
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_admin_sign_in_goes_through_allauth_and_its_rate_limits(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_admin_needs_a_second_factor(client, db):
    admin = make_coach("support", second_factor=False, is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get("/admin/").status_code == 302
    admin_with_factor = make_coach("support2", is_staff=True, is_superuser=True)
    client.force_login(admin_with_factor)
    assert client.get("/admin/").status_code == 200


def test_pages_carry_a_nonce_based_csp_and_no_inline_allowance(client, db):
    response = client.get(reverse("account_login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"


def test_personal_pages_are_never_stored(person_client, coach_client, person):
    for client, url in [(person_client, "/me/"), (coach_client, f"/coach/people/{person.pk}/")]:
        assert "no-store" in client.get(url)["Cache-Control"]


def test_sign_ins_and_failures_are_audited_without_credentials(client, person):
    client.post(reverse("account_login"), {"login": "sam", "password": "a-wrong-guess"})
    client.post(reverse("account_login"), {"login": "sam", "password": PASSWORD})
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["sign_in_failed", "signed_in"]
    failed = AuditEvent.objects.get(action="sign_in_failed")
    assert "sam" not in failed.detail and "a-wrong-guess" not in failed.detail
    assert failed.ip_hash and failed.ip_hash != "127.0.0.1"


def test_refused_access_is_audited(person_client, person):
    person_client.get("/coach/")
    event = AuditEvent.objects.get(action="access_refused")
    assert (event.actor_id, event.actor_role, event.detail) == (person.user.pk, "person", "/coach/")


def test_audit_entries_cannot_be_edited_through_the_model(person_client):
    person_client.get("/coach/")
    event = AuditEvent.objects.get(action="access_refused")
    event.detail = "rewritten"
    with pytest.raises(ValueError):
        event.save()


@pytest.mark.postgres
def test_the_database_refuses_update_and_delete_on_the_audit_log(person_client):
    person_client.get("/coach/")
    for change in (
        lambda: AuditEvent.objects.update(detail="rewritten"),
        lambda: AuditEvent.objects.all().delete(),
    ):
        with pytest.raises((IntegrityError, InternalError, ProgrammingError)), transaction.atomic():
            change()
    assert AuditEvent.objects.get(action="access_refused").detail == "/coach/"


def test_healthz_is_public_and_cheap(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content.startswith(b"database: ok\n")


def _run(env: dict, *command: str) -> subprocess.CompletedProcess:
    """A command in a fresh process with only `env`, as a server would start it."""
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_production_settings_pass_check_deploy_from_the_environment_alone():
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "MFA_SECRET_KEYS": secrets.token_urlsafe(60),
        "DJANGO_ALLOWED_HOSTS": "coaching.example.org",
    }
    result = _run(env, sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_without_a_second_factor_key_fails_check_deploy_and_will_not_serve():
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DJANGO_ALLOWED_HOSTS": "coaching.example.org",
    }
    result = _run(env, sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0 and "MFA_SECRET_KEYS" in result.stderr
    result = _run(
        env, sys.executable, "-m", "gunicorn", "--check-config", "mayday.wsgi:application"
    )
    assert result.returncode != 0 and "MFA_SECRET_KEYS" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {"PATH": os.environ["PATH"], "DJANGO_ALLOWED_HOSTS": "coaching.example.org"}
    result = _run(
        env, sys.executable, "-m", "gunicorn", "--check-config", "mayday.wsgi:application"
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_commands_that_sign_nothing_run_without_a_secret_key():
    env = {"PATH": os.environ["PATH"]}
    result = _run(env, sys.executable, "manage.py", "makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_check_deploy_without_a_secret_key_fails():
    env = {"PATH": os.environ["PATH"], "DJANGO_ALLOWED_HOSTS": "coaching.example.org"}
    result = _run(env, sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_a_database_outage_is_a_plain_503_not_a_server_error(rf, settings):
    from django.db import OperationalError

    from coaching.views.accounts import server_error

    try:
        raise OperationalError("the server closed the connection")
    except OperationalError:
        response = server_error(rf.get("/coach/"))
    assert response.status_code == 503 and response["Retry-After"] == "10"
    assert b"nothing was saved" in response.content
    assert f'<a href="{settings.QUICK_EXIT_URL}" rel="noreferrer">Quick exit'.encode() in (
        response.content
    )


def test_any_other_failure_is_a_kind_500(rf, settings):
    from coaching.views.accounts import server_error

    try:
        raise RuntimeError("bug")
    except RuntimeError:
        response = server_error(rf.get("/coach/"))
    assert response.status_code == 500
    assert b"not your fault" in response.content
    assert settings.QUICK_EXIT_URL.encode() in response.content


def test_another_coachs_person_is_refused_and_audited(coach_client, coach, other_person):
    response = coach_client.get(reverse("coaching:person", args=[other_person.pk]))
    assert response.status_code == 404
    event = AuditEvent.objects.get(action="access_refused")
    assert (event.actor_id, event.detail) == (coach.pk, f"/coach/people/{other_person.pk}/")


def test_guessing_invitation_codes_is_rate_limited(client, db, settings):
    settings.INVITATION_ATTEMPTS_PER_HOUR = 3
    strong = "kettle-on-the-hob-42"  # a good password: the code is what is tried
    data = {"code": "ABCD-2345", "username": "guesser", "password1": strong, "password2": strong}
    answers = [client.post(reverse("invitation_redeem"), data).status_code for _ in range(5)]
    assert answers == [200, 200, 200, 429, 429]


def test_budget_decisions_and_payments_are_audited(coach, person, manager):
    from decimal import Decimal

    from budgets import services as budget_services
    from budgets.models import Fund, PaymentMethod

    fund = Fund.objects.create(
        name="Flexible fund",
        funder="A trust",
        total=Decimal("1000"),
        coach_limit=Decimal("100"),
        starts_on=timezone.localdate() - timedelta(days=30),
        ends_on=timezone.localdate() + timedelta(days=300),
    )
    request = budget_services.request_raise(
        person=person,
        by=person.user,
        purpose="Driving lessons",
        amount=Decimal("250"),
        payment_method=PaymentMethod.SUPPLIER,
    )
    request = budget_services.request_approve(budget_request=request, fund=fund, by=manager)
    budget_services.payment_record(
        budget_request=request,
        by=manager,
        amount=Decimal("240"),
        paid_on=timezone.localdate(),
        method=PaymentMethod.SUPPLIER,
    )
    events = AuditEvent.objects.filter(object_type="budgets.budgetrequest").order_by("pk")
    assert [(e.action, e.detail, e.actor_id) for e in events] == [
        ("budget_decided", "approved", manager.pk),
        ("budget_paid", "", manager.pk),
    ]


def test_quick_exit_signs_out_and_leaves_no_signed_out_message(client, person):
    client.force_login(person.user)
    assert client.post("/leave/").status_code == 204
    response = client.get("/me/")
    # Signed out; the sign-in page names no page of the record and says nothing of it.
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    page = client.get(response["Location"])
    assert "signed out" not in page.content.decode().lower()


def test_a_coach_page_still_returns_there_after_signing_in(client, person):
    response = client.get(f"/coach/people/{person.pk}/")
    assert response["Location"] == f"/accounts/login/?next=/coach/people/{person.pk}/"
