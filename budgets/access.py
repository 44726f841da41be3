"""Every budget request a view touches comes through here.

A person reaches only their own requests; a coach only those of their own
people, and of people they cover for; a manager any, since managers decide.
Another's id is a 404. Each staff view writes one access-log entry, because a
request is personal data.
"""

from django.shortcuts import get_object_or_404

from budgets.models import BudgetRequest, Fund
from coaching.access import log_coach_view, log_staff_view
from coaching.models import Person

RELATED = ("person__current_relationship__coach", "fund", "decided_by", "raised_by", "team")


def get_own_request(request, request_id: int) -> BudgetRequest:
    return get_object_or_404(
        BudgetRequest.objects.for_person_user(request.user).select_related(*RELATED),
        pk=request_id,
    )


def get_request_for_coach(request, request_id: int, *, what: str) -> BudgetRequest:
    """A request of the coach's own person, or of one they cover for (who may have
    raised it with them); a view through cover is marked as such in the log."""
    budget_request = get_object_or_404(
        BudgetRequest.objects.filter(
            person__in=Person.objects.for_coach_or_cover(request.user)
        ).select_related(*RELATED),
        pk=request_id,
    )
    log_coach_view(request, budget_request.person, what=what)
    return budget_request


def get_request_for_manager(request, request_id: int, *, what: str) -> BudgetRequest:
    budget_request = get_object_or_404(
        BudgetRequest.objects.select_related(*RELATED), pk=request_id
    )
    log_staff_view(person=budget_request.person, viewer=request.user, what=what)
    return budget_request


def get_fund_for_manager(request, fund_id: int) -> Fund:
    return get_object_or_404(Fund.objects.select_related("team"), pk=fund_id)
