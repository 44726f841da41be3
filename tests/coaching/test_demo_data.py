"""The demo organisation reads like a real one, whenever it is made."""

import io
from datetime import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from budgets.models import Fund
from coaching.demo import PARTS
from coaching.models import Activity, Contact, User
from outcomes.models import Outcome
from tests.conftest import run_tasks


@pytest.mark.parametrize("made_at", ["2026-11-28 04:30", "2026-06-15 22:10"])
def test_meetings_and_calls_happen_in_the_day(db, made_at):
    moment = timezone.make_aware(datetime.fromisoformat(made_at))
    with time_machine.travel(moment, tick=False):
        call_command("demo_data", stdout=io.StringIO())
    contacts = Contact.objects.values_list("channel", "occurred_at")
    hours = {timezone.localtime(at).hour for channel, at in contacts if channel != "voice_note"}
    assert hours and min(hours) >= 9 and max(hours) <= 17
    assert all(at < moment for _, at in contacts)


def test_the_demo_emails_no_one(db, mailoutbox):
    """Its made-up pauses, endings and budget requests would each email a coach; a
    demo loaded beside a real mail server must send nothing."""
    call_command("demo_data", stdout=io.StringIO())
    run_tasks()
    assert Activity.objects.filter(kind__in=Activity.IMPORTANT).exists()
    assert mailoutbox == []


def test_each_app_adds_its_part_of_the_demo_in_order(db):
    """Coaching offers the place (coaching/demo.py); budgets and outcomes fill it from
    their own demo modules, so coaching's command imports neither."""
    out = io.StringIO()
    call_command("demo_data", stdout=out)
    assert [part.load.__module__ for part in sorted(PARTS, key=lambda p: p.order)] == [
        "coaching.management.commands.demo_data",
        "budgets.demo",
        "outcomes.demo",
    ]
    assert Fund.objects.exists() and Outcome.objects.exists()
    assert "Demo sign-ins (password for all: walk-alongside-2026)" in out.getvalue()
    # A sign-in another app makes is printed with coaching's, and it works.
    assert "commissioner: commissioner@example.org" in out.getvalue()
    assert User.objects.filter(email="commissioner@example.org", role="commissioner").exists()
