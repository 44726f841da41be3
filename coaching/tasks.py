"""The worker's regular tasks, enqueued by the clock (`manage.py clock`): a heartbeat
every minute, which `/healthz` reads, and housekeeping once a day. (Emails are tasks
too: coaching/notify.py.)"""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from coaching import services
from coaching.sent_once import KEEP_KEYS_FOR, forget_older_than

HEARTBEAT_EVERY = timedelta(minutes=1)
HOUSEKEEPING_EVERY = timedelta(days=1)
# Finished tasks (which email went to which sign-in, when) are kept this long.
TASK_RESULT_KEEP_DAYS = 14


@task()
def heartbeat() -> None:
    """Nothing to do: that the worker ran it, and when, is the heartbeat."""


@task()
def housekeeping() -> dict[str, int]:
    """Delete what is kept no longer than it is needed. (The managers' figures are
    brought up to date by database triggers as things are written, so none needs
    counting again here.)"""
    sessions, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    call_command("prune_db_task_results", min_age_days=TASK_RESULT_KEEP_DAYS, verbosity=0)
    return {
        "expired sessions": sessions,
        "untaken requests": services.forget_untaken_requests(
            keep_days=settings.COACH_REQUEST_KEEP_DAYS
        ),
        "sent form keys": forget_older_than(KEEP_KEYS_FOR),
    }


def enqueue_due(now: datetime | None = None) -> list[str]:
    """The clock's tick: a heartbeat unless one is already waiting (so a stopped worker
    does not pile them up), and housekeeping when a day has passed since the last one
    was enqueued. Returns the names of the tasks enqueued."""
    now = now or timezone.now()
    results = DBTaskResult.objects.all()
    enqueued = []
    if not results.filter(task_path=heartbeat.module_path, status=TaskResultStatus.READY).exists():
        heartbeat.enqueue()
        enqueued.append("heartbeat")
    if not results.filter(
        task_path=housekeeping.module_path, enqueued_at__gt=now - HOUSEKEEPING_EVERY
    ).exists():
        housekeeping.enqueue()
        enqueued.append("housekeeping")
    return enqueued


def last_heartbeat() -> datetime | None:
    """When the worker last ran a heartbeat, or None if it never has."""
    return (
        DBTaskResult.objects.filter(
            task_path=heartbeat.module_path, status=TaskResultStatus.SUCCESSFUL
        )
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )
