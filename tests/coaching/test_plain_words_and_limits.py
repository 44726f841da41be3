"""Words a person, a coach or a manager reads, and limits on what they type: each found
on a walk through the demo in a browser."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from budgets.models import PaymentMethod
from coaching.models import Activity, Contact, User
from coaching.request_forms import team_with_area
from helpers.display import ago
from outcomes import services as outcome_services
from tests.budgets.helpers import make_request
from tests.conftest import make_team
from tests.outcomes.helpers import load_wording
from tests.outcomes.test_scales import answers_summing_to


def test_a_moment_ago_reads_just_now(db):
    assert ago(timezone.now()) == "just now"
    assert ago(timezone.now() - timedelta(days=3)) == "3\xa0days ago"


def test_a_score_dated_in_the_past_is_not_news_to_the_coach(person):
    months_ago = timezone.now() - timedelta(days=60)
    load_wording()
    outcome_services.wellbeing_record(
        person=person, answers=answers_summing_to(20), by=person.user, at=months_ago
    )
    assert Activity.objects.get(person=person).occurred_at == months_ago


def test_notes_longer_than_ten_thousand_characters_are_refused_and_nothing_saved(
    coach_client, person
):
    response = coach_client.post(
        reverse("coaching:contact_new", args=[person.pk]),
        {
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "channel": "phone",
            "reached_out_by": "person",
            "notes": "x" * 10_001,
            "barriers-TOTAL_FORMS": "0",
            "barriers-INITIAL_FORMS": "0",
        },
    )
    assert "keep the notes of one contact to 10,000 characters" in response.content.decode()
    assert not Contact.objects.exists()


def test_minutes_below_one_are_explained_in_our_words(coach_client, person):
    response = coach_client.post(
        reverse("coaching:contact_new", args=[person.pk]),
        {"channel": "phone", "reached_out_by": "person", "minutes": "-5"},
    )
    assert response.context["form"].errors["minutes"] == ["Minutes must be at least 1."]


def test_a_username_with_other_characters_is_told_our_rule(client, db):
    response = client.post(
        reverse("invitation_redeem"),
        {"code": "ABCD-2345", "username": "sam@home", "password1": "x", "password2": "x"},
    )
    assert response.context["form"].errors["username"] == [
        "Please use only letters, numbers and . _ -"
    ]
    assert not User.objects.filter(username="sam@home").exists()


def test_the_person_reads_how_their_request_is_paid_in_their_own_words(person_client, person):
    request = make_request(person, method=PaymentMethod.BANK_TRANSFER)
    page = person_client.get(request.get_absolute_url()).content.decode()
    assert "A bank transfer to me" in page and "to the person" not in page


def test_the_coach_asks_for_the_persons_own_words_when_recording_their_decision(
    coach_client, person
):
    relationship = person.current_relationship
    relationship.pause(by=person.user)
    for decision in ["resume", "end", "restart"]:
        if decision == "restart":
            relationship.end(by=person.user)
        page = coach_client.get(
            reverse("coaching:record_decision", args=[person.pk, decision])
        ).content.decode()
        assert "Anything Sam would like to say about it" in page


def test_a_team_named_after_its_area_is_not_named_twice(db):
    assert team_with_area(make_team("Bradford", "Bradford")) == "Bradford"
    assert team_with_area(make_team("Leeds North", "Leeds")) == "Leeds North"
    assert team_with_area(make_team("Riverside", "Hull")) == "Riverside (Hull)"


def test_a_barriers_error_is_in_the_summary_once(coach_client, person):
    response = coach_client.post(
        reverse("coaching:contact_new", args=[person.pk]),
        {
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "channel": "phone",
            "reached_out_by": "person",
            "barriers-TOTAL_FORMS": "1",
            "barriers-INITIAL_FORMS": "0",
            "barriers-0-service": "x" * 2000,
            "barriers-0-what_happened": "They lost the form",
        },
    )
    summary = response.content.decode().split('class="error-summary"')[1].split("</div>")[0]
    assert 'href="#id_barriers-0-service"' in summary
    assert "Please keep this to 200 characters" in summary
    assert "Please name the service" not in response.content.decode()
    assert not Contact.objects.exists()
