"""The person's budget requests, on their coach's page and on their own /me/."""

from budgets.models import BudgetRequest
from coaching.panels import person_panel
from coaching.reading import Part

SHOWN = 10  # the newest; /me/budgets/ and the coach's list have them all
TEMPLATE = "budgets/includes/requests_panel.html"
FIELDS = ("pk", "purpose", "amount", "status", "requested_at")


def _requests(person, viewer: str, rows: dict) -> dict:
    # The panel names no decider, so no user is read with each request.
    requests = [BudgetRequest(**row) for row in rows["requests"]]
    requests.sort(key=lambda r: (r.requested_at, r.pk), reverse=True)
    return {"requests": requests}


# After wellbeing and outcomes on /me/, before them on the coach's page.
@person_panel("budget_requests", order=10, viewers=["coach"], template=TEMPLATE, shape=_requests)
@person_panel("budget_requests", order=20, viewers=["person"], template=TEMPLATE, shape=_requests)
def budget_requests(person, viewer: str) -> list[Part]:
    return [
        Part(
            "requests",
            BudgetRequest.objects.filter(person=person),
            FIELDS,
            order_by=("-requested_at", "-pk"),
            limit=SHOWN,
        )
    ]
