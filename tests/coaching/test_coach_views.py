from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from coaching import handovers, services
from coaching.models import (
    AccessLogEntry,
    Contact,
    Goal,
    InvalidTransition,
    RelationshipEvent,
    Strength,
)
from coaching.views.coach import PEOPLE_PER_PAGE
from tests.conftest import make_coach, make_person


def test_coach_home_lists_only_their_people(coach_client, person, other_person):
    response = coach_client.get(reverse("coaching:coach_home"))
    assert response.status_code == 200
    names = [p["name"] for p in response.context["page"].object_list]
    assert names == ["Sam"]


def test_coach_home_searches_by_name_and_filters_by_state(coach_client, coach, person):
    make_person("Samira", coach).current_relationship.pause(by=coach)
    make_person("Jo", coach)
    response = coach_client.get(reverse("coaching:coach_home"), {"q": "sam"})
    assert [p["name"] for p in response.context["page"].object_list] == ["Sam", "Samira"]
    response = coach_client.get(reverse("coaching:coach_home"), {"state": "paused"})
    assert [p["name"] for p in response.context["page"].object_list] == ["Samira"]


def test_ended_people_are_kept_out_of_now_but_found_under_ended(coach_client, person):
    person.current_relationship.end(by=person.user)
    now = coach_client.get(reverse("coaching:coach_home"))
    assert list(now.context["page"].object_list) == []
    ended = coach_client.get(reverse("coaching:coach_home"), {"state": "ended"})
    assert [p["name"] for p in ended.context["page"].object_list] == ["Sam"]


def test_a_long_silence_shows_a_gentle_mark_not_a_status(coach_client, coach, person):
    long_ago = timezone.now() - timedelta(days=100)
    services.contact_log(
        person=person, coach=coach, fields={"channel": "phone", "occurred_at": long_ago}
    )
    response = coach_client.get(reverse("coaching:coach_home"))
    listed = response.context["page"].object_list[0]
    assert listed["stepped_back"] is True
    assert b"Quiet for a while" in response.content
    person.current_relationship.refresh_from_db()
    assert person.current_relationship.state == "active"


def test_recent_contact_is_not_stepped_back(coach_client, coach, person):
    services.contact_log(person=person, coach=coach, fields={"channel": "phone"})
    response = coach_client.get(reverse("coaching:coach_home"))
    assert response.context["page"].object_list[0]["stepped_back"] is False


def test_a_row_of_the_coach_s_list_escapes_what_was_typed(coach_client, coach):
    """The rows are built in Python (coaching_tags.person_row), not by the template's
    autoescaping: a name and an area are text, whatever they hold."""
    person = make_person('<img src=x onerror="alert(1)">', coach, area="Leeds & <b>Bradford</b>")
    services.contact_log(person=person, coach=coach, fields={"channel": "phone"})
    page = coach_client.get(reverse("coaching:coach_home")).content.decode()
    assert "<img src=x" not in page and "<b>Bradford" not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page
    assert "Leeds &amp; &lt;b&gt;Bradford&lt;/b&gt;" in page
    assert '<span class="badge badge--active">Active</span>' in page
    assert "just now" in page


def test_unknown_state_filter_falls_back_to_now(coach_client, person):
    response = coach_client.get(reverse("coaching:coach_home"), {"state": "<script>"})
    assert response.status_code == 200
    assert response.context["state"] == "now"


def test_person_page_shows_timeline_and_logs_the_view(coach_client, coach, person):
    services.contact_log(
        person=person, coach=coach, fields={"channel": "phone", "notes": "Talked about the flat"}
    )
    response = coach_client.get(reverse("coaching:person", args=[person.pk]))
    assert response.status_code == 200
    assert b"Talked about the flat" in response.content
    assert b"Coaching began with" in response.content
    entry = AccessLogEntry.objects.get(person=person)
    assert (entry.viewer, entry.viewer_role, entry.as_cover) == (coach, "coach", False)


def test_another_coachs_person_is_404(coach_client, other_person):
    for url in [
        reverse("coaching:person", args=[other_person.pk]),
        reverse("coaching:contact_new", args=[other_person.pk]),
        reverse("coaching:record_decision", args=[other_person.pk, "pause"]),
        reverse("coaching:hand_over", args=[other_person.pk]),
    ]:
        assert coach_client.get(url).status_code == 404, url
    assert AccessLogEntry.objects.count() == 0


def test_another_coachs_contact_is_404(coach_client, outsider, other_person):
    contact = services.contact_log(person=other_person, coach=outsider, fields={"channel": "phone"})
    assert coach_client.get(reverse("coaching:contact_edit", args=[contact.pk])).status_code == 404


def test_after_handover_the_old_coach_gets_404(coach_client, coach, person):
    person.current_relationship.hand_over(by=coach, to_coach=make_coach("tom"))
    assert coach_client.get(reverse("coaching:person", args=[person.pk])).status_code == 404


@pytest.mark.parametrize("url_name", ["coaching:coach_home", "coaching:person_new"])
def test_people_and_managers_cannot_reach_coach_pages(client, person, manager, url_name):
    client.force_login(person.user)
    assert client.get(reverse(url_name)).status_code == 403
    client.force_login(manager)
    assert client.get(reverse(url_name)).status_code == 403


def test_a_person_gets_403_on_a_coach_person_page(person_client, person):
    assert person_client.get(reverse("coaching:person", args=[person.pk])).status_code == 403


def test_anonymous_is_sent_to_sign_in(client, person):
    response = client.get(reverse("coaching:person", args=[person.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_coach_records_the_persons_decision_to_pause(coach_client, coach, person):
    url = reverse("coaching:record_decision", args=[person.pk, "pause"])
    response = coach_client.post(url, {"reason": "Holiday with family", "person_decided": "on"})
    assert response.status_code == 302
    event = RelationshipEvent.objects.filter(relationship__person=person).first()
    assert (event.kind, event.recorded_by, event.person_decided) == ("paused", coach, True)


def test_coach_cannot_record_a_decision_without_confirming_it_was_the_persons(coach_client, person):
    url = reverse("coaching:record_decision", args=[person.pk, "end"])
    response = coach_client.post(url, {"reason": "No contact"})
    assert response.status_code == 200
    assert "Only Sam can decide this" in response.content.decode()
    person.current_relationship.refresh_from_db()
    assert person.current_relationship.state == "active"


def test_unknown_decision_is_404(coach_client, person):
    url = reverse("coaching:record_decision", args=[person.pk, "close"])
    assert coach_client.get(url).status_code == 404


def test_recording_a_decision_that_no_longer_applies_changes_nothing(coach_client, person):
    url = reverse("coaching:record_decision", args=[person.pk, "resume"])
    response = coach_client.post(url, {"person_decided": "on"}, follow=True)
    assert "Coaching is not paused now." in response.content.decode()
    assert RelationshipEvent.objects.filter(relationship__person=person).count() == 1


def test_hand_over_to_another_coach(coach_client, coach, person):
    tom = make_coach("tom")
    response = coach_client.post(
        reverse("coaching:hand_over", args=[person.pk]), {"to_coach": tom.pk}
    )
    assert response.status_code == 302
    person.current_relationship.refresh_from_db()
    assert person.current_relationship.coach == tom


def test_hand_over_to_an_unknown_coach_is_a_form_error(coach_client, person):
    response = coach_client.post(
        reverse("coaching:hand_over", args=[person.pk]), {"to_coach": 99999}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["to_coach"]


def test_add_a_person_begins_coaching(coach_client, coach):
    response = coach_client.post(
        reverse("coaching:person_new"),
        {"name": "Kayleigh", "area": "Leeds", "asked_by_person": "on"},
    )
    person = coach.relationships.get().person
    assert response.url == person.get_absolute_url()
    event = person.current_relationship.events.get()
    assert (event.kind, event.asked_by_person, event.coach) == ("began", True, coach)


def test_add_a_person_needs_a_name(coach_client, coach):
    response = coach_client.post(reverse("coaching:person_new"), {"name": "   "})
    assert response.status_code == 200
    assert "Please check the form" in response.content.decode()
    assert not coach.relationships.exists()


def test_coach_home_query_count_does_not_grow_with_people(
    coach_client, coach, django_assert_num_queries
):
    def load():
        coach_client.get(reverse("coaching:coach_home"))

    make_person("A", coach, with_login=False)
    # session, user with their second factor and their last look at the feed, the
    # people (all on one page: no count); the team inbox, and who asks for a different
    # coach; the feed's items, new mark.
    with django_assert_num_queries(7):
        load()
    for index in range(PEOPLE_PER_PAGE):
        person = make_person(f"P{index}", coach, with_login=False)
        services.contact_log(person=person, coach=coach, fields={"channel": "phone"})
    # More than a page: one count too, and no more however many. Within a minute of
    # the first look the feed's mark stays as it is (no new mark).
    with django_assert_num_queries(7) as few:
        load()
    for index in range(PEOPLE_PER_PAGE):
        make_person(f"Q{index}", coach, with_login=False)
    with django_assert_num_queries(len(few.captured_queries)):
        load()


def test_person_page_query_count_does_not_grow_with_contacts(
    coach_client, coach, person, django_assert_num_queries
):
    url = reverse("coaching:person", args=[person.pk])
    services.contact_log(person=person, coach=coach, fields={"channel": "phone"})
    # The session, the user, the person, the access log's entry, and one read of all
    # the page shows (coaching.timeline.person_page).
    with django_assert_num_queries(5):
        coach_client.get(url)
    # The same on every view: nothing is cached between them.
    with django_assert_num_queries(5):
        coach_client.get(url)
    for index in range(45):
        services.contact_log(person=person, coach=coach, fields={"channel": "text", "notes": "hi"})
        for model in (Goal, Strength):
            services.own_words_add(
                model=model, person=person, text=f"{index}", by=coach, with_coach=True
            )
    person.current_relationship.pause(by=person.user)
    # A longer story is never counted.
    with django_assert_num_queries(5):
        page = coach_client.get(url)
    # A later page of the story: the same, from where the first page stopped.
    with django_assert_num_queries(5):
        coach_client.get(url, {"before": page.context["older"]})
    assert Contact.objects.filter(person=person).count() == 46


# When a coach has left


def test_a_manager_finds_a_new_coach_for_someone_whose_coach_has_left(
    client, coach, person, manager, django_user_model
):
    tom = make_coach("tom", team=coach.team)
    person.current_relationship.end(by=person.user)
    django_user_model.objects.filter(pk=coach.pk).update(is_active=False)
    client.force_login(person.user)
    response = client.post(reverse("coaching:me_decide", args=["restart"]), {}, follow=True)
    assert "Your coach has left, so the charity will find you a new coach" in (
        response.content.decode()
    )
    client.force_login(manager)
    waiting = client.get(reverse("coaching:new_coach_needed")).content.decode()
    # No name on the list: opening one names them, and is logged.
    assert "Find a new coach" in waiting and ">Sam<" not in waiting
    assert not AccessLogEntry.objects.filter(person=person).exists()
    url = reverse("coaching:new_coach", args=[person.pk])
    assert "A new coach for Sam" in client.get(url).content.decode()
    entry = AccessLogEntry.objects.get(person=person)
    assert (entry.viewer, entry.what) == (manager, "your record, to find you a new coach")
    client.post(url, {"to_coach": tom.pk, "reason": "Meg has moved on"})
    person.refresh_from_db()
    assert (person.current_relationship.coach, person.current_relationship.state) == (tom, "active")
    latest = RelationshipEvent.objects.filter(relationship__person=person).latest("pk")
    assert (latest.kind, latest.coach, latest.recorded_by) == ("handed_over", tom, manager)
    assert latest.reason == "Meg has moved on"
    # Done: nobody is waiting, and the page is gone.
    assert client.get(url).status_code == 404
    client.force_login(tom)
    assert client.get(person.get_absolute_url()).status_code == 200


def test_nobody_is_handed_on_while_their_coach_is_here(client, coach, person, manager):
    client.force_login(manager)
    assert "Nobody is waiting" in client.get(reverse("coaching:new_coach_needed")).content.decode()
    url = reverse("coaching:new_coach", args=[person.pk])
    assert client.post(url, {"to_coach": make_coach("tom", team=coach.team).pk}).status_code == 404
    person.refresh_from_db()
    assert person.current_relationship.coach == coach


def test_two_managers_at_once_hand_over_once(coach, person, manager, django_user_model):
    tom, priya = make_coach("tom", team=coach.team), make_coach("priya", team=coach.team)
    django_user_model.objects.filter(pk=coach.pk).update(is_active=False)
    handovers.hand_over_from_leaver(person=person, to_coach=tom, by=manager)
    # The second read the person before the first handed them over.
    with pytest.raises(InvalidTransition, match="Sam already has a coach"):
        handovers.hand_over_from_leaver(person=person, to_coach=priya, by=manager)
    person.refresh_from_db()
    assert person.current_relationship.coach == tom


def test_a_person_whose_coach_has_left_is_told_so_not_shown_their_old_coach(
    client, coach, person, django_user_model
):
    django_user_model.objects.filter(pk=coach.pk).update(is_active=False)
    client.force_login(person.user)
    home = client.get(reverse("coaching:me")).content.decode()
    assert "has left. The charity is finding you a new coach" in home
    assert "Your coach, <strong>" not in home
    person.current_relationship.end(by=person.user)
    restart = client.get(reverse("coaching:me_decide", args=["restart"])).content.decode()
    assert "has left, so the charity will find you a new coach" in restart
    assert "You can restart with" not in restart


def test_the_hand_over_list_says_which_coaches_are_away(coach_client, coach, person):
    away = make_coach("tom", team=coach.team)
    services.coach_away(coach=away, away=True, until=date(2031, 12, 3))
    make_coach("ann", team=coach.team)
    page = coach_client.get(reverse("coaching:hand_over", args=[person.pk])).content.decode()
    assert "Tom (Leeds North, away until 3 December)" in page
    assert "Ann (Leeds North)" in page


def test_a_step_that_does_not_apply_sends_the_coach_back_with_a_word(coach_client, person):
    for step in ("resume", "restart"):
        url = reverse("coaching:record_decision", args=[person.pk, step])
        response = coach_client.get(url, follow=True)
        assert response.redirect_chain[-1][0] == reverse("coaching:person", args=[person.pk])
        assert "does not apply to Sam&#x27;s coaching now" in response.content.decode()
    # Nothing of theirs was shown for those two: only the page it went back to is logged.
    assert set(AccessLogEntry.objects.values_list("what", flat=True)) == {"your record"}
    assert (
        coach_client.get(reverse("coaching:record_decision", args=[person.pk, "pause"])).status_code
        == 200
    )
