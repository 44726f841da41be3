"""Reach my coach, my rhythm and my ways, and what helps a person communicate."""

import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from coaching import services
from coaching.export import gather
from coaching.models import AccessLogEntry, Activity, ContactAsk, KeepingInTouch
from coaching.sent_once import FIELD
from coaching.views.in_touch import ASKS_PER_DAY
from tests.conftest import make_person, run_tasks

REACH = reverse("coaching:me_reach")
HOME = reverse("coaching:coach_home")


@pytest.fixture(autouse=True)
def _fresh_limits(db):
    cache.clear()


def _rhythm(person, rhythm: str, **answers):
    fields = dict.fromkeys(KeepingInTouch.FIELDS, False)
    fields.update(rhythm=rhythm, best_times="", language="", other_needs="", **answers)
    services.keeping_in_touch_save(person=person, answers=fields, by=person.user)


def _last_contact(person, coach, days_ago: int):
    when = timezone.now() - timedelta(days=days_ago)
    services.contact_log(
        person=person, coach=coach, fields={"channel": "phone", "occurred_at": when}
    )


def _quiet(coach_client) -> dict[str, bool]:
    rows = coach_client.get(HOME).context["page"].object_list
    return {row["name"]: row["stepped_back"] for row in rows}


def test_an_ask_reaches_the_coachs_feed_and_a_nameless_email(client, person):
    client.force_login(person.user)
    response = client.post(
        REACH, {"how": "call", "when_suits": "After 3pm", "words": "About my flat"}
    )
    assert response.status_code == 302
    assert mail.outbox == []  # the request does not wait for the mail server
    run_tasks()
    ask = ContactAsk.objects.get(person=person)
    assert (ask.how, ask.when_suits, ask.words) == ("call", "After 3pm", "About my flat")
    assert Activity.objects.filter(person=person, kind="asked_to_hear").exists()
    (email,) = mail.outbox
    assert email.subject == "One of your people has asked their coach to get in touch"
    assert "Sam" not in email.body + email.subject and "flat" not in email.body


def test_the_coach_answers_and_the_person_sees_it(client, coach, person):
    ask = services.contact_ask_make(person=person, how="text", words="Can you text me?")
    client.force_login(coach)
    page = client.get(person.get_absolute_url()).content.decode()
    assert "Sam asked you to get in touch" in page and "Can you text me?" in page
    client.post(reverse("coaching:ask_answered", args=[ask.pk]))
    ask.refresh_from_db()
    assert ask.answered_by == coach and ask.answered_at is not None
    assert (
        "Sam asked you to get in touch"
        not in client.get(person.get_absolute_url()).content.decode()
    )

    client.force_login(person.user)
    me = client.get(reverse("coaching:me")).content.decode()
    assert "<strong>Answered</strong>" in me


def test_answering_answers_earlier_open_asks_too_and_a_second_press_is_told(client, coach, person):
    first = services.contact_ask_make(person=person, how="call")
    second = services.contact_ask_make(person=person, how="meet")
    client.force_login(coach)
    client.post(reverse("coaching:ask_answered", args=[second.pk]))
    assert not ContactAsk.objects.filter(answered_at__isnull=True).exists()
    assert first.pk != second.pk
    response = client.post(reverse("coaching:ask_answered", args=[second.pk]), follow=True)
    assert b"already marked answered" in response.content


def test_another_coach_gets_404_for_an_ask_and_a_persons_ways(client, outsider, person):
    ask = services.contact_ask_make(person=person, how="call")
    client.force_login(outsider)
    assert client.post(reverse("coaching:ask_answered", args=[ask.pk])).status_code == 404
    url = reverse("coaching:keeping_in_touch", args=[person.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"rhythm": "week", "person_decided": "on"}).status_code == 404
    ask.refresh_from_db()
    assert ask.answered_at is None and not KeepingInTouch.objects.filter(rhythm="week").exists()


def test_asking_twice_with_one_key_makes_one_ask(client, person):
    client.force_login(person.user)
    key = str(uuid.uuid4())
    for _ in range(2):
        assert client.post(REACH, {"how": "call", FIELD: key}).status_code == 302
    assert ContactAsk.objects.filter(person=person).count() == 1


def test_asks_are_limited_a_day_and_the_words_stay(client, person):
    client.force_login(person.user)
    for _ in range(ASKS_PER_DAY):
        assert client.post(REACH, {"how": "call"}).status_code == 302
    response = client.post(REACH, {"how": "call", "words": "Please ring"})
    assert response.status_code == 429
    assert "please try again tomorrow" in response.content.decode()
    assert "Please ring" in response.content.decode()
    assert ContactAsk.objects.filter(person=person).count() == ASKS_PER_DAY


def test_bad_input_saves_nothing_and_says_why(client, person):
    client.force_login(person.user)
    response = client.post(REACH, {"how": "shout", "words": "x" * 501})
    assert response.status_code == 200
    assert "Please choose one of the options given." in response.content.decode()
    assert not ContactAsk.objects.exists()


def test_after_coaching_ends_no_ask_is_taken(client, person):
    person.current_relationship.end(by=person.user)
    client.force_login(person.user)
    response = client.post(REACH, {"how": "call"})
    assert "Your coaching has ended" in response.content.decode()
    assert not ContactAsk.objects.exists()


def test_the_database_refuses_an_unknown_way_and_a_rhythm_it_does_not_know(person):
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactAsk.objects.create(person=person, how="pigeon")
    with pytest.raises(IntegrityError), transaction.atomic():
        KeepingInTouch.objects.create(person=person, rhythm="hourly")


def test_quiet_follows_the_persons_own_rhythm(coach_client, coach):
    for name, rhythm, days in [
        ("Ash", "", 50),  # not said: the organisation's 42 days
        ("Bo", "two_months", 50),
        ("Cy", "two_months", 70),
        ("Di", "week", 10),
        ("Ed", "when_i_ask", 400),
    ]:
        person = make_person(name, coach)
        if rhythm:
            _rhythm(person, rhythm)
        _last_contact(person, coach, days)
    assert _quiet(coach_client) == {
        "Ash": True,
        "Bo": False,
        "Cy": True,
        "Di": True,
        "Ed": False,
    }


def test_the_person_says_their_rhythm_ways_and_needs(client, coach, person):
    client.force_login(person.user)
    response = client.post(
        reverse("coaching:me_keeping_in_touch"),
        {
            "rhythm": "two_months",
            "ways": ["by_voice_note"],
            "best_times": "Evenings",
            "needs": ["interpreter", "easy_read"],
            "language": "Polish",
            "other_needs": "Short messages",
        },
    )
    assert response.status_code == 302
    kept = KeepingInTouch.objects.get(person=person)
    assert kept.rhythm == "two_months" and kept.by_voice_note and not kept.by_phone
    assert kept.needs() == ["An interpreter (Polish)", "Easy read", "Short messages"]
    assert Activity.objects.filter(person=person, kind="in_touch_changed").exists()

    client.force_login(coach)
    page = client.get(person.get_absolute_url()).content.decode()
    form = client.get(reverse("coaching:contact_new", args=[person.pk])).content.decode()
    for shown in (page, form):
        assert "Helps Sam communicate:" in shown
        assert "An interpreter (Polish), Easy read, Short messages" in shown
        assert "voice note (Evenings)" in shown


def test_the_coach_writes_it_down_with_them_and_the_view_is_logged(client, coach, person):
    client.force_login(coach)
    url = reverse("coaching:keeping_in_touch", args=[person.pk])
    refused = client.post(url, {"rhythm": "week"})
    assert "Tick the box to confirm they did." in refused.content.decode()
    assert not KeepingInTouch.objects.exists()
    client.post(url, {"rhythm": "week", "ways": ["in_person"], "person_decided": "on"})
    kept = KeepingInTouch.objects.get(person=person)
    assert kept.rhythm == "week" and kept.in_person and kept.updated_by == coach
    # The coach's own record of it is not news to the coach.
    assert not Activity.objects.filter(person=person, kind="in_touch_changed").exists()
    assert AccessLogEntry.objects.filter(
        person=person, what__startswith="how you like to keep in touch"
    ).exists()


def test_the_person_sees_their_coachs_work_phone_and_hours(client, coach, person):
    client.force_login(coach)
    client.post(
        reverse("coaching:work_contact"),
        {"work_phone": "0113 496 0000", "work_hours": "Monday to Thursday"},
    )
    client.force_login(person.user)
    me = client.get(reverse("coaching:me")).content.decode()
    assert 'href="tel:0113 496 0000"' in me and "Meg works: Monday to Thursday" in me


def test_asks_and_ways_are_in_the_download_and_go_with_erasure(coach, person, manager):
    services.contact_ask_make(person=person, how="voice_note", words="Send a voice note")
    _rhythm(person, "month", by_text=True)
    sections = {section.key: section for section in gather(person)}
    assert sections["asks_to_get_in_touch"].rows[0]["in_your_words"] == "Send a voice note"
    assert sections["keeping_in_touch"].rows[0]["how_often"] == "Every month"
    assert sections["keeping_in_touch"].rows[0]["ways_that_suit"] == ["Text message"]
    what_you_did = [row["what"] for row in sections["what_you_did"].rows]
    assert "You asked your coach to get in touch" in what_you_did

    deletion = services.deletion_request_make(person=person, by=person.user)
    services.person_erase(deletion=deletion, by=manager)
    assert not ContactAsk.objects.exists() and not KeepingInTouch.objects.exists()
