"""Two people doing the same thing at the same moment: each is told what happened, in
words, and never shown an error page. The database's unique and check constraints hold
whichever way the race goes.

The races run on PostgreSQL, in threads with a connection each. Each one has a twin
that needs no threads: the page a person sees when the other one won, made by reading
the row before the other change and acting after it.
"""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coaching import services
from coaching.models import (
    AnonymousCount,
    CoachRequest,
    CoachRequestPass,
    DeletionRequest,
    Goal,
    Invitation,
    Person,
    PersonalDetails,
    User,
)
from coaching.views import inbox as inbox_views
from tests.conftest import make_coach, make_manager, make_person, make_team

NEW_PASSWORD = "kettle-on-the-hob-42"


def race(*calls) -> list:
    """Run the calls at the same moment, each in a thread of its own with its own
    connection. Returns what each returned, or the exception it raised."""
    start = threading.Barrier(len(calls))
    ended: list = [None] * len(calls)

    def run(index, call):
        try:
            start.wait()
            ended[index] = call()
        except Exception as error:  # noqa: BLE001 -- a race must end in words: show what
            ended[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return ended


def kinds(ended: list) -> list[str]:
    return sorted("ok" if not isinstance(end, Exception) else type(end).__name__ for end in ended)


def make_request(team, name="Kez") -> CoachRequest:
    fields = {"name": name, "reach_by": "phone", "reach_details": "07700 900123"}
    return services.coach_request_create(fields=fields, team=team)


# Erasing a record -------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_managers_erasing_one_record_at_once_one_erases_the_other_is_told():
    coach, manager, other_manager = make_coach("meg"), make_manager(), make_manager("ola")
    person = make_person("Sam", coach)
    deletion = services.deletion_request_make(person=person, by=person.user)

    ended = race(
        lambda: services.person_erase(deletion=deletion, by=manager),
        lambda: services.person_erase(deletion=deletion, by=other_manager),
    )

    assert kinds(ended) == ["NothingToErase", "ok"], ended
    assert not Person.objects.exists()
    assert AnonymousCount.objects.get(kind="erasure").count == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_erasures_in_one_team_and_month_at_once_are_both_counted():
    coach, manager = make_coach("meg"), make_manager()
    people = [make_person(name, coach) for name in ("Sam", "Ali", "Jo")]
    for person in people:
        for weeks in (0, 5, 10):
            services.contact_log(
                person=person,
                coach=coach,
                fields={"channel": "phone", "occurred_at": timezone.now() - timedelta(weeks=weeks)},
            )
    deletions = [services.deletion_request_make(person=p, by=p.user) for p in people]

    ended = race(*[lambda d=d: services.person_erase(deletion=d, by=manager) for d in deletions])

    assert kinds(ended) == ["ok", "ok", "ok"], ended
    assert not Person.objects.exists()
    counted = {}
    for cell in AnonymousCount.objects.all():
        counted[cell.kind] = counted.get(cell.kind, 0) + cell.count
    assert counted == {"erasure": 3, "relationship": 3, "contact": 9}


def test_a_request_withdrawn_before_the_manager_presses_erase_keeps_the_record(
    client, coach, manager
):
    person = make_person("Sam", coach)
    deletion = services.deletion_request_make(person=person, by=person.user)
    DeletionRequest.objects.filter(pk=deletion.pk).delete()  # withdrawn, after the page opened
    with pytest.raises(services.NothingToErase, match="withdrew"):
        services.person_erase(deletion=deletion, by=manager)
    assert Person.objects.filter(pk=person.pk).exists()
    assert not AnonymousCount.objects.exists()


def test_a_manager_erasing_a_record_erased_a_moment_ago_is_told_so(
    manager_client, coach, manager, monkeypatch
):
    from coaching.views import with_person

    person = make_person("Sam", coach)
    deletion = services.deletion_request_make(person=person, by=person.user)
    url = reverse("coaching:deletion_request", args=[deletion.pk])
    stale = DeletionRequest.objects.select_related("person").get(pk=deletion.pk)
    services.person_erase(deletion=deletion, by=make_manager("ola"))  # the other manager
    monkeypatch.setattr(with_person, "get_deletion_request_for_manager", lambda *a: stale)

    response = manager_client.post(url, {"confirm": "on"}, follow=True)

    assert response.status_code == 200
    assert f"Request {deletion.pk}: This record was deleted a moment ago." in (
        response.content.decode()
    )
    assert AnonymousCount.objects.get(kind="erasure").count == 1


# Setting up a sign-in with a code --------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_people_choosing_one_username_at_once_one_is_told_it_is_taken():
    coach = make_coach("meg")
    codes = []
    for name in ("Sam", "Ali"):
        person = make_person(name, coach, with_login=False)
        codes.append(Invitation.issue(person=person, by=coach)[1])

    ended = race(
        *[
            lambda code=code: services.invitation_redeem(
                code=code, username="sunny", password=NEW_PASSWORD
            )
            for code in codes
        ]
    )

    assert kinds(ended) == ["UsernameTaken", "ok"], ended
    assert User.objects.filter(username="sunny").count() == 1
    # The one told can choose another name with the same code.
    assert Invitation.objects.usable().count() == 1


def test_a_username_taken_after_the_form_checked_it_is_a_message_on_the_form(
    client, coach, monkeypatch
):
    from coaching.forms import InvitationRedeemForm

    person = make_person("Sam", coach, with_login=False)
    _, code = Invitation.issue(person=person, by=coach)
    User.objects.create_user(username="sunny", password=NEW_PASSWORD)  # the other person
    monkeypatch.setattr(  # the race: the form's check ran before the other person's save
        InvitationRedeemForm, "clean_username", lambda form: form.cleaned_data["username"]
    )

    response = client.post(
        reverse("invitation_redeem"),
        {"code": code, "username": "sunny", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert "That username is taken" in response.context["form"].errors["username"][0]
    person.refresh_from_db()
    assert person.user_id is None
    assert Invitation.objects.usable().filter(person=person).exists()


# A request for a coach in the team inbox --------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_coaches_passing_one_request_at_once_pass_it_once():
    here, there = make_team(), make_team("Calderdale", "Calderdale")
    meg, tom = make_coach("meg", team=here), make_coach("tom", team=here)
    waiting = make_request(here)
    # Both opened the request before either pressed "Pass on": read in the race, the
    # second could read it after the first pass, from the team it had moved to.
    opened = [CoachRequest.objects.get(pk=waiting.pk) for _ in range(2)]

    ended = race(
        *[
            lambda request=request, coach=coach: services.coach_request_pass(
                coach_request=request, to_team=there, by=coach
            )
            for request, coach in zip(opened, (meg, tom), strict=True)
        ]
    )

    assert kinds(ended) == ["RequestMoved", "ok"], ended
    assert CoachRequestPass.objects.count() == 1
    assert CoachRequest.objects.get(pk=waiting.pk).team == there


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_coach_taking_a_request_as_another_passes_it_on_one_of_them_is_told():
    here, there = make_team(), make_team("Calderdale", "Calderdale")
    meg, tom = make_coach("meg", team=here), make_coach("tom", team=here)
    waiting = make_request(here)
    opened = [CoachRequest.objects.get(pk=waiting.pk) for _ in range(2)]

    ended = race(
        lambda: services.coach_request_take(coach_request=opened[0], coach=meg),
        lambda: services.coach_request_pass(coach_request=opened[1], to_team=there, by=tom),
    )

    assert kinds(ended) in (["RequestAlreadyTaken", "ok"], ["RequestMoved", "ok"]), ended
    waiting.refresh_from_db()
    assert (waiting.person_id is None) == (waiting.team == there)


@pytest.mark.parametrize("step", ["coaching:coach_request_pass", "coaching:coach_request_take"])
def test_a_request_passed_on_a_moment_ago_is_a_message_not_an_error(
    coach_client, coach, monkeypatch, step
):
    there = make_team("Calderdale", "Calderdale")
    waiting = make_request(coach.team)
    stale = CoachRequest.objects.get(pk=waiting.pk)
    services.coach_request_pass(  # by another coach of the team, after the page opened
        coach_request=waiting, to_team=there, by=make_coach("tom", team=coach.team)
    )
    monkeypatch.setattr(inbox_views, "get_coach_request_for_coach", lambda *a, **k: stale)

    response = coach_client.post(
        reverse(step, args=[waiting.pk]), {"to_team": there.pk, "note": ""}, follow=True
    )

    assert response.status_code == 200
    assert "passed this request to another team a moment ago" in response.content.decode()
    assert CoachRequestPass.objects.count() == 1
    assert not Person.objects.filter(name="Kez").exists()


# What the person says about themselves ------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_first_personal_details_sent_twice_at_once_are_saved_once():
    person = make_person("Sam", make_coach("meg"))
    answers = {"gender": "woman", "pronouns": "she/her"}

    def send():
        client = Client()
        client.force_login(person.user)
        return client.post(reverse("coaching:me_details"), answers).status_code

    ended = race(send, send)

    assert ended == [302, 302], ended
    details = PersonalDetails.objects.get(person=person)
    assert (details.gender, details.pronouns) == ("woman", "she/her")


def test_a_goal_changed_in_another_tab_a_moment_ago_is_a_message_not_an_error(
    person_client, person, monkeypatch
):
    from coaching.views import privacy

    goal = services.own_words_add(model=Goal, person=person, text="A flat", by=person.user)
    stale = Goal.objects.get(pk=goal.pk)
    services.own_words_change(entry=goal, by=person.user, finish="done")  # the other tab
    monkeypatch.setattr(privacy, "get_own_words_for_person", lambda *a: stale)
    url = reverse("coaching:me_own_words_edit", args=["goal", goal.pk])

    for sent in ({"finish": "set_aside"}, {"text": "A flat of my own"}):
        response = person_client.post(url, sent, follow=True)
        assert response.status_code == 200
        assert "This has already changed. Please look again." in response.content.decode()
    assert list(Goal.objects.filter(person=person).values_list("text", "status")) == [
        ("A flat", "done")
    ]
