"""Many approvals racing against one fund never take it past its total (PostgreSQL)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from budgets import services
from budgets.models import BudgetRequest, Fund
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
