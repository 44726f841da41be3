"""One story: every moment of a person's coaching in one timeline, theirs and their
coach's, read in one query, paged by where the last page stopped."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from budgets import services as budget_services
from coaching import handovers, services
from coaching.feed import coach_feed
from coaching.models import Activity, Contact, Goal
from coaching.reading import Part, read_together
from coaching.timeline import ENTRIES_PER_PAGE
from tests.budgets.helpers import make_fund, make_request
from tests.coaching.test_contacts import contact_form_data
from tests.conftest import make_coach


def _page(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def _story(page: str) -> str:
    """The story part of a page: from its heading to its end."""
    return page[page.index('id="story"') :]


@pytest.fixture
def me(person):
    client = Client()
    client.force_login(person.user)
    return client


def test_budget_requests_decisions_and_payments_are_in_both_stories(
    coach_client, me, person, coach, manager
):
    fund = make_fund(team=coach.team)
    asked = make_request(person, "120.00", purpose="Driving lessons")
    approved = budget_services.request_approve(budget_request=asked, fund=fund, by=manager)
    budget_services.payment_record(
        budget_request=approved,
        by=coach,
        amount=Decimal("115.50"),
        paid_on=timezone.localdate(),
        method="voucher",
    )
    declined = make_request(person, "40.00", purpose="A phone")
    budget_services.request_decline(budget_request=declined, by=manager, reason="The fund is spent")
    for page in (_page(coach_client, person.get_absolute_url()), _page(me, "/me/")):
        story = _story(page)
        assert "Asked for a personal budget of £120.00" in story
        assert "Driving lessons" in story
        assert "The personal budget of £120.00 was agreed" in story
        assert "The personal budget was paid: £115.50" in story
        assert "The personal budget of £40.00 was not agreed" in story
        assert "Why: The fund is spent" in story
        # Newest first: the decline came after the payment.
        assert story.index("was not agreed") < story.index("was paid")


def test_a_withdrawn_request_says_so_in_the_story(me, person):
    asked = make_request(person, "25.00")
    budget_services.request_withdraw(budget_request=asked, by=person.user)
    assert "You stopped the ask for £25.00" in _story(_page(me, "/me/"))


def test_a_move_of_area_is_in_the_story_and_a_new_name_is_not(coach_client, me, person, coach):
    services.person_rename(person=person, name="Sammy", area="Bradford", by=coach)
    services.person_rename(person=person, name="Sam", area="Bradford", by=coach)
    coach_story = _story(_page(coach_client, person.get_absolute_url()))
    assert "Sam moved to Bradford. Coaching goes on." in coach_story
    assert coach_story.count("moved") == 1
    assert "You moved to Bradford." in _story(_page(me, "/me/"))


def test_a_handover_is_in_the_story_and_the_new_coachs_feed(coach_client, person, coach):
    dan = make_coach("dan", team=coach.team)
    response = coach_client.post(
        reverse("coaching:hand_over", args=[person.pk]), {"to_coach": dan.pk, "reason": "I leave"}
    )
    assert response.status_code == 302
    assert [(a.person, a.kind) for a in coach_feed(dan).items] == [
        (person, Activity.Kind.HANDED_OVER)
    ]
    assert coach_feed(coach).items == []  # not theirs any more
    dan_client = Client()
    dan_client.force_login(dan)
    page = _page(dan_client, person.get_absolute_url())
    assert "Handed over: Dan became the coach, with the whole story" in _story(page)
    home = _page(dan_client, reverse("coaching:coach_home"))
    assert "was handed over to you" in home


def test_a_manager_handing_over_from_a_leaver_tells_the_new_coach(person, coach, manager):
    dan = make_coach("dan", team=coach.team)
    type(coach).objects.filter(pk=coach.pk).update(is_active=False)
    person.refresh_from_db()
    handovers.hand_over_from_leaver(person=person, to_coach=dan, by=manager)
    assert [a.kind for a in coach_feed(dan).items] == [Activity.Kind.HANDED_OVER]


def _log_at(client, person, when, **extra):
    return client.post(
        reverse("coaching:contact_new", args=[person.pk]),
        contact_form_data(
            occurred_at=timezone.localtime(when).strftime("%Y-%m-%dT%H:%M"),
            channel="phone",
            **extra,
        ),
    )


def test_a_contact_before_coaching_began_is_kept_once_the_coach_says_so(coach_client, person):
    began = person.current_relationship.events.get(kind="began").occurred_at
    earlier = began - timedelta(days=40)
    response = _log_at(coach_client, person, earlier)
    assert response.status_code == 200
    page = response.content.decode()
    assert "before Sam&#x27;s coaching began" in page
    assert "Yes, this contact was before coaching began" in page
    assert not Contact.objects.filter(person=person).exists()
    response = _log_at(coach_client, person, earlier, before_coaching="on")
    assert response.status_code == 302
    assert Contact.objects.filter(person=person).count() == 1


def test_a_contact_more_than_a_year_before_coaching_began_is_refused(coach_client, person):
    began = person.current_relationship.events.get(kind="began").occurred_at
    response = _log_at(coach_client, person, began - timedelta(days=400), before_coaching="on")
    assert response.status_code == 200
    assert "more than a year before Sam&#x27;s coaching began" in response.content.decode()
    assert not Contact.objects.filter(person=person).exists()


def test_a_contact_after_coaching_began_asks_nothing(
    coach_client, person, django_assert_num_queries
):
    began = person.current_relationship.events.get(kind="began").occurred_at
    assert _log_at(coach_client, person, began + timedelta(minutes=2)).status_code == 302


def test_pages_of_the_story_miss_and_repeat_nothing_even_at_one_moment(coach_client, person, coach):
    """Keyset paging: contacts at the very same moment across a page's edge each show once."""
    moment = timezone.now() - timedelta(hours=1)
    for index in range(ENTRIES_PER_PAGE + 5):
        services.contact_log(
            person=person, coach=coach, fields={"channel": "text", "notes": f"n{index}"}
        )
    Contact.objects.filter(person=person).update(occurred_at=moment)
    url, seen, before, pages = person.get_absolute_url(), [], None, 0
    while True:
        response = coach_client.get(url, {"before": before} if before else {})
        seen += [(entry.kind, entry.pk) for entry in response.context["entries"]]
        before, pages = response.context["older"], pages + 1
        if before is None:
            break
    assert pages == 2
    assert len(seen) == len(set(seen)) == ENTRIES_PER_PAGE + 5 + 1  # and the beginning
    assert "Back to the newest" in response.content.decode()


@pytest.mark.parametrize(
    "before", ["nonsense", "2026-01-01~contact~x", "~~", "x~y~1", "2026-13-01T00:00~step~1"]
)
def test_a_story_page_from_a_broken_link_is_the_first(coach_client, person, before):
    response = coach_client.get(person.get_absolute_url(), {"before": before})
    assert response.status_code == 200
    assert response.context["newest_shown"]


def test_a_story_page_from_a_time_without_a_zone_reads_it_as_utc(coach_client, person):
    response = coach_client.get(person.get_absolute_url(), {"before": "2999-01-01T00:00~step~1"})
    assert response.status_code == 200
    assert not response.context["newest_shown"]
    assert [entry.kind for entry in response.context["entries"]] == ["step"]


def test_another_persons_story_is_not_found(coach_client, other_person):
    assert coach_client.get(other_person.get_absolute_url()).status_code == 404


def test_the_persons_page_leads_with_them_and_their_story(coach_client, person):
    page = _page(coach_client, person.get_absolute_url())
    assert page.index("In Sam's words") < page.index('id="story"')
    assert page.index('id="story"') < page.index('id="sharing-heading"')
    assert page.index('id="story"') < page.index('id="budgets-heading"')


def test_me_leads_with_the_coach_and_the_story_and_keeps_pause_and_end_lower(me):
    page = _page(me, "/me/")
    coach_at = page.index("Your coach, <strong>Meg</strong>")
    story_at = page.index('id="story"')
    assert coach_at < story_at < page.index("Pause coaching") < page.index("End coaching")


def test_reading_parts_together_is_one_query_with_their_own_types(person, coach):
    services.contact_log(person=person, coach=coach, fields={"channel": "phone", "minutes": 15})
    make_request(person, "12.34")
    services.own_words_add(model=Goal, person=person, text="A flat", by=coach, with_coach=True)
    from budgets.models import BudgetRequest

    with CaptureQueriesContext(connection) as queries:
        found = read_together(
            [
                Part("contacts", Contact.objects.filter(person=person), ["pk", "occurred_at"]),
                Part("asked", BudgetRequest.objects.filter(person=person), ["amount"]),
                Part("goals", Goal.objects.filter(person=person), ["text", "with_coach"]),
                Part("none", Goal.objects.none(), ["text"]),
            ]
        )
    assert len(queries) == 1
    [contact] = found["contacts"]
    assert contact["occurred_at"] == Contact.objects.get().occurred_at
    assert found["asked"] == [{"amount": Decimal("12.34")}]
    assert found["goals"] == [{"text": "A flat", "with_coach": True}]
    assert found["none"] == []
