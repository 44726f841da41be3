"""The person's budget requests, on their coach's page and on their own /me/; those
waiting for a decision, on the coach's overview of their people."""

from django.db.models import Exists, OuterRef

from budgets.models import BudgetRequest, Fund
from coaching.panels import overview_section, person_panel
from coaching.reading import Part, as_instances

SHOWN = 10  # the newest; /me/budgets/ and the coach's list have them all
SHOWN_WAITING = 50  # on the coach's overview; their list of requests has them all
TEMPLATE = "budgets/includes/requests_panel.html"
FIELDS = ("pk", "purpose", "amount", "status", "requested_at")


def _requests(person, viewer: str, rows: dict) -> dict:
    # The panel names no decider, so no user is read with each request.
    requests = as_instances(BudgetRequest, rows["requests"])
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


def _waiting(coach, rows: dict, today) -> dict:
    waiting = sorted(rows["waiting"], key=lambda r: (r["requested_at"], r["pk"]))
    return {"waiting": waiting, "more": len(waiting) == SHOWN_WAITING}


@overview_section(
    "budget_requests",
    order=20,
    template="budgets/includes/overview_requests.html",
    shape=_waiting,
)
def waiting_requests(coach, today) -> list[Part]:
    """Requests of the coach's people waiting for a decision, the oldest SHOWN_WAITING,
    and which of them the coach may decide (within an open fund's coach limit)."""
    funds = Fund.objects.for_team(coach.team_id).open_on(today)
    return [
        Part(
            "waiting",
            BudgetRequest.objects.for_coach(coach).awaiting_decision(),
            ("pk", "amount", "requested_at", "person__name"),
            order_by=("requested_at", "pk"),
            limit=SHOWN_WAITING,
            computed={"coach_decides": Exists(funds.filter(coach_limit__gte=OuterRef("amount")))},
        )
    ]
