"""The demo organisation reads like a real one, whenever it is made."""

import io
from datetime import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from coaching.models import Contact


@pytest.mark.parametrize("made_at", ["2026-11-28 04:30", "2026-06-15 22:10"])
def test_meetings_and_calls_happen_in_the_day(db, made_at):
    moment = timezone.make_aware(datetime.fromisoformat(made_at))
    with time_machine.travel(moment, tick=False):
        call_command("demo_data", stdout=io.StringIO())
    contacts = Contact.objects.values_list("channel", "occurred_at")
    hours = {timezone.localtime(at).hour for channel, at in contacts if channel != "voice_note"}
    assert hours and min(hours) >= 9 and max(hours) <= 17
    assert all(at < moment for _, at in contacts)
