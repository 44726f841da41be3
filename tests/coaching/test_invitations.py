"""A person without email gets a short, one-time, expiring code from their coach: to set
up their sign-in, and later, if they forget their password, to choose a new one."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coaching import services
from coaching.models import AuditEvent, Invitation, User
from tests.conftest import PASSWORD, make_coach, make_person

NEW_PASSWORD = "kettle-on-the-hob-42"


def make_code(coach_client, person):
    """A code to set up a sign-in or, for someone who has one, to choose a new password."""
    view = "coaching:password_code_new" if person.user_id else "coaching:invitation_new"
    response = coach_client.post(reverse(view, args=[person.pk]))
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


def test_a_username_differing_only_in_case_is_taken_past_the_form_too(
    client, coach_client, coach, person
):
    """The form asks without regard to case; the database holds it too, for two people
    choosing "Sam" and "sam" at the same moment: the second is told, in words."""
    newcomer = make_person("Jo", coach, with_login=False)
    code = make_code(coach_client, newcomer)
    with pytest.raises(services.UsernameTaken):
        services.invitation_redeem(code=code, username="SAM", password=NEW_PASSWORD)
    newcomer.refresh_from_db()
    assert newcomer.user is None


def test_coach_cannot_make_a_code_for_someone_elses_person(coach_client, other_person):
    response = coach_client.post(reverse("coaching:invitation_new", args=[other_person.pk]))
    assert response.status_code == 404
    assert not Invitation.objects.exists()


def new_password(client, code, password=NEW_PASSWORD, password2=None):
    return client.post(
        reverse("new_password_with_code"),
        {"code": code, "password1": password, "password2": password2 or password},
    )


def test_someone_who_forgot_their_password_chooses_a_new_one_with_a_code(
    client, coach_client, person
):
    page = coach_client.post(reverse("coaching:password_code_new", args=[person.pk]))
    assert "choose a new password" in page.content.decode()
    assert reverse("new_password_with_code") in page.content.decode()
    code = page.context["code"]
    client.logout()
    response = new_password(client, code)
    assert response.status_code == 302 and response.url == reverse("coaching:me")
    # Told their username too, in case that went with the password.
    welcome = client.get(reverse("coaching:me")).content.decode()
    assert "Your new password is set. Your username is sam" in welcome
    person.user.refresh_from_db()
    assert person.user.check_password(NEW_PASSWORD) and not person.user.check_password(PASSWORD)
    event = AuditEvent.objects.get(action=AuditEvent.Action.PASSWORD_SET_WITH_CODE)
    assert (event.actor_id, event.object_id) == (person.user.pk, person.user.pk)
    assert event.detail == f"with a code made by user {person.current_relationship.coach_id}"
    # The person can see that their coach looked, and what for.
    assert person.access_log.filter(what="your record, to make a code for a new password")
    client.logout()
    assert "That code does not work" in new_password(client, code).content.decode()


def test_a_new_password_signs_the_person_out_everywhere_else(client, coach_client, person):
    elsewhere = Client()
    elsewhere.force_login(person.user)
    assert elsewhere.get(reverse("coaching:me")).status_code == 200
    code = make_code(coach_client, person)
    client.logout()
    new_password(client, code)
    assert elsewhere.get(reverse("coaching:me")).status_code == 302
    assert client.get(reverse("coaching:me")).status_code == 200


def test_each_code_is_explained_on_the_other_page_and_changes_nothing(
    client, coach_client, coach, person
):
    newcomer = make_person("Jo", coach, with_login=False)
    set_up_code, new_password_code = (
        make_code(coach_client, newcomer),
        make_code(coach_client, person),
    )
    client.logout()
    response = new_password(client, set_up_code)
    assert "This code is for setting up your sign-in" in response.content.decode()
    response = redeem(client, new_password_code, username="sam.again")
    assert "You already have a sign-in" in response.content.decode()
    newcomer.refresh_from_db()
    person.user.refresh_from_db()
    assert newcomer.user is None and not User.objects.filter(username="sam.again").exists()
    assert person.user.check_password(PASSWORD)
    # Both codes still work where they belong.
    assert new_password(client, new_password_code).status_code == 302


def test_a_weak_new_password_is_explained_and_the_code_kept(client, coach_client, coach):
    person = make_person("Samira Kettleworth", coach)
    code = make_code(coach_client, person)
    client.logout()
    for password, password2, field in [
        ("password123", None, "password1"),
        ("samirakettleworth1", None, "password1"),  # too like their username
        (NEW_PASSWORD, "something-else-entirely", "password2"),
    ]:
        response = new_password(client, code, password, password2)
        assert field in response.context["form"].errors, password
    person.user.refresh_from_db()
    assert person.user.check_password(PASSWORD)
    assert Invitation.objects.usable().filter(person=person).exists()


def test_guessing_codes_for_a_new_password_is_rate_limited(client, db, settings):
    settings.INVITATION_ATTEMPTS_PER_HOUR = 2
    answers = [new_password(client, "ABCD-2345").status_code for _ in range(3)]
    assert answers == [200, 200, 429]


def test_only_wrong_codes_count_so_a_room_on_one_wifi_can_all_set_up(coach_client, coach, settings):
    """A hostel's residents share one address: their good codes and their mistyped
    passwords use up none of the tries, and one wrong code counts as one."""
    settings.INVITATION_ATTEMPTS_PER_HOUR = 2
    room = Client()  # every request from the same address, as the test client's are
    assert "That code does not work" in redeem(room, "ABCD-2345").content.decode()
    for n in range(4):
        code = make_code(coach_client, make_person(f"Resident {n}", coach, with_login=False))
        mistyped = redeem(room, code, f"resident.{n}", password2="kettle-on-the-hob-43")
        assert "password2" in mistyped.context["form"].errors
        assert redeem(room, code, f"resident.{n}").status_code == 302, n
        room.logout()
    assert User.objects.filter(username__startswith="resident.").count() == 4
    assert redeem(room, "ABCD-2345").status_code == 200  # the second wrong code
    assert redeem(room, "ABCD-2345").status_code == 429


def test_a_set_up_code_is_not_made_for_someone_who_has_a_sign_in(coach_client, person):
    response = coach_client.post(reverse("coaching:invitation_new", args=[person.pk]))
    assert response.status_code == 302 and not Invitation.objects.exists()


def test_only_the_persons_own_coach_makes_a_code_for_a_new_password(client, coach, person):
    services.sharing_change(person=person, choice="cover", allowed=True, by=person.user)
    services.coach_away(coach=coach, away=True)
    colleague = make_coach("tom", team=coach.team)
    client.force_login(colleague)
    page = client.get(reverse("coaching:person", args=[person.pk])).content.decode()
    assert "Make a code for a new password" not in page
    response = client.post(reverse("coaching:password_code_new", args=[person.pk]))
    assert response.status_code == 302 and not Invitation.objects.exists()
    assert (
        "own coach can make a code for a new password" in client.get(response.url).content.decode()
    )


def test_a_code_for_a_new_password_stops_working_when_the_coach_changes(
    client, coach_client, coach, person
):
    code = make_code(coach_client, person)
    person.current_relationship.hand_over(by=coach, to_coach=make_coach("tom", team=coach.team))
    client.logout()
    assert "That code does not work" in new_password(client, code).content.decode()
    person.user.refresh_from_db()
    assert person.user.check_password(PASSWORD)


def test_a_code_never_opens_a_sign_in_switched_off_or_made_staff(coach_client, person):
    someone = Client()
    for change in [{"is_active": False}, {"role": User.Role.COACH}]:
        User.objects.filter(pk=person.user_id).update(is_active=True, role=User.Role.PERSON)
        code = make_code(coach_client, person)
        User.objects.filter(pk=person.user_id).update(**change)
        assert "That code does not work" in new_password(someone, code).content.decode(), change
        assert "_auth_user_id" not in someone.session
        person.user.refresh_from_db()
        assert person.user.check_password(PASSWORD)
    # Nor is a code made for one.
    made = Invitation.objects.count()
    response = coach_client.post(reverse("coaching:password_code_new", args=[person.pk]))
    assert response.status_code == 302 and Invitation.objects.count() == made


def test_making_a_code_needs_post(coach_client, person):
    for view in ["coaching:invitation_new", "coaching:password_code_new"]:
        assert coach_client.get(reverse(view, args=[person.pk])).status_code == 405
