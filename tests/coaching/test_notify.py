"""Emails go through the worker: no request waits for the mail server, and an email
sent while the mail server is down is delivered once it is back."""

from datetime import timedelta

import time_machine
from django.tasks import TaskResultStatus
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from coaching.notify import email_user, retry_wait
from tests.conftest import run_tasks
from tests.smtp_sink import SMTPSink


def smtp_to(port: int):
    backend = "django.core.mail.backends.smtp.EmailBackend"
    options = {"host": "127.0.0.1", "port": port, "timeout": 5}
    return override_settings(MAILERS={"default": {"BACKEND": backend, "OPTIONS": options}})


def emails_waiting():
    return DBTaskResult.objects.filter(
        task_path=email_user.module_path, status=TaskResultStatus.READY
    )


def test_an_email_sent_while_the_mail_server_is_down_is_delivered_when_it_is_back(
    person_client,
):
    sink = SMTPSink().start()
    sink.stop()
    with smtp_to(sink.port):
        response = person_client.post(
            reverse("coaching:me_decide", args=["pause"]), {"reason": "Exams"}
        )
        # The request did not wait: it never tried the mail server, it left a task.
        assert response.status_code == 302
        (waiting,) = emails_waiting()
        assert waiting.started_at is None

        run_tasks()  # the server is down: the attempt fails and a later one waits
        (retry,) = emails_waiting()
        assert retry.run_after > timezone.now() + timedelta(seconds=50)
        assert DBTaskResult.objects.get(pk=waiting.pk).status == TaskResultStatus.FAILED

        sink = SMTPSink(sink.port).start()
        try:
            run_tasks()
            assert sink.messages == []  # not before its wait is over
            with time_machine.travel(retry.run_after + timedelta(seconds=1)):
                run_tasks()
        finally:
            sink.stop()
    ((message, recipients),) = sink.messages
    assert recipients == ["meg@example.org"]
    assert message["Subject"] == "One of your people has paused coaching"
    assert not emails_waiting().exists()


def test_each_retry_waits_twice_as_long_up_to_an_hour():
    waits = [retry_wait(attempt) for attempt in range(1, 10)]
    assert waits[:3] == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]
    assert waits[-1] == timedelta(hours=1) and max(waits) == timedelta(hours=1)
