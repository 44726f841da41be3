from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coaching.models import User
from tests.conftest import PASSWORD, make_coach, make_manager, make_person, totp_code


def test_signed_in_users_land_on_their_own_home(client, coach, manager, person):
    for user, home in [(coach, "/coach/"), (manager, "/insights/"), (person.user, "/me/")]:
        client.force_login(user)
        assert client.get("/").url == home


def test_staff_sign_in_with_email_then_a_second_factor_and_land_home(client, coach):
    response = client.post(
        reverse("account_login"), {"login": "meg@example.org", "password": PASSWORD}
    )
    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert response.status_code == 302 and response.url == "/coach/"
    assert client.session["_auth_user_id"] == str(coach.pk)


def test_a_wrong_second_factor_signs_nobody_in(client, coach):
    client.post(reverse("account_login"), {"login": "meg@example.org", "password": PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    # allauth's page, in our words, its field in the shape of ours, with its error.
    html = response.content.decode()
    assert "Your second step" in html and "Two-Factor Authentication" not in html
    assert '<div class="field field--error">' in html and '<label for="id_code">' in html


def test_staff_without_a_second_factor_are_sent_to_set_one_up(client, db):
    coach = make_coach("newbie", second_factor=False)
    client.force_login(coach)
    for url in ["/coach/", "/coach/people/new/"]:
        response = client.get(url)
        assert response.status_code == 302 and response.url == reverse("mfa_index")
    manager = make_manager("newmanager", second_factor=False)
    client.force_login(manager)
    assert client.get("/insights/").url == reverse("mfa_index")


def test_the_second_factor_is_read_with_the_user_and_again_on_every_request(client, coach):
    client.post(reverse("account_login"), {"login": "meg@example.org", "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/coach/").status_code == 200
    asked = [q["sql"] for q in queries if "mfa_authenticator" in q["sql"]]
    assert len(asked) == 1 and "has_second_factor" in asked[0]  # within the user's read
    coach.authenticator_set.all().delete()
    assert client.get("/coach/").url == reverse("mfa_index")


def test_people_are_never_forced_to_add_a_second_factor(person_client):
    assert person_client.get("/me/").status_code == 200


def test_people_sign_in_with_a_username(client, person):
    response = client.post(reverse("account_login"), {"login": "sam", "password": PASSWORD})
    assert response.status_code == 302 and response.url == "/me/"


def test_wrong_password_is_explained_and_signs_nobody_in(client, coach):
    response = client.post(
        reverse("account_login"), {"login": "meg@example.org", "password": "nope"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_nobody_can_sign_themselves_up(client, db):
    response = client.post(
        reverse("account_signup"),
        {"username": "newbie", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert "Sign-ins are made with your coach" in response.content.decode()
    assert not User.objects.filter(username="newbie").exists()


def test_healthz_answers_when_the_database_does(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content.startswith(b"database: ok\n")


def test_manager_sees_insights_and_coaches_do_not(manager_client, coach, person):
    response = manager_client.get(reverse("outcomes:insights"))
    assert response.status_code == 200
    assert "fewer than 5" in response.content.decode()
    manager_client.force_login(coach)
    assert manager_client.get(reverse("outcomes:insights")).status_code == 403


def test_changing_a_password_is_in_our_words_and_points_people_to_a_code(person_client, person):
    url = reverse("account_change_password")
    page = person_client.get(url).content.decode()
    assert "Change your password" in page and "Your password now" in page
    assert "Change Password" not in page and "Current Password" not in page
    assert "a code from your coach" in page and reverse("account_reset_password") not in page
    response = person_client.post(
        url,
        {"oldpassword": "not-it", "password1": "kettle-on-the-hob-42", "password2": "x"},
    )
    assert "That is not your password now" in response.content.decode()
    person.user.refresh_from_db()
    assert person.user.check_password(PASSWORD)


def test_a_forgotten_password_is_reset_by_email_and_works(client, coach, mailoutbox):
    import re

    person = make_person("Sam Price", coach)
    person.user.email = "sam@example.org"
    person.user.save(update_fields=["email"])
    asked = client.post(reverse("account_reset_password"), {"email": "SAM@example.org"})
    assert asked["Location"] == reverse("account_reset_password_done")
    [email] = mailoutbox
    link = re.search(r"https?://\S+", email.body).group(0)
    page = client.get(link, follow=True)
    assert "Choose a new password" in page.text
    new = "kettle-on-the-hob-42"
    done = client.post(page.request["PATH_INFO"], {"password1": new, "password2": new}, follow=True)
    assert "Your new password is saved" in done.text
    assert client.login(username=person.user.username, password=new)
    # The link is spent: a second visit says so, in words.
    client.logout()
    again = client.get(link, follow=True)
    assert "This link does not work" in again.text


def test_with_the_mail_server_down_a_forgotten_password_is_told_in_words(client, coach, settings):
    """allauth sends its email while the person waits: a mail server that cannot be
    reached is said on the page, never an error page."""
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 1, "timeout": 2},  # nothing listens
        }
    }
    person = make_person("Sam Price", coach)
    person.user.email = "sam@example.org"
    person.user.save(update_fields=["email"])
    page = client.post(reverse("account_reset_password"), {"email": "sam@example.org"}, follow=True)
    assert page.status_code == 200
    assert "We could not send the email just now" in page.text
