"""Personal budgets: the person asks, a coach or manager decides, someone pays."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods

from budgets import figures, services
from budgets.access import (
    get_fund_for_manager,
    get_own_request,
    get_request_for_coach,
    get_request_for_manager,
)
from budgets.forms import (
    CategoryForm,
    CoachRequestForm,
    DecisionForm,
    FundForm,
    PaymentForm,
    PersonRequestForm,
)
from budgets.models import BudgetRequest, Fund
from coaching.access import (
    coach_required,
    get_own_person,
    get_person_for_coach,
    manager_required,
    person_required,
    posted,
)
from coaching.sent_once import sent_once, to_first_sending
from coaching.tables import Table, csv_download

# The person's pages

# Rows a page in the manager's two queues, oldest first.
MANAGER_ROWS = 50


@person_required
def me_list(request):
    person = get_own_person(request)
    requests = person.budget_requests.select_related("decided_by")
    return render(request, "budgets/me_list.html", {"person": person, "requests": requests})


@person_required
@require_http_methods(["GET", "POST"])
def me_new(request):
    person = get_own_person(request)
    form = PersonRequestForm(posted(request))
    if request.method == "POST" and form.is_valid():
        with sent_once(request) as sending:
            budget_request = services.request_raise(
                person=person, by=request.user, **form.cleaned_data
            )
            sending.result_url = budget_request.get_absolute_url()
        if sending.sent_before:
            return to_first_sending(request, sending.first)
        messages.success(
            request, _("Thank you. Your request is in, and your coach will hear of it.")
        )
        return redirect(budget_request)
    return render(request, "budgets/me_new.html", {"person": person, "form": form})


@person_required
def me_request(request, budget_request_id):
    budget_request = get_own_request(request, budget_request_id)
    return render(
        request,
        "budgets/me_request.html",
        {"budget_request": budget_request, "person": budget_request.person},
    )


@person_required
@require_http_methods(["GET", "POST"])
def me_withdraw(request, budget_request_id):
    budget_request = get_own_request(request, budget_request_id)
    if request.method == "POST":
        try:
            services.request_withdraw(budget_request=budget_request, by=request.user)
        except services.StepRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("You have withdrawn your request."))
        return redirect(budget_request)
    if not budget_request.is_open:
        messages.info(
            request, _("This request has been decided, so it can no longer be withdrawn.")
        )
        return redirect(budget_request)
    return render(request, "budgets/me_withdraw.html", {"budget_request": budget_request})


# The coach's pages


@coach_required
def coach_list(request):
    latest = list(
        BudgetRequest.objects.for_coach(request.user)
        .select_related("person")
        .order_by("-requested_at", "-pk")[:200]
    )
    # Waiting ones first, then the rest, each newest first.
    requests = sorted(latest, key=lambda budget_request: not budget_request.is_open)
    return render(request, "budgets/coach_list.html", {"requests": requests})


@coach_required
@require_http_methods(["GET", "POST"])
def coach_new(request, person_id):
    person = get_person_for_coach(
        request, person_id, what=gettext_noop("your record, to ask for a budget")
    )
    form = CoachRequestForm(posted(request), person=person)
    if request.method == "POST" and form.is_valid():
        with sent_once(request) as sending:
            budget_request = services.request_raise(
                person=person, by=request.user, **form.cleaned_data
            )
            sending.result_url = reverse("budgets:coach_request", args=[budget_request.pk])
        if sending.sent_before:
            return to_first_sending(request, sending.first)
        messages.success(request, f"Request raised with {person.name}.")
        return redirect("budgets:coach_request", budget_request.pk)
    return render(request, "budgets/coach_new.html", {"person": person, "form": form})


@coach_required
@require_http_methods(["GET", "POST"])
def coach_request(request, budget_request_id, step=None):
    _check_step(request, step)
    budget_request = get_request_for_coach(
        request, budget_request_id, what=gettext_noop("your personal budget request")
    )
    return _staff_request_page(request, budget_request, step, "budgets:coach_request")


# The manager's pages


@manager_required
def manager_home(request):
    funds = Fund.objects.with_figures().select_related("team")
    waiting = BudgetRequest.objects.awaiting_decision().select_related("team")
    to_pay = BudgetRequest.objects.filter(status=BudgetRequest.Status.APPROVED).select_related(
        "team", "fund"
    )
    waiting = _queue_page(waiting.order_by("requested_at", "pk"), request.GET.get("waiting"))
    to_pay = _queue_page(to_pay.order_by("decided_at", "pk"), request.GET.get("to_pay"))
    return render(
        request,
        "budgets/manager_home.html",
        {
            "funds": funds,
            "waiting": waiting,
            "to_pay": to_pay,
            # Turning the pages of one queue keeps the other where it was.
            "keep_waiting": f"waiting={waiting.number}",
            "keep_to_pay": f"to_pay={to_pay.number}",
        },
    )


def _queue_page(requests, number):
    page = Paginator(requests, MANAGER_ROWS).get_page(number)
    # Fetched even when the queue is empty, so the page's queries never depend on the data.
    start = (page.number - 1) * MANAGER_ROWS
    page.object_list = list(requests[start : start + MANAGER_ROWS])
    return page


@manager_required
@require_http_methods(["GET", "POST"])
def manager_request(request, budget_request_id, step=None):
    _check_step(request, step)
    budget_request = get_request_for_manager(
        request,
        budget_request_id,
        what=gettext_noop("your personal budget request, to decide or pay it"),
    )
    return _staff_request_page(request, budget_request, step, "budgets:manager_request")


@manager_required
@require_http_methods(["GET", "POST"])
def fund_edit(request, fund_id=None):
    fund = get_fund_for_manager(request, fund_id) if fund_id else Fund()
    form = FundForm(posted(request), instance=fund)
    if request.method == "POST" and form.is_valid():
        with sent_once(request, result_url=reverse("budgets:manager_home")) as sending:
            form.save()
        if sending.sent_before:
            return to_first_sending(request, sending.first)
        messages.success(request, f"{fund.name} saved.")
        return redirect("budgets:manager_home")
    return render(request, "budgets/fund_form.html", {"fund": fund, "form": form})


@manager_required
def manager_figures(request):
    return render(request, "budgets/figures.html", figures.budget_figures())


FIGURES_TABLES = {
    "by_team": ("By team", "Team"),
    "by_fund": ("By fund", "Fund"),
    "by_category": ("What the money was for", "Chosen by the coach or manager"),
}


@manager_required
def manager_figures_csv(request, key):
    """One table of the figures page as CSV: the same figures, the same "not shown"."""
    if key not in FIGURES_TABLES:
        raise Http404
    found = figures.budget_figures()
    title, group = FIGURES_TABLES[key]
    rows = found[key] + ([found["total"]] if key == "by_team" else [])
    table = Table(key=key, title=title, columns=[group, *figures.COLUMNS])
    table.rows = [row.cells() for row in rows]
    return csv_download(table, f"budgets-{key.replace('_', '-')}.csv")


# Shared by coach and manager: one request, and the step they can take next

STEPS = {
    "decide": "Decision recorded.",
    "pay": "Payment recorded.",
    "category": "Saved what the money was for.",
}


def _check_step(request, step) -> None:
    """A step is taken by POST only; checked before the request is fetched (and logged)."""
    if step is not None and (step not in STEPS or request.method != "POST"):
        raise Http404


def _staff_request_page(request, budget_request, step, url_name):
    forms = _staff_forms(budget_request, request.user, step, request.POST)
    form = forms.get(step)
    if step and form is None:
        messages.info(request, "That step does not apply to this request now.")
        return redirect(url_name, budget_request.pk)
    if form is not None and form.is_valid():
        try:
            _take_step(step, form, budget_request, request.user)
        except services.StepRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, STEPS[step])
            return redirect(url_name, budget_request.pk)
    viewer = "coach" if request.user.is_coach else "manager"
    return render(
        request,
        "budgets/staff_request.html",
        {
            "budget_request": budget_request,
            "person": budget_request.person,
            "viewer": viewer,
            # A manager decides on what the request says, not on who asked.
            "who": budget_request.person.name if viewer == "coach" else "the person",
            "forms": forms,
            "coach_may_decide": viewer == "manager" or services.coach_may_decide(budget_request),
            **{f"{name}_url": reverse(url_name, args=[budget_request.pk, name]) for name in STEPS},
        },
    )


def _staff_forms(budget_request, user, step, data) -> dict:
    """The forms for the steps open now; only the posted one is bound."""

    def bound(name):
        return data if step == name else None

    forms = {}
    status = budget_request.status
    if status == BudgetRequest.Status.REQUESTED and (
        user.is_manager or services.coach_may_decide(budget_request)
    ):
        forms["decide"] = DecisionForm(
            bound("decide"), budget_request=budget_request, user=user, prefix="decide"
        )
    if status == BudgetRequest.Status.APPROVED:
        forms["pay"] = PaymentForm(bound("pay"), budget_request=budget_request, prefix="pay")
    if status != BudgetRequest.Status.WITHDRAWN:
        forms["category"] = CategoryForm(
            bound("category"), initial={"category": budget_request.category}, prefix="category"
        )
    return forms


def _take_step(step, form, budget_request, user):
    data = form.cleaned_data
    if step == "decide" and data["decision"] == DecisionForm.APPROVE:
        services.request_approve(budget_request=budget_request, fund=data["fund"], by=user)
    elif step == "decide":
        services.request_decline(
            budget_request=budget_request, by=user, reason=data["decline_reason"]
        )
    elif step == "pay":
        services.payment_record(budget_request=budget_request, by=user, **data)
    elif step == "category":
        services.request_categorise(budget_request=budget_request, category=data["category"])
