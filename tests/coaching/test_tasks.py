"""The worker's regular tasks: the clock's heartbeat that /healthz reads, and the
daily housekeeping."""

import io
import uuid
from datetime import timedelta

import time_machine
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from coaching import services
from coaching.models import CoachRequest, SentForm
from coaching.tasks import enqueue_due, heartbeat, housekeeping
from tests.conftest import run_tasks


def healthz(client) -> str:
    response = client.get("/healthz")
    assert response.status_code == 200
    return response.content.decode()


def test_healthz_reports_the_database_and_when_the_worker_last_ran_a_heartbeat(client, db):
    assert healthz(client) == "database: ok\nworker: no heartbeat yet\n"
    call_command("clock", "--once", stdout=io.StringIO())
    assert "no heartbeat yet" in healthz(client)  # enqueued, not yet run
    ran_at = timezone.now()
    with time_machine.travel(ran_at, tick=False):
        run_tasks()
    with time_machine.travel(ran_at + timedelta(minutes=4), tick=False):
        assert healthz(client) == "database: ok\nworker: ok, last heartbeat 240 seconds ago\n"
    with time_machine.travel(ran_at + timedelta(minutes=6), tick=False):
        assert healthz(client) == "database: ok\nworker: late, last heartbeat 360 seconds ago\n"


def test_a_stopped_worker_gets_one_waiting_heartbeat_and_one_housekeeping_a_day(db):
    assert enqueue_due() == ["heartbeat", "housekeeping"]
    assert enqueue_due() == []
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        assert enqueue_due() == ["housekeeping"]
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    assert waiting.filter(task_path=heartbeat.module_path).count() == 1


def test_housekeeping_deletes_only_what_is_past_keeping(coach):
    now = timezone.now()
    expired, current = SessionStore(), SessionStore()
    for session in (expired, current):
        session.create()
    Session.objects.filter(pk=expired.session_key).update(expire_date=now - timedelta(days=1))
    services.coach_request_create(
        fields={"name": "Kez", "reach_by": "phone", "reach_details": "07700 900123"},
        team=coach.team,
    )
    CoachRequest.objects.update(created_at=now - timedelta(days=91))
    services.coach_request_create(
        fields={"name": "Ali", "reach_by": "phone", "reach_details": "07700 900124"},
        team=coach.team,
    )
    old_key, new_key = uuid.uuid4(), uuid.uuid4()
    SentForm.objects.create(key=old_key, sent_at=now - timedelta(days=31), result_url="/")
    SentForm.objects.create(key=new_key, result_url="/")
    heartbeat.enqueue()
    run_tasks()
    DBTaskResult.objects.update(finished_at=now - timedelta(days=15))
    heartbeat.enqueue()
    run_tasks()

    housekeeping.enqueue()
    run_tasks()

    assert list(Session.objects.values_list("pk", flat=True)) == [current.session_key]
    assert list(CoachRequest.objects.values_list("name", flat=True)) == ["Ali"]
    assert list(SentForm.objects.values_list("key", flat=True)) == [new_key]
    kept = DBTaskResult.objects.values_list("task_path", flat=True)
    assert sorted(kept) == sorted([heartbeat.module_path, housekeeping.module_path])
    done = DBTaskResult.objects.get(task_path=housekeeping.module_path)
    assert done.status == TaskResultStatus.SUCCESSFUL
    assert done.return_value == {"expired sessions": 1, "untaken requests": 1, "sent form keys": 1}
