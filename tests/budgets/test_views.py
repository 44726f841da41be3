"""Budget pages: who may see and do what, and what each sees."""

import csv
import io
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from budgets import services
from budgets.models import BudgetRequest, Fund
from budgets.views import MANAGER_ROWS
from coaching import services as coaching_services
from coaching.export import gather
from coaching.models import AccessLogEntry, Activity, Person
from tests.budgets.helpers import make_fund, make_request
from tests.conftest import make_coach, make_person, shows_word


@pytest.fixture
def fund(coach):
    return make_fund(team=coach.team, total="1000.00", coach_limit="250.00")


@pytest.fixture
def asked(person, fund):
    return make_request(person, "120.00", purpose="Driving lessons for the farm job")


# The person


def test_person_asks_in_their_own_words_and_their_coach_hears(person_client, person):
    response = person_client.post(
        reverse("budgets:me_new"),
        {"purpose": "A bed for my first flat", "amount": "£1,234.50", "payment_method": "voucher"},
    )
    budget_request = BudgetRequest.objects.get(person=person)
    assert response.url == reverse("budgets:me_request", args=[budget_request.pk])
    assert (budget_request.amount, budget_request.raised_by) == (Decimal("1234.50"), person.user)
    assert Activity.objects.filter(person=person, kind="budget_requested").exists()
    page = person_client.get(response.url).content.decode()
    assert "A bed for my first flat" in page and "£1,234.50" in page
    assert "Waiting for a decision" in page


@pytest.mark.parametrize(
    ("amount", "error"),
    [("0", "more than £0.00"), ("12.345", "pounds and pence only"), ("9999", "£5,000.00")],
)
def test_a_bad_amount_gets_a_clear_message_and_saves_nothing(person_client, amount, error):
    response = person_client.post(
        reverse("budgets:me_new"),
        {"purpose": "A course", "amount": amount, "payment_method": "voucher"},
    )
    assert response.status_code == 200
    assert error in response.content.decode()
    assert "Please check the form" in response.content.decode()
    assert not BudgetRequest.objects.exists()


def test_person_sees_their_requests_on_their_home(person_client, asked):
    page = person_client.get(reverse("coaching:me")).content.decode()
    assert "Your personal budget" in page and "Driving lessons for the farm job" in page
    assert "Ask for a personal budget" in page


def test_person_withdraws_until_a_decision_and_not_after(person_client, person, asked, manager):
    url = reverse("budgets:me_withdraw", args=[asked.pk])
    assert person_client.get(url).status_code == 200
    person_client.post(url)
    asked.refresh_from_db()
    assert asked.status == "withdrawn" and asked.withdrawn_at is not None
    assert Activity.objects.filter(person=person, kind="budget_withdrawn").exists()
    second = make_request(person)
    services.request_decline(budget_request=second, by=manager, reason="Ask again in spring")
    response = person_client.post(reverse("budgets:me_withdraw", args=[second.pk]), follow=True)
    second.refresh_from_db()
    assert second.status == "declined"
    assert "This request was not approved, so it can no longer be withdrawn." in (
        response.content.decode()
    )


def test_person_reads_the_reason_and_who_decided(person_client, person, asked, manager):
    services.request_decline(
        budget_request=asked, by=manager, reason="The college has a bursary: quicker for you."
    )
    page = person_client.get(reverse("budgets:me_request", args=[asked.pk])).content.decode()
    assert "Not approved by" in page and f"{manager.display_name}, a manager" in page
    assert "The college has a bursary: quicker for you." in page


def test_person_sees_their_coach_approved_and_what_was_paid(
    person_client, person, asked, fund, coach
):
    services.request_approve(budget_request=asked, fund=fund, by=coach)
    page = person_client.get(reverse("budgets:me_request", args=[asked.pk])).content.decode()
    assert f"Approved by {coach.display_name}, your coach" in page
    assert "Waiting to be paid" in page


def test_person_reaches_only_their_own_requests(person_client, other_person):
    theirs = make_request(other_person)
    for name in ("me_request", "me_withdraw"):
        assert person_client.get(reverse(f"budgets:{name}", args=[theirs.pk])).status_code == 404
    person_client.post(reverse("budgets:me_withdraw", args=[theirs.pk]))
    theirs.refresh_from_db()
    assert theirs.status == "requested"


def test_staff_cannot_use_the_persons_pages(coach_client, asked):
    assert coach_client.get(reverse("budgets:me_list")).status_code == 403
    assert coach_client.get(reverse("budgets:me_request", args=[asked.pk])).status_code == 403


@pytest.mark.parametrize(
    "url",
    ["/me/budgets/", "/me/budgets/new/", "/coach/budgets/", "/insights/budgets/"],
)
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_export_holds_the_persons_requests(person, asked, manager):
    services.request_decline(budget_request=asked, by=manager, reason="Try the bursary")
    section = next(s for s in gather(person) if s.key == "budget_requests")
    assert section.title == "Your personal budget requests"
    [row] = section.rows
    assert row["what_for"] == "Driving lessons for the farm job"
    assert (row["amount"], row["status"], row["reason_given"]) == (
        "120.00",
        "Not approved",
        "Try the bursary",
    )
    json.dumps(section.rows)


# The coach


def test_coach_raises_a_request_with_the_person(coach_client, person):
    response = coach_client.post(
        reverse("budgets:coach_new", args=[person.pk]),
        {"purpose": "Steel toe boots", "amount": "85", "payment_method": "bought_by_coach"},
    )
    budget_request = BudgetRequest.objects.get(person=person)
    assert response.url == reverse("budgets:coach_request", args=[budget_request.pk])
    assert budget_request.raised_by.is_coach


def test_coach_approves_within_the_limit_from_a_fund_they_choose(coach_client, asked, fund):
    url = reverse("budgets:coach_request", args=[asked.pk, "decide"])
    response = coach_client.post(url, {"decide-decision": "approve", "decide-fund": fund.pk})
    assert response.status_code == 302
    asked.refresh_from_db()
    assert (asked.status, asked.fund) == ("approved", fund)


def test_coach_above_the_limit_is_told_a_manager_decides(coach_client, person, fund):
    large = make_request(person, "250.01")
    url = reverse("budgets:coach_request", args=[large.pk])
    page = coach_client.get(url).content.decode()
    assert "a manager decides" in page and "Record the decision" not in page
    coach_client.post(
        reverse("budgets:coach_request", args=[large.pk, "decide"]),
        {"decide-decision": "approve", "decide-fund": fund.pk},
    )
    large.refresh_from_db()
    assert large.status == "requested"


def test_decisions_need_a_fund_or_a_reason(coach_client, asked):
    url = reverse("budgets:coach_request", args=[asked.pk, "decide"])
    approve = coach_client.post(url, {"decide-decision": "approve"})
    assert "Please choose the fund" in approve.content.decode()
    decline = coach_client.post(url, {"decide-decision": "decline", "decide-decline_reason": ""})
    assert "Please write the reason" in decline.content.decode()
    asked.refresh_from_db()
    assert asked.status == "requested"


def test_coach_records_a_payment_that_differs_and_a_category(coach_client, asked, fund, coach):
    services.request_approve(budget_request=asked, fund=fund, by=coach)
    coach_client.post(
        reverse("budgets:coach_request", args=[asked.pk, "pay"]),
        {"pay-amount": "110.00", "pay-paid_on": "2026-01-01", "pay-method": "voucher"},
    )
    asked.refresh_from_db()
    assert asked.status == "approved", "a payment before the request is refused"
    coach_client.post(
        reverse("budgets:coach_request", args=[asked.pk, "pay"]),
        {"pay-amount": "110.00", "pay-paid_on": asked.requested_at.date(), "pay-method": "voucher"},
    )
    coach_client.post(
        reverse("budgets:coach_request", args=[asked.pk, "category"]),
        {"category-category": "travel"},
    )
    asked.refresh_from_db()
    assert (asked.status, asked.paid_amount, asked.category) == (
        "paid",
        Decimal("110.00"),
        "travel",
    )


def test_coach_view_of_a_request_is_in_the_persons_access_log(coach_client, asked, coach):
    coach_client.get(reverse("budgets:coach_request", args=[asked.pk]))
    entry = AccessLogEntry.objects.get(person=asked.person)
    assert (entry.viewer, entry.what) == (coach, "your personal budget request")


def test_a_coach_covering_for_a_teammate_opens_the_request_they_raised(client, coach, person):
    teammate = make_coach("tom", team=coach.team)
    client.force_login(teammate)
    raise_url = reverse("budgets:coach_new", args=[person.pk])
    form = {"purpose": "Gas top-up", "amount": "20", "payment_method": "voucher"}
    assert client.post(raise_url, form).status_code == 404
    coaching_services.sharing_change(person=person, choice="cover", allowed=True, by=person.user)
    coaching_services.coach_away(coach=coach, away=True)
    response = client.post(raise_url, form, follow=True)
    assert response.status_code == 200
    assert "Gas top-up" in response.content.decode()
    entry = AccessLogEntry.objects.filter(person=person).latest("pk")
    assert (entry.viewer, entry.as_cover) == (teammate, True)
    # Cover off again: the request is out of reach, as the record is.
    budget_request = BudgetRequest.objects.get(person=person)
    coaching_services.sharing_change(person=person, choice="cover", allowed=False, by=person.user)
    url = reverse("budgets:coach_request", args=[budget_request.pk])
    assert client.get(url).status_code == 404


def test_outsider_coach_gets_404_for_others_people(client, outsider, asked, person, fund):
    client.force_login(outsider)
    assert client.get(reverse("budgets:coach_request", args=[asked.pk])).status_code == 404
    response = client.post(
        reverse("budgets:coach_request", args=[asked.pk, "decide"]),
        {"decide-decision": "approve", "decide-fund": fund.pk},
    )
    assert response.status_code == 404
    assert client.get(reverse("budgets:coach_new", args=[person.pk])).status_code == 404
    assert "Driving lessons" not in client.get(reverse("budgets:coach_list")).content.decode()
    assert not AccessLogEntry.objects.exists()


def test_the_coachs_list_shows_names_and_states_not_what_the_person_wrote(
    coach_client, asked, person
):
    """Lists are not written to the access log, so they show no one's words: the
    purpose is read on the request's own page, which is logged."""
    page = coach_client.get(reverse("budgets:coach_list")).content.decode()
    assert "Driving lessons" not in page
    assert person.name in page and "£120.00" in page and "Waiting for a decision" in page
    assert reverse("budgets:coach_request", args=[asked.pk]) in page
    assert not AccessLogEntry.objects.exists()


def test_coach_person_page_shows_their_requests(coach_client, asked, person):
    page = coach_client.get(reverse("coaching:person", args=[person.pk])).content.decode()
    assert "Driving lessons for the farm job" in page
    assert reverse("budgets:coach_request", args=[asked.pk]) in page


def test_person_and_manager_cannot_use_coach_pages(person_client, asked, manager, client):
    assert person_client.get(reverse("budgets:coach_list")).status_code == 403
    assert person_client.get(reverse("budgets:coach_request", args=[asked.pk])).status_code == 403
    client.force_login(manager)
    assert client.get(reverse("budgets:coach_request", args=[asked.pk])).status_code == 403


# The manager


def test_manager_queue_shows_what_is_needed_without_names_or_words(manager_client, asked):
    page = manager_client.get(reverse("budgets:manager_home")).content.decode()
    assert f"Request {asked.pk}" in page and "£120.00" in page and "Paid to a supplier" in page
    assert not shows_word(page, "Sam") and "Driving lessons" not in page
    assert not AccessLogEntry.objects.exists()


def test_manager_sees_each_funds_committed_paid_and_available(
    manager_client, person, fund, manager
):
    first, second = make_request(person, "300.00"), make_request(person, "200.00")
    for budget_request in (first, second):
        services.request_approve(budget_request=budget_request, fund=fund, by=manager)
    services.payment_record(
        budget_request=first,
        by=manager,
        amount=Decimal("280.00"),
        paid_on=first.requested_at.date(),
        method="supplier",
    )
    page = manager_client.get(reverse("budgets:manager_home")).content.decode()
    for figure in ("£1,000.00", "£200.00", "£280.00", "£520.00"):
        assert figure in page


def test_manager_tables_draw_every_cell_and_escape_what_was_typed(manager_client, person, manager):
    """The queues and funds are drawn in Python (budget_tags): each typed value escaped,
    each cell in its column."""
    fund = make_fund(name="<b>Fund</b> & co", funder="<i>Funder</i>")
    waiting, approved = (
        make_request(person, "120.00"),
        make_request(person, "80.00", method="voucher"),
    )
    services.request_approve(budget_request=approved, fund=fund, by=manager)
    page = manager_client.get(reverse("budgets:manager_home")).content.decode()
    assert "<b>Fund" not in page and "<i>Funder" not in page
    assert "&lt;b&gt;Fund&lt;/b&gt; &amp; co" in page and "&lt;i&gt;Funder&lt;/i&gt;" in page
    today = timezone.localdate()
    day = f"{today.day} {today.strftime('%b')} {today.year}"
    assert (
        f'<a class="nowrap" href="{reverse("budgets:manager_request", args=[waiting.pk])}">'
        f"Request {waiting.pk}</a></th><td>{person.current_relationship.coach.team.name}</td>"
        '<td class="num">£120.00</td><td>Paid to a supplier</td><td>0\xa0minutes</td>'
    ) in page
    assert (
        '</th><td>&lt;b&gt;Fund&lt;/b&gt; &amp; co</td><td class="num">£80.00</td>'
        f"<td>A voucher</td><td>{day}</td></tr>"
    ) in page
    assert "<td>Every team</td>" in page


def test_manager_decides_above_the_coach_limit_and_it_is_logged(
    manager_client, person, fund, manager
):
    large = make_request(person, "900.00")
    manager_client.post(
        reverse("budgets:manager_request", args=[large.pk, "decide"]),
        {"decide-decision": "approve", "decide-fund": fund.pk},
    )
    large.refresh_from_db()
    assert (large.status, large.decided_by) == ("approved", manager)
    entry = AccessLogEntry.objects.get(person=person)
    assert entry.viewer == manager and "budget request" in entry.what


def test_manager_cannot_approve_past_the_funds_total(manager_client, person, fund, manager):
    services.request_approve(budget_request=make_request(person, "950.00"), fund=fund, by=manager)
    large = make_request(person, "100.00")
    response = manager_client.post(
        reverse("budgets:manager_request", args=[large.pk, "decide"]),
        {"decide-decision": "approve", "decide-fund": fund.pk},
    )
    assert "£50.00 left" in response.content.decode()
    large.refresh_from_db()
    assert large.status == "requested"


def test_manager_adds_a_fund_and_bad_input_gets_messages(manager_client, coach):
    url = reverse("budgets:fund_new")
    bad = manager_client.post(
        url,
        {
            "name": "Pathways",
            "funder": "Council",
            "total": "-1",
            "coach_limit": "50",
            "starts_on": "2026-04-01",
            "ends_on": "2026-03-01",
        },
    )
    page = bad.content.decode()
    assert "more than £0.00" in page and "cannot close before it opens" in page
    assert not Fund.objects.exists()
    manager_client.post(
        url,
        {
            "name": "Pathways",
            "funder": "Council",
            "team": coach.team.pk,
            "total": "6,000",
            "coach_limit": "200",
            "starts_on": "2026-04-01",
            "ends_on": "2027-03-31",
        },
    )
    fund = Fund.objects.get()
    assert (fund.total, fund.coach_limit, fund.team) == (
        Decimal("6000.00"),
        Decimal("200.00"),
        coach.team,
    )


def edit_fund(client, fund, **changes):
    """The fund's edit form posted as it stands, with `changes`."""
    fields = {
        "name": fund.name,
        "funder": fund.funder,
        "total": str(fund.total),
        "coach_limit": str(fund.coach_limit),
        "starts_on": fund.starts_on,
        "ends_on": fund.ends_on,
    }
    return client.post(reverse("budgets:fund_edit", args=[fund.pk]), fields | changes)


def test_a_funds_total_cannot_drop_below_what_is_spoken_for(manager_client, person, fund, manager):
    services.request_approve(budget_request=make_request(person, "600.00"), fund=fund, by=manager)
    response = edit_fund(manager_client, fund, total="500", coach_limit="100")
    assert "£600.00 is already approved or paid" in response.content.decode()
    fund.refresh_from_db()
    assert fund.total == Decimal("1000.00")


def test_coach_and_person_cannot_use_manager_pages(coach_client, asked):
    for url in (
        reverse("budgets:manager_home"),
        reverse("budgets:manager_figures"),
        reverse("budgets:manager_figures_csv", args=["by_team"]),
        reverse("budgets:fund_new"),
        reverse("budgets:manager_request", args=[asked.pk]),
    ):
        assert coach_client.get(url).status_code == 403


def test_figures_leave_out_people_who_turned_reporting_off(manager_client, coach, fund, manager):
    people = [make_person(f"P{i}", coach, with_login=False) for i in range(7)]
    for person in people:
        budget_request = make_request(person, "50.00", by=coach)
        services.request_approve(budget_request=budget_request, fund=fund, by=manager)
    hidden = people[0]
    Person.objects.filter(pk=hidden.pk).update(share_reporting=False)
    make_request(hidden, "999.00", by=coach)
    response = manager_client.get(reverse("budgets:manager_figures"))
    total = response.context["total"]
    assert (total.requested, total.approved, total.approved_sum) == (6, 6, Decimal("300.00"))
    assert response.context["left_out"] == 1
    page = response.content.decode()
    assert "£999.00" not in page and "chose not to be counted" in page
    assert "fewer than 5" in page  # one person left out is shown as fewer than 5


def test_every_figures_table_downloads_with_the_same_figures(manager_client, coach, fund, manager):
    people = [make_person(f"P{i}", coach, with_login=False) for i in range(6)]
    for person in people:
        budget_request = make_request(person, "50.00", by=coach)
        services.request_approve(budget_request=budget_request, fund=fund, by=manager)
    rows = {}
    for key in ("by_team", "by_fund", "by_category"):
        response = manager_client.get(reverse("budgets:manager_figures_csv", args=[key]))
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        text = response.content.decode("utf-8-sig")
        rows[key] = list(csv.reader(io.StringIO(text)))
    assert rows["by_team"][0][:3] == ["Team", "Requested", "Asked for (£)"]
    assert rows["by_team"][1][:6] == ["Leeds North", "6", "300.00", "0", "6", "300.00"]
    assert rows["by_team"][-1][0] == "Everyone"
    assert rows["by_fund"][1][:2] == [fund.name, "6"]
    # The category is not chosen yet: 6 requests, shown as on the page.
    assert rows["by_category"][1][:2] == ["Not chosen yet", "6"]
    # A small group keeps its amounts to itself, in the download too.
    make_request(make_person("Kai", coach, with_login=False), "10.00", by=coach)
    by_fund = manager_client.get(reverse("budgets:manager_figures_csv", args=["by_fund"]))
    waiting = list(csv.reader(io.StringIO(by_fund.content.decode("utf-8-sig"))))[-1]
    assert waiting[:3] == [
        "Not from a fund (waiting, withdrawn, declined)",
        "fewer than 5",
        "not shown",
    ]
    assert manager_client.get("/insights/budgets/figures/by_nothing.csv").status_code == 404


def test_a_small_total_hides_its_amounts_on_the_page_and_in_the_download(manager_client, coach):
    for name in ("Kai", "Lou"):
        make_request(make_person(name, coach, with_login=False), "123.45", by=coach)
    page = manager_client.get(reverse("budgets:manager_figures")).content.decode()
    assert "£123.45" not in page and "£246.90" not in page
    download = manager_client.get(reverse("budgets:manager_figures_csv", args=["by_team"]))
    everyone = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))[-1]
    assert everyone[:3] == ["Everyone", "fewer than 5", "not shown"]


def test_figures_measure_days_to_decide(manager_client, coach, fund, manager):
    person = make_person("Kai", coach, with_login=False)
    for days in (1, 2, 10):
        budget_request = make_request(person, "10.00", by=coach)
        decided = services.request_approve(budget_request=budget_request, fund=fund, by=manager)
        BudgetRequest.objects.filter(pk=budget_request.pk).update(
            requested_at=decided.decided_at - timedelta(days=days)
        )
    total = manager_client.get(reverse("budgets:manager_figures")).context["total"]
    assert (total.median_days, total.slowest_days) == (2.0, 10.0)


def test_the_figures_page_runs_a_fixed_number_of_queries(manager_client, coach, fund, manager):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert manager_client.get(reverse("budgets:manager_figures")).status_code == 200
        return len(queries)

    person = make_person("Kai", coach, with_login=False)
    make_request(person, "10.00", by=coach)
    few = count_queries()
    for _ in range(5):
        services.request_approve(
            budget_request=make_request(person, "10.00", by=coach), fund=fund, by=manager
        )
    assert count_queries() == few


def test_manager_queues_come_in_pages_of_fifty_oldest_first(manager_client, person, fund, manager):
    asked = [make_request(person, "10.00") for _ in range(MANAGER_ROWS + 2)]
    first = manager_client.get(reverse("budgets:manager_home")).content.decode()
    assert f">Request {asked[0].pk}<" in first and f">Request {asked[-1].pk}<" not in first
    assert "Page 1 of 2" in first and "?to_pay=1&amp;waiting=2#waiting" in first
    second = manager_client.get(reverse("budgets:manager_home") + "?waiting=2&to_pay=1")
    html = second.content.decode()
    assert f">Request {asked[-1].pk}<" in html and f">Request {asked[0].pk}<" not in html
    assert manager_client.get(reverse("budgets:manager_home") + "?waiting=x").status_code == 200


def test_a_question_in_the_error_summary_takes_no_colon(person_client):
    response = person_client.post(reverse("budgets:me_new"), {"amount": "20"})
    page = response.content.decode()
    assert "What is it for? " in page and "What is it for?:" not in page


def test_a_fund_cannot_close_before_money_it_has_paid(manager_client, person, fund, manager):
    paid = make_request(person, "60.00")
    services.request_approve(budget_request=paid, fund=fund, by=manager)
    paid_on = paid.requested_at.date()
    services.payment_record(
        budget_request=paid, by=manager, amount=Decimal("60.00"), paid_on=paid_on, method="voucher"
    )
    response = edit_fund(manager_client, fund, ends_on=paid_on - timedelta(days=1))
    assert f"Money was paid from this fund on {paid_on:%-d %B %Y}" in response.content.decode()
    ends_on = fund.ends_on
    fund.refresh_from_db()
    assert fund.ends_on == ends_on


def test_a_person_whose_coach_is_away_is_told_who_may_decide(person_client, person, coach):
    from datetime import date

    url = reverse("budgets:me_new")
    assert "is away" not in person_client.get(url).content.decode()
    coaching_services.coach_away(coach=coach, away=True, until=date(2031, 12, 3))
    page = person_client.get(url).content.decode()
    assert "Meg is away until 3 December, so a manager may decide it meanwhile." in page


def test_a_fund_paid_after_its_end_can_still_be_renamed(manager_client, person, fund, manager):
    paid = make_request(person, "60.00")
    services.request_approve(budget_request=paid, fund=fund, by=manager)
    late = fund.ends_on + timedelta(days=7)
    services.payment_record(
        budget_request=paid, by=manager, amount=Decimal("60.00"), paid_on=late, method="voucher"
    )
    response = edit_fund(manager_client, fund, name="A new name")
    assert response.status_code == 302
    fund.refresh_from_db()
    assert fund.name == "A new name"


def test_a_funds_paid_total_downloads_in_pounds_and_pence(manager_client, coach, fund, manager):
    """The page said £650.80 and £458.00; the download said 650.800000000000 and 458."""
    for name, pence in (("Kai", "125.40"), ("Lou", "125.40"), ("Max", "58.00")):
        budget_request = make_request(make_person(name, coach, with_login=False), pence, by=coach)
        services.request_approve(budget_request=budget_request, fund=fund, by=manager)
        services.payment_record(
            budget_request=budget_request,
            by=manager,
            amount=Decimal(pence),
            paid_on=timezone.localdate(),
            method="voucher",
        )
    by_fund = manager_client.get(reverse("budgets:manager_figures_csv", args=["by_fund"]))
    rows = list(csv.reader(io.StringIO(by_fund.content.decode("utf-8-sig"))))
    paid = rows[0].index("Paid (£)")
    assert [row[paid] for row in rows[1:] if row[0] == fund.name] == ["308.80"]


def test_a_request_in_a_list_is_its_words_escaped_and_cut_short(person_client, coach, person):
    coach_client = Client()
    coach_client.force_login(coach)
    words = "<b>Tools</b> & a van for the garden work I start next month, " + "x" * 40
    asked = make_request(person, "75.50", purpose=words)
    shown = "&lt;b&gt;Tools&lt;/b&gt; &amp; a van for the garden work I start next month…"
    for client, url, link in [
        (person_client, reverse("coaching:me"), reverse("budgets:me_request", args=[asked.pk])),
        (person_client, reverse("budgets:me_list"), reverse("budgets:me_request", args=[asked.pk])),
        (
            coach_client,
            reverse("coaching:person", args=[person.pk]),
            reverse("budgets:coach_request", args=[asked.pk]),
        ),
    ]:
        page = client.get(url).content.decode()
        assert f'<a href="{link}">{shown}</a>' in page
        assert "£75.50" in page and "<b>Tools" not in page
