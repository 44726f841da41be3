"""The team inbox on /coach/: requests for a coach, taken or passed to another team."""

import pytest
from django.urls import reverse

from coaching import services
from coaching.models import (
    AccessLogEntry,
    CoachRequest,
    CoachRequestPass,
    Person,
    RelationshipEvent,
)
from tests.conftest import make_coach, make_manager, make_team


def make_request(team, name="Kez", **fields) -> CoachRequest:
    fields.setdefault("reach_by", "phone")
    fields.setdefault("reach_details", "07700 900123")
    request = services.coach_request_create(fields={"name": name, **fields}, team=team)
    return request


@pytest.fixture
def waiting(coach):
    return make_request(coach.team, area="Leeds", message="Evenings are best")


def test_new_requests_show_in_the_team_inbox_newest_first(coach_client, coach, waiting):
    newer = make_request(coach.team, name="Ali")
    response = coach_client.get(reverse("coaching:coach_home"))
    assert response.context["inbox"] == [newer, waiting]
    page = response.content.decode()
    assert "Asking for a coach" in page
    assert waiting.get_absolute_url() in page


def test_another_teams_inbox_does_not_show_the_request(client, outsider, waiting):
    client.force_login(outsider)
    response = client.get(reverse("coaching:coach_home"))
    assert response.context["inbox"] == []
    assert "Kez" not in response.content.decode()


def test_a_coach_of_another_team_gets_404_on_the_request(client, outsider, waiting):
    client.force_login(outsider)
    assert client.get(reverse("coaching:coach_request", args=[waiting.pk])).status_code == 404
    for name in ["coaching:coach_request_take", "coaching:coach_request_pass"]:
        assert client.post(reverse(name, args=[waiting.pk])).status_code == 404
    assert not waiting.passes.exists()
    waiting.refresh_from_db()
    assert not waiting.is_taken


@pytest.mark.parametrize("user", ["person", "manager"])
def test_people_and_managers_get_403(client, request, waiting, user):
    who = request.getfixturevalue(user)
    client.force_login(who.user if user == "person" else who)
    assert client.get(reverse("coaching:coach_request", args=[waiting.pk])).status_code == 403


def test_anonymous_is_sent_to_sign_in(client, waiting):
    response = client.get(reverse("coaching:coach_request", args=[waiting.pk]))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_request_page_shows_how_to_reach_them_without_logging_an_untaken_one(
    coach_client, waiting
):
    response = coach_client.get(reverse("coaching:coach_request", args=[waiting.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "07700 900123" in page and "Evenings are best" in page
    assert AccessLogEntry.objects.count() == 0


def test_taking_a_request_creates_the_person_and_begins_coaching_asked_for_by_them(
    coach_client, coach, waiting
):
    response = coach_client.post(reverse("coaching:coach_request_take", args=[waiting.pk]))
    assert response.status_code == 302
    waiting.refresh_from_db()
    person = waiting.person
    assert (person.name, person.area) == ("Kez", "Leeds")
    assert (waiting.taken_by, waiting.taken_at is not None) == (coach, True)
    relationship = person.current_relationship
    assert (relationship.coach, relationship.state) == (coach, "active")
    began = relationship.events.get()
    assert began.kind == RelationshipEvent.Kind.BEGAN
    assert began.asked_by_person is True
    assert began.recorded_by == coach
    home = coach_client.get(reverse("coaching:coach_home"))
    assert home.context["inbox"] == []
    assert [p["name"] for p in home.context["page"].object_list] == ["Kez"]


def test_a_taken_request_is_the_persons_data_and_its_view_is_logged(coach_client, coach, waiting):
    services.coach_request_take(coach_request=waiting, coach=coach)
    response = coach_client.get(reverse("coaching:coach_request", args=[waiting.pk]))
    assert response.status_code == 200
    entry = AccessLogEntry.objects.get()
    assert (entry.person, entry.viewer, entry.what) == (
        waiting.person,
        coach,
        "how you asked for a coach",
    )


def test_a_request_is_taken_once(coach_client, coach, waiting):
    teammate = make_coach("tom", team=coach.team)
    services.coach_request_take(coach_request=waiting, coach=teammate)
    response = coach_client.post(reverse("coaching:coach_request_take", args=[waiting.pk]))
    # Taken by Tom, so it is his person's now: Meg no longer sees it.
    assert response.status_code == 404
    with pytest.raises(services.RequestAlreadyTaken):
        services.coach_request_take(coach_request=waiting, coach=coach)
    assert Person.objects.count() == 1


def test_a_passed_on_request_needs_the_persons_own_agreement(coach_client, coach):
    passed = make_request(coach.team, passed_on_by="St Anne's Centre")
    url = reverse("coaching:coach_request_take", args=[passed.pk])
    refused = coach_client.post(url)
    assert refused.status_code == 400
    assert "St Anne&#x27;s Centre passed this on" in refused.content.decode()
    assert Person.objects.count() == 0
    assert coach_client.post(url, {"person_agreed": "on"}).status_code == 302
    passed.refresh_from_db()
    assert passed.person_agreed is True
    assert passed.person.current_relationship.events.get().asked_by_person is True


def test_passing_a_request_moves_it_to_the_other_teams_inbox_and_keeps_a_note(
    coach_client, coach, outsider, waiting
):
    response = coach_client.post(
        reverse("coaching:coach_request_pass", args=[waiting.pk]),
        {"to_team": outsider.team.pk, "note": "They live in Halifax"},
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.team == outsider.team
    move = CoachRequestPass.objects.get()
    assert (move.from_team, move.to_team, move.passed_by, move.note) == (
        coach.team,
        outsider.team,
        coach,
        "They live in Halifax",
    )
    assert coach_client.get(waiting.get_absolute_url()).status_code == 404
    coach_client.force_login(outsider)
    assert coach_client.get(reverse("coaching:coach_home")).context["inbox"] == [waiting]


def test_passing_to_an_unknown_or_the_same_team_changes_nothing(coach_client, coach, waiting):
    url = reverse("coaching:coach_request_pass", args=[waiting.pk])
    for team in ["", "999", str(coach.team.pk)]:
        assert coach_client.post(url, {"to_team": team}).status_code == 400
    assert not CoachRequestPass.objects.exists()


def test_erasing_the_person_erases_their_request(coach, waiting):
    person = services.coach_request_take(coach_request=waiting, coach=coach)
    deletion = services.deletion_request_make(person=person, by=coach)
    services.person_erase(deletion=deletion, by=make_manager())
    assert not CoachRequest.objects.exists()


def test_untaken_requests_are_forgotten_after_the_keep_days(coach, waiting):
    from datetime import timedelta

    from django.utils import timezone

    taken = make_request(coach.team, name="Old but taken")
    services.coach_request_take(coach_request=taken, coach=coach)
    CoachRequest.objects.update(created_at=timezone.now() - timedelta(days=91))
    fresh = make_request(coach.team, name="Fresh")
    assert services.forget_untaken_requests(keep_days=90) == 1
    assert set(CoachRequest.objects.values_list("name", flat=True)) == {"Old but taken", "Fresh"}
    assert fresh.pk


def test_the_inbox_costs_the_same_queries_however_many_requests(
    coach_client, coach, django_assert_num_queries
):
    make_request(coach.team)
    coach_client.get(reverse("coaching:coach_home"))
    # No people yet: the people are read (none), with no count; a look a moment ago,
    # so no new mark.
    with django_assert_num_queries(6) as few:
        coach_client.get(reverse("coaching:coach_home"))
    for index in range(60):
        make_request(coach.team, name=f"R{index}", passed_on_by="Shelter" if index % 2 else "")
    with django_assert_num_queries(len(few.captured_queries)):
        response = coach_client.get(reverse("coaching:coach_home"))
    assert len(response.context["inbox"]) == 50 and response.context["inbox_more"]


def test_a_coach_without_a_team_has_an_empty_inbox(client, waiting):
    loner = make_coach("solo", team=make_team("Elsewhere", "Elsewhere"))
    loner.team = None
    loner.save()
    client.force_login(loner)
    assert client.get(reverse("coaching:coach_home")).context["inbox"] == []
    assert client.get(waiting.get_absolute_url()).status_code == 404


def test_the_request_is_part_of_the_persons_data_export(coach, waiting):
    from coaching.export import gather

    person = services.coach_request_take(coach_request=waiting, coach=coach)
    (section,) = [s for s in gather(person) if s.key == "coach_request"]
    assert section.rows[0]["how_to_reach"] == "Phone or text: 07700 900123"
    assert section.rows[0]["anything_to_know"] == "Evenings are best"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_coaches_taking_at_once_make_one_person():
    import threading

    from django.db import connection

    team = make_team()
    meg, tom = make_coach("meg", team=team), make_coach("tom", team=team)
    waiting = make_request(team)
    barrier = threading.Barrier(2)
    outcomes = []

    def take(coach):
        try:
            barrier.wait()
            services.coach_request_take(coach_request=waiting, coach=coach)
            outcomes.append("took")
        except services.RequestAlreadyTaken:
            outcomes.append("already taken")
        finally:
            connection.close()

    threads = [threading.Thread(target=take, args=(c,)) for c in (meg, tom)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["already taken", "took"]
    assert Person.objects.count() == 1
