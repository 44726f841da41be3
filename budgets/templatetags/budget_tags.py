"""Pure formatting for this app's templates: nothing here reads the database."""

from django import template

from budgets.models import BudgetRequest
from helpers.display import choice_badges

register = template.Library()


@register.simple_tag
def status_badge(budget_request) -> str:
    """Where a request stands, as a badge, in the words the person reads too."""
    return choice_badges(BudgetRequest.Status)[budget_request.status]
