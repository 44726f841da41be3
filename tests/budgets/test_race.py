"""Many approvals racing against one fund never take it past its total, and an
approval racing an erasure leaves the fund's books right (PostgreSQL)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, transaction

from budgets import services
from budgets.models import BudgetRequest, Fund
from coaching import services as coaching_services
from tests.budgets.helpers import make_fund, make_request
from tests.conftest import make_coach, make_manager, make_person

APPROVALS = 40


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_forty_concurrent_approvals_of_100_pounds_against_1000_approve_exactly_ten():
    coach = make_coach("meg")
    manager = make_manager()
    fund = make_fund(team=coach.team, total="1000.00")
    person = make_person("Sam", coach)
    requests = [make_request(person, "100.00") for _ in range(APPROVALS)]
    start = threading.Barrier(APPROVALS)
    outcomes: list[str] = []

    def approve(budget_request):
        try:
            start.wait()
            services.request_approve(budget_request=budget_request, fund=fund, by=manager)
            outcomes.append("approved")
        except services.StepRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(r,)) for r in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    fund = Fund.objects.with_figures().get(pk=fund.pk)
    approved = BudgetRequest.objects.filter(status="approved")
    print(  # the figure for the closing note
        f"\n{APPROVALS} concurrent approvals of £100 against a £1,000 fund: "
        f"{outcomes.count('approved')} approved, {outcomes.count('refused')} refused, "
        f"committed £{fund.committed:,.2f}"
    )
    assert outcomes.count("approved") == approved.count() == 10
    assert outcomes.count("refused") == APPROVALS - 10
    assert fund.committed == fund.allocated == Decimal("1000.00")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_approval_committing_during_an_erasure_is_released_with_the_record():
    coach, manager = make_coach("meg"), make_manager()
    fund = make_fund(team=coach.team, total="1000.00")
    person = make_person("Sam", coach)
    asked = make_request(person, "300.00")
    deletion = coaching_services.deletion_request_make(person=person, by=person.user)
    approving, finish_approving = threading.Event(), threading.Event()
    errors = []

    def approve():
        try:
            with transaction.atomic():
                services.request_approve(budget_request=asked, fund=fund, by=manager)
                approving.set()  # the request row is held until this commits
                finish_approving.wait(10)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    def erase():
        try:
            coaching_services.person_erase(deletion=deletion, by=manager)
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    approver = threading.Thread(target=approve)
    approver.start()
    assert approving.wait(10)
    eraser = threading.Thread(target=erase)
    eraser.start()
    eraser.join(1)  # it waits on the request row the approval holds
    finish_approving.set()
    approver.join()
    eraser.join()

    fund = Fund.objects.get(pk=fund.pk)
    assert errors == []
    assert not BudgetRequest.objects.exists()
    assert fund.allocated == fund.allocated_from_requests() == Decimal("0.00")
