"""Personal details: each optional, each with "prefer not to say", each clearable."""

import pytest
from django.urls import reverse

from coaching import services
from coaching.export import gather
from coaching.models import AccessLogEntry, Activity, Goal, PersonalDetails, User

URL = "coaching:me_details"


def test_nothing_is_required(person_client, person):
    response = person_client.post(reverse(URL), {})
    assert response.status_code == 302
    details = PersonalDetails.objects.get(person=person)
    assert (details.date_of_birth, details.gender, details.ethnicity) == (None, "", "")


def test_every_choice_offers_prefer_not_to_say(person_client):
    page = person_client.get(reverse(URL)).content.decode()
    assert page.count("Prefer not to say") >= 4


def test_person_gives_then_clears_their_details(person_client, person):
    person_client.post(
        reverse(URL),
        {
            "date_of_birth": "1990-04-01",
            "gender": "own_words",
            "gender_own_words": "Genderfluid",
            "ethnicity": "prefer_not_to_say",
            "disability": "yes",
            "pronouns": "they/them",
        },
    )
    details = PersonalDetails.objects.get(person=person)
    assert (str(details.date_of_birth), details.gender_own_words, details.ethnicity) == (
        "1990-04-01",
        "Genderfluid",
        "prefer_not_to_say",
    )
    assert details.updated_by == person.user
    person_client.post(reverse(URL), {"date_of_birth_not_said": "on"})
    details.refresh_from_db()
    assert (details.date_of_birth, details.date_of_birth_not_said, details.gender) == (
        None,
        True,
        "",
    )


def test_own_words_alone_mean_own_words(person_client, person):
    person_client.post(reverse(URL), {"gender_own_words": "Woman, trans"})
    assert PersonalDetails.objects.get(person=person).gender == "own_words"


@pytest.mark.parametrize(
    "data",
    [
        {"date_of_birth": "2999-01-01"},
        {"date_of_birth": "1850-01-01"},
        {"date_of_birth": "1990-01-01", "date_of_birth_not_said": "on"},
        {"gender": "own_words"},
        {"gender": "man", "gender_own_words": "x"},
        {"ethnicity": "martian"},
        {"date_of_birth": "not a date"},
    ],
)
def test_bad_details_get_a_message_and_change_nothing(person_client, person, data):
    response = person_client.post(reverse(URL), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not PersonalDetails.objects.exists()


def test_details_are_for_the_person_only(client, coach, manager):
    assert client.get(reverse(URL))["Location"].startswith("/accounts/login/")
    for user in (coach, manager):
        client.force_login(user)
        assert client.get(reverse(URL)).status_code == 403


# Name and area: attributes of the person, so moving area ends nothing.


def test_a_coach_changes_the_area_with_the_person_and_coaching_carries_on(
    coach_client, coach, person
):
    url = reverse("coaching:name_and_area", args=[person.pk])
    assert 'value="Sam"' in coach_client.get(url).content.decode()
    response = coach_client.post(url, {"name": "Sammy", "area": "Bradford"}, follow=True)
    assert "Saved: Sammy, Bradford." in response.content.decode()
    person.refresh_from_db()
    assert (person.name, person.area) == ("Sammy", "Bradford")
    assert person.current_relationship.state == "active"
    assert person.current_relationship.events.count() == 1  # began, and nothing since
    assert AccessLogEntry.objects.filter(
        person=person, viewer=coach, what="your name and area, to change them"
    ).exists()
    # Said to the person? Not news to the coach who did it.
    assert not Activity.objects.filter(person=person, kind="details_changed").exists()


def test_a_person_changes_their_own_name_and_their_coach_hears(person_client, person):
    User.objects.filter(pk=person.user_id).update(first_name="Sam")  # as a set-up code makes it
    services.own_words_add(model=Goal, person=person, text="A bike", by=person.user)
    url = reverse("coaching:me_name_and_area")
    response = person_client.post(url, {"name": "  ", "area": "Bradford"})
    assert "Please fill this in." in response.content.decode()
    person.refresh_from_db()
    assert (person.name, person.area) == ("Sam", "")
    person_client.post(url, {"name": "Samira", "area": ""})
    person.refresh_from_db()
    assert (person.name, person.area) == ("Samira", "")
    # Their sign-in says so too: the old name shows nowhere they act.
    person.user.refresh_from_db()
    assert person.user.display_name == "Samira"
    assert "'Sam'" not in repr(gather(person))
    assert Activity.objects.filter(person=person, kind="details_changed").count() == 1
    # Saving the same again is no news.
    person_client.post(url, {"name": "Samira", "area": ""})
    assert Activity.objects.filter(person=person, kind="details_changed").count() == 1


def test_saving_personal_details_tells_the_coach(person_client, person):
    person_client.post(reverse(URL), {"pronouns": "she/her"})
    assert Activity.objects.filter(person=person, kind="details_changed").count() == 1


def test_saving_the_same_details_again_changes_nothing_and_tells_the_coach_nothing(
    person_client, person
):
    answers = {"gender": "woman", "pronouns": "she/her"}
    person_client.post(reverse(URL), answers)
    saved = PersonalDetails.objects.get(person=person)
    response = person_client.post(reverse(URL), answers, follow=True)
    assert "nothing changed" in response.content.decode()
    assert PersonalDetails.objects.get(person=person).updated_at == saved.updated_at
    assert Activity.objects.filter(person=person, kind=Activity.Kind.DETAILS_CHANGED).count() == 1
    person_client.post(reverse(URL), {**answers, "pronouns": "she/they"})
    assert Activity.objects.filter(person=person, kind=Activity.Kind.DETAILS_CHANGED).count() == 2


def test_a_first_save_of_blank_answers_is_no_news_for_the_coach(person_client, person):
    person_client.post(reverse(URL), {})
    assert PersonalDetails.objects.filter(person=person).exists()
    assert not Activity.objects.filter(person=person, kind=Activity.Kind.DETAILS_CHANGED).exists()
