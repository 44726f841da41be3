"""A contact logged in a few clicks: a Log link on every row, quick picks for minutes,
a form that starts where most contacts start, and the new entry shown on saving."""

import uuid

from django.urls import reverse

from coaching import services
from coaching.models import Activity, Contact
from tests.coaching.test_contacts import contact_form_data
from tests.conftest import make_person


def test_each_row_and_each_news_item_links_to_the_contact_form(coach_client, coach, person):
    Activity.objects.create(person=person, kind=Activity.Kind.GOAL_CHANGED)
    page = coach_client.get(reverse("coaching:coach_home")).content.decode()
    log = reverse("coaching:contact_new", args=[person.pk])
    # One in the list of people, one in "since you last looked".
    assert page.count(f'href="{log}">Log<span class="visually-hidden"> a contact with') == 2


def test_a_name_search_with_one_match_opens_that_person(coach_client, coach, person):
    make_person("Alex", coach, with_login=False)
    response = coach_client.get(reverse("coaching:coach_home"), {"q": "sa"})
    assert response.status_code == 302
    assert response["Location"] == person.get_absolute_url()


def test_a_name_search_with_two_matches_lists_both(coach_client, coach, person):
    make_person("Sally", coach, with_login=False)
    response = coach_client.get(reverse("coaching:coach_home"), {"q": "sa"})
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 2


def test_a_search_never_jumps_to_someone_elses_person(coach_client, other_person):
    response = coach_client.get(reverse("coaching:coach_home"), {"q": other_person.name})
    assert response.status_code == 200
    assert not response.context["page"].object_list


def test_a_first_contact_starts_in_person_and_later_ones_as_the_latest(coach_client, coach, person):
    url = reverse("coaching:contact_new", args=[person.pk])
    assert coach_client.get(url).context["form"]["channel"].value() == "in_person"
    services.contact_log(person=person, coach=coach, fields={"channel": "phone"})
    form = coach_client.get(url).context["form"]
    assert form["channel"].value() == "phone"
    assert form["minutes"].value() is None  # a pick the coach makes, never assumed
    assert form["notes"].value() is None


def test_the_form_starts_the_keyboard_on_minutes_and_remembers_nothing(coach_client, person):
    page = coach_client.get(reverse("coaching:contact_new", args=[person.pk])).content.decode()
    assert 'id="id_minutes_0" data-autofocus>' in page
    assert 'class="contact-form" novalidate autocomplete="off"' in page


def test_without_notes_the_keyboard_starts_on_what_mattered(coach_client, coach, person):
    services.sharing_change(person=person, choice="notes", allowed=False, by=person.user)
    page = coach_client.get(reverse("coaching:contact_new", args=[person.pk])).content.decode()
    assert "data-autofocus" in page and 'name="themes"' in page
    assert 'name="minutes_pick"' not in page


def test_a_quick_pick_saves_its_minutes(coach_client, person):
    url = reverse("coaching:contact_new", args=[person.pk])
    coach_client.post(url, contact_form_data(minutes_pick="15"))
    assert Contact.objects.get(person=person).minutes == 15


def test_other_saves_the_minutes_typed_and_a_pick_wins_over_a_number_left_behind(
    coach_client, person
):
    url = reverse("coaching:contact_new", args=[person.pk])
    coach_client.post(url, contact_form_data(minutes_pick="other", minutes="25", notes="a"))
    coach_client.post(url, contact_form_data(minutes_pick="30", minutes="25", notes="b"))
    assert sorted(Contact.objects.values_list("minutes", flat=True)) == [25, 30]


def test_other_with_a_wrong_number_is_refused_with_the_box_shown_again(coach_client, person):
    url = reverse("coaching:contact_new", args=[person.pk])
    response = coach_client.post(url, contact_form_data(minutes_pick="other", minutes="2000"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Please give minutes up to 1440" in page
    assert 'value="other" id="id_minutes_7" checked' in page
    assert 'id="id_minutes" value="2000"' in page
    assert not Contact.objects.exists()


def test_editing_a_contact_shows_its_minutes_as_a_pick_or_as_other(coach_client, coach, person):
    for minutes, shown in ((45, 'value="45" id="id_minutes_4" checked'), (25, 'value="25"')):
        contact = services.contact_log(
            person=person, coach=coach, fields={"channel": "phone", "minutes": minutes}
        )
        page = coach_client.get(reverse("coaching:contact_edit", args=[contact.pk]))
        assert shown in page.content.decode()


def test_saving_lands_on_the_new_entry_and_a_second_press_on_the_same(coach_client, person):
    url = reverse("coaching:contact_new", args=[person.pk])
    data = contact_form_data(notes="Rang about the letter.", sent_once_key=str(uuid.uuid4()))
    first = coach_client.post(url, data)
    contact = Contact.objects.get(person=person)
    assert first["Location"] == f"{person.get_absolute_url()}#contact-{contact.pk}"
    again = coach_client.post(url, data)
    assert again["Location"] == first["Location"]
    data["sent_once_key"] = str(uuid.uuid4())  # Back, and the same words sent again
    assert coach_client.post(url, data)["Location"] == first["Location"]
    assert Contact.objects.count() == 1
    page = coach_client.get(person.get_absolute_url()).content.decode()
    assert f'id="contact-{contact.pk}"' in page


def test_the_log_link_of_another_coachs_person_is_not_found(coach_client, other_person):
    url = reverse("coaching:contact_new", args=[other_person.pk])
    assert coach_client.get(url).status_code == 404
