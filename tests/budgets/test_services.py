"""The request's steps: each taken once, in order, never past a fund's total."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from budgets import services
from budgets.models import BudgetRequest, Fund
from coaching import services as coaching_services
from coaching.models import Activity
from tests.budgets.helpers import make_fund, make_request
from tests.conftest import make_coach, make_person


def test_the_whole_flow_is_timestamped_and_keeps_who_did_each_step(person, coach, manager):
    fund = make_fund(team=coach.team)
    asked = make_request(person, "300.00")
    assert (asked.status, asked.raised_by, asked.team) == ("requested", person.user, coach.team)
    approved = services.request_approve(budget_request=asked, fund=fund, by=manager)
    assert (approved.status, approved.decided_by, approved.fund) == ("approved", manager, fund)
    assert approved.decided_at is not None
    paid = services.payment_record(
        budget_request=approved,
        by=coach,
        amount=Decimal("285.00"),
        paid_on=timezone.localdate(),
        method="voucher",
    )
    assert (paid.status, paid.paid_amount, paid.paid_method) == (
        "paid",
        Decimal("285.00"),
        "voucher",
    )
    assert paid.paid_recorded_by == coach and paid.paid_recorded_at is not None
    fund.refresh_from_db()
    assert fund.allocated == Decimal("285.00")


def test_asking_and_withdrawing_tell_the_coach(person):
    budget_request = make_request(person)
    services.request_withdraw(budget_request=budget_request, by=person.user)
    kinds = list(Activity.objects.filter(person=person).values_list("kind", flat=True))
    assert kinds == ["budget_withdrawn", "budget_requested"]


def test_a_request_the_coach_raises_with_the_person_is_not_news_to_the_coach(person, coach):
    make_request(person, by=coach)
    assert not Activity.objects.filter(person=person).exists()


def test_a_withdrawn_request_cannot_be_decided_or_withdrawn_again(person, coach):
    fund = make_fund(team=coach.team)
    budget_request = make_request(person)
    services.request_withdraw(budget_request=budget_request, by=person.user)
    with pytest.raises(services.StepRefused):
        services.request_approve(budget_request=budget_request, fund=fund, by=coach)
    with pytest.raises(services.StepRefused):
        services.request_decline(budget_request=budget_request, by=coach, reason="No")
    with pytest.raises(services.StepRefused):
        services.request_withdraw(budget_request=budget_request, by=person.user)
    budget_request.refresh_from_db()
    assert budget_request.status == "withdrawn" and budget_request.decided_at is None


@pytest.mark.parametrize("first", ["approve", "decline"])
def test_a_decided_request_cannot_be_withdrawn_or_decided_again(person, coach, first):
    fund = make_fund(team=coach.team)
    budget_request = make_request(person)
    if first == "approve":
        services.request_approve(budget_request=budget_request, fund=fund, by=coach)
    else:
        services.request_decline(budget_request=budget_request, by=coach, reason="Not this one")
    with pytest.raises(services.StepRefused):
        services.request_withdraw(budget_request=budget_request, by=person.user)
    with pytest.raises(services.StepRefused):
        services.request_approve(budget_request=budget_request, fund=fund, by=coach)
    with pytest.raises(services.StepRefused):
        services.request_decline(budget_request=budget_request, by=coach, reason="Changed")
    budget_request.refresh_from_db()
    assert budget_request.status == ("approved" if first == "approve" else "declined")


def test_a_paid_request_cannot_be_paid_again(person, coach):
    fund = make_fund(team=coach.team)
    budget_request = make_request(person)
    services.request_approve(budget_request=budget_request, fund=fund, by=coach)
    pay = {"by": coach, "amount": Decimal("100.00"), "paid_on": timezone.localdate()}
    services.payment_record(budget_request=budget_request, method="voucher", **pay)
    with pytest.raises(services.StepRefused):
        services.payment_record(budget_request=budget_request, method="voucher", **pay)
    fund.refresh_from_db()
    assert fund.allocated == Decimal("100.00")


def test_a_coach_decides_only_up_to_the_funds_limit(person, coach, manager):
    fund = make_fund(team=coach.team, coach_limit="250.00")
    small, large = make_request(person, "250.00"), make_request(person, "250.01")
    services.request_approve(budget_request=small, fund=fund, by=coach)
    with pytest.raises(services.StepRefused, match="decided by a manager"):
        services.request_approve(budget_request=large, fund=fund, by=coach)
    with pytest.raises(services.StepRefused, match="a manager decides"):
        services.request_decline(budget_request=large, by=coach, reason="Too much")
    decided = services.request_approve(budget_request=large, fund=fund, by=manager)
    assert (decided.status, decided.decided_by) == ("approved", manager)


def test_a_person_never_decides_or_pays_even_below_the_views(person, coach, manager):
    fund = make_fund(team=coach.team)
    asked = make_request(person, "400.00")
    with pytest.raises(services.StepRefused, match="Only a coach or a manager"):
        services.request_approve(budget_request=asked, fund=fund, by=person.user)
    with pytest.raises(services.StepRefused, match="Only a coach or a manager"):
        services.request_decline(budget_request=asked, by=person.user, reason="No")
    services.request_approve(budget_request=asked, fund=fund, by=manager)
    with pytest.raises(services.StepRefused, match="Only a coach or a manager"):
        services.payment_record(
            budget_request=asked,
            by=person.user,
            amount=Decimal("400.00"),
            paid_on=timezone.localdate(),
            method="supplier",
        )
    asked.refresh_from_db()
    assert (asked.status, asked.decided_by) == ("approved", manager)


def test_a_decline_needs_a_reason_for_the_person(person, manager):
    budget_request = make_request(person)
    with pytest.raises(services.StepRefused):
        services.request_decline(budget_request=budget_request, by=manager, reason="   ")


def test_a_fund_must_be_open_on_the_day_of_the_decision(person, coach, manager):
    today = timezone.localdate()
    closed = make_fund(
        team=coach.team, starts_on=today - timedelta(days=400), ends_on=today - timedelta(days=1)
    )
    not_yet = make_fund(team=coach.team, starts_on=today + timedelta(days=1))
    budget_request = make_request(person)
    for fund in (closed, not_yet):
        with pytest.raises(services.StepRefused, match="is open from"):
            services.request_approve(budget_request=budget_request, fund=fund, by=manager)


def test_only_the_persons_teams_funds_and_shared_funds_can_pay(person, coach, outsider, manager):
    other_teams = make_fund(team=outsider.team)
    shared = make_fund(name="Shared", team=None)
    budget_request = make_request(person)
    with pytest.raises(services.StepRefused, match="not one this person's team"):
        services.request_approve(budget_request=budget_request, fund=other_teams, by=manager)
    services.request_approve(budget_request=budget_request, fund=shared, by=manager)


def test_approvals_stop_at_the_funds_total(coach, manager):
    fund = make_fund(team=coach.team, total="1000.00")
    person = make_person("Sam", coach)
    requests = [make_request(person, "300.00") for _ in range(4)]
    for budget_request in requests[:3]:
        services.request_approve(budget_request=budget_request, fund=fund, by=manager)
    with pytest.raises(services.StepRefused, match="£100.00 left"):
        services.request_approve(budget_request=requests[3], fund=fund, by=manager)
    fund.refresh_from_db()
    assert (fund.allocated, fund.available) == (Decimal("900.00"), Decimal("100.00"))
    requests[3].refresh_from_db()
    assert requests[3].status == "requested"


def test_paying_more_than_approved_counts_against_the_fund_too(person, coach, manager):
    fund = make_fund(team=coach.team, total="1000.00")
    first, second = make_request(person, "600.00"), make_request(person, "400.00")
    for budget_request in (first, second):
        services.request_approve(budget_request=budget_request, fund=fund, by=manager)
    with pytest.raises(services.StepRefused) as refused:
        services.payment_record(
            budget_request=first,
            by=manager,
            amount=Decimal("600.01"),
            paid_on=timezone.localdate(),
            method="supplier",
        )
    assert str(refused.value) == (
        "£600.01 is £0.01 more than the £600.00 approved. "
        f"{fund.name} has £0.00 left, not enough for this."
    )
    services.payment_record(
        budget_request=first,
        by=manager,
        amount=Decimal("550.00"),
        paid_on=timezone.localdate(),
        method="supplier",
    )
    fund = Fund.objects.with_figures().get(pk=fund.pk)
    assert (fund.committed, fund.paid, fund.available) == (
        Decimal("400.00"),
        Decimal("550.00"),
        Decimal("50.00"),
    )


def test_erasing_a_person_frees_their_unpaid_approval_and_keeps_their_payment(coach, manager):
    fund = make_fund(team=coach.team, total="1000.00")
    leaving, staying = make_person("Sam", coach), make_person("Jo", coach)
    unpaid, paid = make_request(leaving, "300.00"), make_request(leaving, "500.00")
    for budget_request in (unpaid, paid):
        services.request_approve(budget_request=budget_request, fund=fund, by=manager)
    services.payment_record(
        budget_request=paid,
        by=manager,
        amount=Decimal("450.00"),
        paid_on=timezone.localdate(),
        method="supplier",
    )
    make_request(leaving, "90.00")  # waiting: no money spoken for
    coaching_services.person_erase(
        deletion=coaching_services.deletion_request_make(person=leaving, by=leaving.user),
        by=manager,
    )
    fund = Fund.objects.with_figures().get(pk=fund.pk)
    assert not BudgetRequest.objects.exists()
    assert (fund.committed, fund.paid, fund.allocated, fund.available) == (
        Decimal("0.00"),
        Decimal("450.00"),
        Decimal("450.00"),
        Decimal("550.00"),
    )
    assert fund.allocated_from_requests() == fund.allocated
    # The freed £300 can be approved for someone else; no more than what is left.
    services.request_approve(budget_request=make_request(staying, "550.00"), fund=fund, by=manager)
    with pytest.raises(services.StepRefused, match="£0.00 left"):
        services.request_approve(
            budget_request=make_request(staying, "0.01"), fund=fund, by=manager
        )


def test_the_database_refuses_an_over_committed_fund(coach):
    fund = make_fund(team=coach.team, total="1000.00")
    with pytest.raises(IntegrityError), transaction.atomic():
        Fund.objects.filter(pk=fund.pk).update(allocated=Decimal("1000.01"))


@pytest.mark.parametrize(
    "fields",
    [
        {"amount": Decimal("0")},
        {"amount": Decimal("5000.01")},
        {"status": "declined", "decline_reason": ""},
        {"status": "approved"},
        {"status": "withdrawn"},
        {"status": "closed"},
    ],
)
def test_the_database_refuses_impossible_requests(person, fields):
    budget_request = make_request(person)
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetRequest.objects.filter(pk=budget_request.pk).update(**fields)


def test_a_person_without_an_open_relationship_keeps_their_team(coach):
    person = make_person("Jo", make_coach("tom", team=coach.team))
    person.current_relationship.end(by=person.user)
    assert make_request(person).team == coach.team


def test_a_coach_pays_out_no_more_than_they_could_have_approved(person, coach, manager):
    """A coach approves up to the fund's coach limit; recording a larger payment would
    get round it. Up to the approval or the limit, whichever is more; beyond, a manager."""
    fund = make_fund(team=coach.team, total="1000.00", coach_limit="250.00")
    small, large = make_request(person, "100.00"), make_request(person, "600.00")
    services.request_approve(budget_request=small, fund=fund, by=coach)
    services.request_approve(budget_request=large, fund=fund, by=manager)

    def pay(budget_request, amount, by):
        return services.payment_record(
            budget_request=budget_request,
            by=by,
            amount=Decimal(amount),
            paid_on=timezone.localdate(),
            method="supplier",
        )

    with pytest.raises(services.StepRefused, match="up to £250.00"):
        pay(small, "250.01", coach)
    with pytest.raises(services.StepRefused, match="up to £600.00"):
        pay(large, "600.01", coach)
    assert pay(small, "250.00", coach).paid_amount == Decimal("250.00")
    assert pay(large, "650.00", manager).paid_amount == Decimal("650.00")
