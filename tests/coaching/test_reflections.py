"""Reflective practice: a coach's reflections, private unless shared; a team's learning
sessions; a reflection linked to a person is part of their record."""

import uuid

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from coaching import services
from coaching.models import AccessLogEntry, LearningSession, Reflection
from tests.conftest import make_coach, make_manager, make_person, make_team

NEW = reverse("coaching:reflection_new")


def _write(coach, **fields) -> Reflection:
    return Reflection.objects.create(coach=coach, noticed=fields.pop("noticed", "Tired"), **fields)


def test_a_coach_writes_a_reflection_once_however_often_it_is_sent(coach_client, coach):
    data = {"noticed": "I rushed", "helped": "A walk", "sent_once_key": str(uuid.uuid4())}
    first = coach_client.post(NEW, data)
    again = coach_client.post(NEW, data)
    reflection = Reflection.objects.get()
    assert first["Location"] == again["Location"] == f"/coach/reflections/{reflection.pk}/"
    assert (reflection.coach, reflection.shared_with_manager, reflection.person) == (
        coach,
        False,
        None,
    )


def test_an_empty_reflection_is_refused_in_words_and_nothing_saved(coach_client):
    response = coach_client.post(NEW, {"noticed": "  ", "helped": ""})
    assert "Please write something in at least one of the three boxes." in (
        response.content.decode()
    )
    assert not Reflection.objects.exists()


def test_an_empty_reflection_is_refused_once_and_never_in_the_databases_words(coach_client):
    response = coach_client.post(NEW, {"noticed": "", "sent_once_key": str(uuid.uuid4())})
    page = response.content.decode()
    assert response.context["form"].non_field_errors() == [
        "Please write something in at least one of the three boxes."
    ]
    assert "reflection_says_something" not in page
    assert "Constraint" not in page


def test_the_database_refuses_an_empty_reflection(coach):
    with pytest.raises(IntegrityError), transaction.atomic():
        Reflection.objects.create(coach=coach)


def test_a_reflection_not_shared_is_invisible_to_the_manager(client, coach, manager):
    private = _write(coach, noticed="Only mine")
    shared = _write(coach, noticed="For supervision", shared_with_manager=True)
    client.force_login(manager)
    listing = client.get(reverse("coaching:team_learning"))
    assert [r.pk for r in listing.context["page"].object_list] == [shared.pk]
    assert f"/reflections/{private.pk}/" not in listing.content.decode()
    url = reverse("coaching:shared_reflection", args=[private.pk])
    assert client.get(url).status_code == 404
    shown = client.get(reverse("coaching:shared_reflection", args=[shared.pk]))
    assert "For supervision" in shown.content.decode()


def test_another_teams_manager_does_not_see_a_shared_reflection(client, coach):
    shared = _write(coach, shared_with_manager=True)
    elsewhere = make_manager("pat")
    elsewhere.team = make_team("Calderdale", area="Calderdale")
    elsewhere.save()
    client.force_login(elsewhere)
    assert client.get(reverse("coaching:shared_reflection", args=[shared.pk])).status_code == 404
    assert not client.get(reverse("coaching:team_learning")).context["page"].object_list


def test_another_coachs_reflection_is_not_found_even_shared(client, coach, outsider):
    theirs = _write(outsider, shared_with_manager=True)
    client.force_login(coach)
    assert client.get(reverse("coaching:reflection", args=[theirs.pk])).status_code == 404
    sharing = reverse("coaching:reflection_sharing", args=[theirs.pk])
    assert client.post(sharing, {"share": "no"}).status_code == 404
    assert Reflection.objects.get(pk=theirs.pk).shared_with_manager is True


def test_sharing_and_unsharing_is_the_same_however_often_sent(coach_client, coach):
    reflection = _write(coach)
    url = reverse("coaching:reflection_sharing", args=[reflection.pk])
    for _ in range(2):
        coach_client.post(url, {"share": "yes"})
    reflection.refresh_from_db()
    assert reflection.shared_with_manager is True
    coach_client.post(url, {"share": "no"})
    reflection.refresh_from_db()
    assert reflection.shared_with_manager is False


def test_a_sharing_post_without_a_choice_changes_nothing(coach_client, coach):
    reflection = _write(coach, shared_with_manager=True)
    url = reverse("coaching:reflection_sharing", args=[reflection.pk])
    response = coach_client.post(url, {"share": "maybe"}, follow=True)
    assert "Nothing changed." in response.content.decode()
    reflection.refresh_from_db()
    assert reflection.shared_with_manager is True


def test_only_people_who_keep_notes_can_be_linked(coach_client, coach, person, other_person):
    quiet = make_person("Noor", coach, with_login=False)
    services.sharing_change(person=quiet, choice="notes", allowed=False, by=coach)
    form = coach_client.get(NEW).context["form"]
    assert list(form.fields["person"].queryset) == [person]
    for someone in (quiet, other_person):
        response = coach_client.post(NEW, {"noticed": "x", "person": someone.pk})
        assert response.status_code == 200
        assert "Please choose one of the options given." in response.content.decode()
    assert not Reflection.objects.exists()


def test_a_linked_reflection_is_in_the_persons_record_and_its_reads_are_logged(
    client, coach, person, manager
):
    client.force_login(coach)
    client.post(NEW, {"noticed": "Sam lit up talking about the allotment", "person": person.pk})
    reflection = Reflection.objects.get(person=person)
    assert not AccessLogEntry.objects.exists()  # writing it shows nothing of theirs
    client.get(reverse("coaching:reflection", args=[reflection.pk]))
    client.post(reverse("coaching:reflection_sharing", args=[reflection.pk]), {"share": "yes"})
    client.force_login(manager)
    page = client.get(reverse("coaching:shared_reflection", args=[reflection.pk]))
    assert person.name in page.content.decode()
    looks = AccessLogEntry.objects.filter(person=person, what="a reflection that names you")
    # The coach's read and the manager's; sharing shows nothing, so logs nothing.
    assert sorted(looks.values_list("viewer__username", flat=True)) == ["meg", "ruth"]
    client.force_login(person.user)
    data = client.get(reverse("coaching:me_data_json")).json()["sections"]["reflections"]
    assert data["rows"][0]["what_they_noticed"] == "Sam lit up talking about the allotment"


def test_deleting_their_notes_deletes_reflections_about_them(coach, person):
    _write(coach, person=person)
    unlinked = _write(coach)
    services.notes_delete(person=person, by=person.user)
    assert list(Reflection.objects.all()) == [unlinked]


def test_a_manager_records_a_team_learning_session_once(client, coach, manager):
    client.force_login(manager)
    url = reverse("coaching:learning_session_new")
    data = {
        "team": coach.team_id,
        "held_on": timezone.localdate().isoformat(),
        "themes_found": "Waiting for the council\nPeople sharing skills",
        "sent_once_key": str(uuid.uuid4()),
    }
    client.post(url, data)
    client.post(url, data)
    session = LearningSession.objects.get()
    assert (session.team, session.recorded_by) == (coach.team, manager)
    client.force_login(coach)
    page = client.get(reverse("coaching:reflections")).content.decode()
    assert "Waiting for the council" in page


def test_a_learning_session_in_the_future_is_refused(manager_client, coach):
    response = manager_client.post(
        reverse("coaching:learning_session_new"),
        {"team": coach.team_id, "held_on": "2999-01-01", "themes_found": "x"},
    )
    assert "Please give a day that has come already." in response.content.decode()
    assert not LearningSession.objects.exists()


def test_a_coach_sees_only_their_own_teams_sessions(coach_client, coach, manager):
    other = make_coach("tom", team=make_team("Calderdale", area="Calderdale"))
    LearningSession.objects.create(
        team=other.team, held_on=timezone.localdate(), themes_found="Far away", recorded_by=manager
    )
    assert "Far away" not in coach_client.get(reverse("coaching:reflections")).content.decode()


def test_the_reflection_pages_run_a_fixed_number_of_queries(
    client, coach, manager, django_assert_num_queries
):
    for index in range(3):
        _write(coach, shared_with_manager=True, noticed=f"n{index}")
    client.force_login(coach)
    with django_assert_num_queries(4):  # session, user; reflections, sessions
        client.get(reverse("coaching:reflections"))
    client.force_login(manager)
    with django_assert_num_queries(4):
        client.get(reverse("coaching:team_learning"))
    for index in range(10):
        _write(coach, shared_with_manager=True, noticed=f"m{index}")
        LearningSession.objects.create(
            team=coach.team, held_on=timezone.localdate(), themes_found="t", recorded_by=manager
        )
    with django_assert_num_queries(4):
        client.get(reverse("coaching:team_learning"))
    client.force_login(coach)
    with django_assert_num_queries(4):
        client.get(reverse("coaching:reflections"))
