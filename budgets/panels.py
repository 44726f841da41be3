"""The person's budget requests, on their coach's page and on their own /me/."""

from budgets.models import BudgetRequest
from coaching.panels import person_panel

SHOWN = 10  # the newest; /me/budgets/ and the coach's list have them all
TEMPLATE = "budgets/includes/requests_panel.html"


# After wellbeing and outcomes on /me/, before them on the coach's page.
@person_panel("budget_requests", order=10, viewers=["coach"], template=TEMPLATE)
@person_panel("budget_requests", order=20, viewers=["person"], template=TEMPLATE)
def budget_requests(person, viewer: str) -> dict:
    # One query. The panel names no decider, so no user is read with each request.
    return {"requests": list(BudgetRequest.objects.filter(person=person)[:SHOWN])}
