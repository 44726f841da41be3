"""Pages that refuse or find nothing keep the site's shape: its navigation, and Quick
exit for anyone who is not staff, so nobody is stranded on a bare error. And allauth's
pages keep the shape of ours."""

from django.test import Client
from django.urls import reverse

QUICK_EXIT = "data-quick-exit"


def test_a_page_not_found_keeps_quick_exit_for_someone_signed_out(client, db):
    response = client.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "We cannot find that page" in page and QUICK_EXIT in page


def test_a_person_who_finds_nothing_keeps_their_navigation_and_quick_exit(person_client):
    response = person_client.get(reverse("budgets:me_request", args=[999999]))
    page = response.content.decode()
    assert response.status_code == 404
    assert "Your record" in page and QUICK_EXIT in page


def test_another_coachs_person_reads_as_a_page_not_found(coach_client, other_person):
    response = coach_client.get(reverse("coaching:person", args=[other_person.pk]))
    page = response.content.decode()
    assert response.status_code == 404
    assert "We cannot find that page" in page and "My people" in page
    assert other_person.name not in page


def test_a_person_on_a_coachs_page_is_refused_in_plain_words(person_client):
    response = person_client.get(reverse("coaching:coach_home"))
    page = response.content.decode()
    assert response.status_code == 403
    assert "This page is not for your sign-in" in page and QUICK_EXIT in page


def test_a_buttons_address_opened_as_a_page_says_so_in_plain_words(coach_client):
    response = coach_client.get(reverse("coaching:coach_away"))
    page = response.content.decode()
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert "has no page of its own" in page and "My people" in page
    response = Client().delete(reverse("coaching:ask_thanks"))
    assert response.status_code == 405 and QUICK_EXIT in response.content.decode()


def test_a_form_sent_without_its_token_asks_to_send_it_again(person):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(person.user)
    response = browser.post(reverse("coaching:me_decide", args=["pause"]), {"reason": "A break"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "Please send that again" in page and QUICK_EXIT in page
    person.current_relationship.refresh_from_db()
    assert person.current_relationship.state == "active"


def test_allauths_tables_scroll_within_the_page(person_client):
    """The signed-in sessions table (raw browser names) widened a phone's page to 562
    pixels; allauth's table element now scrolls in a region, as ours do."""
    page = person_client.get(reverse("usersessions_list")).content.decode()
    assert '<div class="table-scroll" tabindex="0" role="region"' in page
    assert page.index('class="table-scroll"') < page.index("<table>")
