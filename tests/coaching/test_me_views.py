"""The person's own pages: their coaching, their choice."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from coaching import services
from coaching.models import AccessLogEntry, RelationshipEvent
from tests.conftest import make_coach


def test_person_sees_their_coach_and_since_when(person_client, coach):
    response = person_client.get(reverse("coaching:me"))
    page = response.content.decode()
    assert response.status_code == 200
    assert f"Your coach, <strong>{coach.display_name}</strong>, since" in page


def test_person_pauses_with_an_until_date_and_their_own_words(person_client, person):
    until = timezone.localdate() + timedelta(days=21)
    url = reverse("coaching:me_decide", args=["pause"])
    assert person_client.get(url).status_code == 200
    response = person_client.post(url, {"until": until.isoformat(), "reason": "Exams"}, follow=True)
    assert "Coaching is paused" in response.content.decode()
    event = RelationshipEvent.objects.filter(relationship__person=person).first()
    assert (event.kind, event.paused_until, event.reason) == ("paused", until, "Exams")
    assert (event.recorded_by, event.person_decided) == (person.user, True)


def test_paused_person_still_sees_their_record_and_can_resume(person_client, person):
    person.current_relationship.pause(by=person.user)
    response = person_client.get(reverse("coaching:me"))
    assert "Resume coaching" in response.content.decode()
    person_client.post(reverse("coaching:me_decide", args=["resume"]), {})
    person.current_relationship.refresh_from_db()
    assert person.current_relationship.state == "active"


def test_person_ends_and_restarts_with_history_kept(person_client, person, coach):
    services.contact_log(
        person=person, coach=coach, fields={"channel": "phone", "notes": "Still here"}
    )
    person_client.post(reverse("coaching:me_decide", args=["end"]), {"reason": "All sorted"})
    response = person_client.get(reverse("coaching:me"))
    page = response.content.decode()
    assert "Still here" in page and "Restart coaching" in page
    person_client.post(reverse("coaching:me_decide", args=["restart"]), {})
    kinds = RelationshipEvent.objects.filter(relationship__person=person).order_by("occurred_at")
    assert [e.kind for e in kinds] == ["began", "ended", "restarted"]


@pytest.mark.parametrize("until", ["2001-01-01", "not a date", "2999-12-31"])
def test_bad_pause_date_gets_a_message_and_changes_nothing(person_client, person, until):
    response = person_client.post(reverse("coaching:me_decide", args=["pause"]), {"until": until})
    assert response.status_code == 200
    assert response.context["form"].errors["until"]
    person.current_relationship.refresh_from_db()
    assert person.current_relationship.state == "active"


def test_a_step_that_does_not_apply_is_explained_not_taken(person_client, person):
    response = person_client.post(reverse("coaching:me_decide", args=["resume"]), {}, follow=True)
    assert "That step does not apply right now." in response.content.decode()
    assert RelationshipEvent.objects.filter(relationship__person=person).count() == 1


def test_unknown_step_is_404(person_client):
    assert person_client.get(reverse("coaching:me_decide", args=["close"])).status_code == 404


def test_person_sees_a_handover_and_their_new_coach(person_client, person, coach):
    tom = make_coach("tom", first_name="Tom")
    person.current_relationship.hand_over(by=coach, to_coach=tom)
    page = person_client.get(reverse("coaching:me")).content.decode()
    assert "Your coach, <strong>Tom</strong>" in page
    assert "Tom became your coach" in page


def test_person_sees_only_their_own_story(person_client, coach, other_person, outsider):
    services.contact_log(
        person=other_person, coach=outsider, fields={"channel": "phone", "notes": "Jordan's notes"}
    )
    page = person_client.get(reverse("coaching:me")).content.decode()
    assert "Jordan" not in page


def test_person_viewing_their_record_is_not_a_staff_view(person_client, person):
    person_client.get(reverse("coaching:me"))
    assert not AccessLogEntry.objects.exists()


def test_staff_get_403_on_me_pages(coach_client):
    assert coach_client.get(reverse("coaching:me")).status_code == 403


def test_me_pages_carry_a_quick_exit(person_client):
    assert b"data-quick-exit" in person_client.get(reverse("coaching:me")).content


def test_me_pages_are_never_cached(person_client):
    response = person_client.get(reverse("coaching:me"))
    assert "no-store" in response["Cache-Control"]
