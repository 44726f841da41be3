"""A person without email gets a short, one-time, expiring code from their coach."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from coaching.models import Invitation, User
from tests.conftest import make_person

NEW_PASSWORD = "kettle-on-the-hob-42"


def make_code(coach_client, person):
    response = coach_client.post(reverse("coaching:invitation_new", args=[person.pk]))
    assert response.status_code == 200
    return response.context["code"]


def redeem(client, code, username="sam.k", password=NEW_PASSWORD, password2=None):
    return client.post(
        reverse("invitation_redeem"),
        {
            "code": code,
            "username": username,
            "password1": password,
            "password2": password2 or password,
        },
    )


def test_coach_makes_a_printable_code_of_eight_characters(coach_client, coach):
    person = make_person("Sam", coach, with_login=False)
    code = make_code(coach_client, person)
    assert len(code.replace("-", "")) == 8
    invitation = Invitation.objects.get(person=person)
    assert code not in invitation.code_hash  # only a hash is kept
    assert invitation.expires_at > timezone.now() + timedelta(days=13)


def test_person_sets_up_their_sign_in_with_the_code_and_lands_on_me(client, coach_client, coach):
    person = make_person("Sam", coach, with_login=False)
    code = make_code(coach_client, person)
    client.logout()
    response = redeem(client, code.lower().replace("-", " "))
    assert response.status_code == 302 and response.url == reverse("coaching:me")
    person.refresh_from_db()
    assert person.user.username == "sam.k" and person.user.role == User.Role.PERSON
    assert client.get(reverse("coaching:me")).status_code == 200


def test_a_code_works_once(client, coach_client, coach):
    person = make_person("Sam", coach, with_login=False)
    code = make_code(coach_client, person)
    client.logout()
    redeem(client, code)
    client.logout()
    response = redeem(client, code, username="someone.else")
    assert "That code does not work" in response.content.decode()
    assert not User.objects.filter(username="someone.else").exists()


def test_an_expired_code_does_not_work(client, coach_client, coach, time_machine):
    person = make_person("Sam", coach, with_login=False)
    code = make_code(coach_client, person)
    client.logout()
    time_machine.move_to(timezone.now() + timedelta(days=15))
    response = redeem(client, code)
    assert response.status_code == 200
    assert "That code does not work" in response.content.decode()
    person.refresh_from_db()
    assert person.user is None


def test_a_new_code_retires_the_old_one(client, coach_client, coach):
    person = make_person("Sam", coach, with_login=False)
    old = make_code(coach_client, person)
    make_code(coach_client, person)
    client.logout()
    assert "That code does not work" in redeem(client, old).content.decode()


def test_weak_or_mismatched_passwords_and_taken_usernames_are_explained(
    client, coach_client, coach, person
):
    newcomer = make_person("Jo", coach, with_login=False)
    code = make_code(coach_client, newcomer)
    client.logout()
    cases = [
        ({"password": "password123"}, "password1"),
        ({"password2": "something-else-entirely"}, "password2"),
        ({"username": "sam"}, "username"),
        ({"username": "bad name!"}, "username"),
    ]
    for overrides, field in cases:
        response = redeem(client, code, **overrides)
        assert field in response.context["form"].errors, overrides
    newcomer.refresh_from_db()
    assert newcomer.user is None


def test_coach_cannot_make_a_code_for_someone_elses_person(coach_client, other_person):
    response = coach_client.post(reverse("coaching:invitation_new", args=[other_person.pk]))
    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_making_a_code_needs_post(coach_client, person):
    assert coach_client.get(reverse("coaching:invitation_new", args=[person.pk])).status_code == 405
