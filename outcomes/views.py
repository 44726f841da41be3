"""Wellbeing scales (the person's and the coach's), outcomes, and the managers' pages."""

from django.contrib import messages
from django.db import IntegrityError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from coaching.access import (
    coach_required,
    get_own_person,
    get_person_for_coach,
    log_staff_view,
    manager_required,
    person_required,
    posted,
)
from coaching.sent_once import first_sending, sent_once, to_first_sending
from coaching.tables import csv_download
from outcomes import services
from outcomes.charts import bar_chart
from outcomes.contracts import contract_report
from outcomes.forms import (
    ContractForm,
    InsightsFilterForm,
    OutcomeForm,
    TariffForms,
    WellbeingForm,
)
from outcomes.insights import Filters
from outcomes.insights import figures as insights_figures
from outcomes.models import Contract, Outcome
from outcomes.scales import COPYRIGHT, current_scale
from outcomes.wellbeing import scale_items


def get_outcome_for_manager(request, outcome_id: int) -> Outcome:
    """An outcome with its evidence, for a manager to verify; the look is logged."""
    outcome = get_object_or_404(
        Outcome.objects.select_related("person", "type", "recorded_by", "sustains__type"),
        pk=outcome_id,
    )
    log_staff_view(person=outcome.person, viewer=request.user, what="an outcome, to verify it")
    return outcome


@manager_required
def insights(request):
    default = Filters.default()
    form = InsightsFilterForm(
        request.GET or None, initial={"start": default.start, "end": default.end}
    )
    if request.GET and not form.is_valid():
        return render(request, "outcomes/insights.html", {"form": form}, status=400)
    filters = form.filters() if request.GET else default
    found = insights_figures(filters)
    tables = [(table, bar_chart(table)) for table in found.tables.values()]
    query = request.GET.urlencode()
    return render(
        request,
        "outcomes/insights.html",
        {"form": form, "figures": found, "tables": tables, "query": query},
    )


@manager_required
def insights_csv(request, key):
    """One dashboard table as CSV: the same figures, the same "fewer than 5"."""
    form = InsightsFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        errors = "; ".join(e for errs in form.errors.values() for e in errs)
        return HttpResponseBadRequest(errors, content_type="text/plain; charset=utf-8")
    found = insights_figures(form.filters() if request.GET else Filters.default(), only=key)
    table = found.tables.get(key)
    if table is None:
        raise Http404
    # Named by its period, so a folder of downloads says which is which.
    period = f"{found.filters.start:%Y-%m-%d}-to-{found.filters.end:%Y-%m-%d}"
    return csv_download(table, f"{key}-{period}.csv")


def _wellbeing_page(request, person, *, done_url, viewer):
    """The scale, on one page. Refused (no form, nothing stored) when the person's
    choice is off."""
    if not person.share_wellbeing:
        messages.info(
            request,
            "You have chosen not to record wellbeing scores."
            if viewer == "person"
            else f"{person.name} has chosen not to record wellbeing scores.",
        )
        return redirect(done_url)
    scale = current_scale()
    items, wording_loaded = scale_items(scale)
    form = WellbeingForm(posted(request), items=items)
    if request.method == "POST" and form.is_valid():
        with sent_once(request, result_url=done_url) as sending:
            services.wellbeing_record(person=person, answers=form.answers(), by=request.user)
        if sending.sent_before:
            return to_first_sending(request, sending.first)
        messages.success(
            request,
            "Thank you. Your answers are saved."
            if viewer == "person"
            else f"{person.name}'s answers are saved.",
        )
        return redirect(done_url)
    return render(
        request,
        "outcomes/wellbeing_form.html",
        {
            "person": person,
            "form": form,
            "scale": scale,
            "wording_loaded": wording_loaded,
            "copyright": COPYRIGHT,
            "viewer": viewer,
            "done_url": done_url,
        },
    )


@person_required
@require_http_methods(["GET", "POST"])
def me_wellbeing_new(request):
    person = get_own_person(request)
    return _wellbeing_page(
        request, person, done_url=reverse("coaching:me") + "#wellbeing", viewer="person"
    )


@coach_required
@require_http_methods(["GET", "POST"])
def wellbeing_new(request, person_id):
    person = get_person_for_coach(
        request, person_id, what="your record, to fill in a wellbeing scale"
    )
    return _wellbeing_page(
        request, person, done_url=f"{person.get_absolute_url()}#wellbeing", viewer="coach"
    )


@coach_required
@require_http_methods(["GET", "POST"])
def outcome_new(request, person_id):
    person = get_person_for_coach(request, person_id, what="your record, to record an outcome")
    initial = {}
    if request.method == "GET":
        initial = {
            k: request.GET[k] for k in ("type", "sustains") if request.GET.get(k, "").isdigit()
        }
    done_url = f"{person.get_absolute_url()}#outcomes"
    # Asked before the form is checked, which would refuse a second press as an
    # outcome already recorded that day rather than say it was saved.
    if (first := first_sending(request)) is not None:
        return to_first_sending(request, first)
    form = OutcomeForm(posted(request), person=person, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with sent_once(request, result_url=done_url) as sending:
                services.outcome_record(
                    person=person,
                    outcome_type=form.cleaned_data["type"],
                    achieved_on=form.cleaned_data["achieved_on"],
                    evidence=form.cleaned_data["evidence"],
                    sustains=form.cleaned_data["sustains"],
                    by=request.user,
                )
        except services.AlreadyRecorded as refused:
            # Sent at the same moment as someone else's: the form had not seen theirs.
            # Said where the form says it, beside the field to change.
            form.add_error(refused.field, str(refused))
        else:
            if sending.sent_before:
                return to_first_sending(request, sending.first)
            messages.success(request, f"Outcome recorded for {person.name}. A manager verifies it.")
            return redirect(done_url)
    return render(request, "outcomes/outcome_form.html", {"person": person, "form": form})


@manager_required
def outcomes_to_verify(request):
    waiting = (
        Outcome.objects.awaiting_verification()
        .select_related("type", "recorded_by", "team")
        .order_by("achieved_on", "pk")
    )
    return render(
        request,
        "outcomes/outcomes_to_verify.html",
        {"waiting": waiting[:200], "total": waiting.count()},
    )


@manager_required
@require_http_methods(["GET", "POST"])
def outcome_verify(request, outcome_id):
    outcome = get_outcome_for_manager(request, outcome_id)
    if request.method == "POST":
        if services.outcome_verify(outcome=outcome, by=request.user):
            messages.success(request, f"{outcome.type} verified.")
        else:
            messages.info(request, "That outcome was already verified.")
        return redirect("outcomes:outcomes_to_verify")
    return render(request, "outcomes/outcome_verify.html", {"outcome": outcome})


@manager_required
def contracts(request):
    return render(request, "outcomes/contracts.html", {"contracts": Contract.objects.all()})


@manager_required
@require_http_methods(["GET", "POST"])
def contract_new(request):
    # Asked before the form is checked, which would refuse a second press as a name
    # already taken rather than say it was saved.
    if (first := first_sending(request)) is not None:
        return to_first_sending(request, first)
    form = ContractForm(posted(request))
    tariff_forms = TariffForms(posted(request))
    if request.method == "POST" and form.is_valid() and tariff_forms.is_valid():
        try:
            with sent_once(request) as sending:
                contract = form.save()
                for tariff_form in tariff_forms:
                    if not tariff_form.left_blank:
                        tariff = tariff_form.save(commit=False)
                        tariff.contract, tariff.outcome_type = contract, tariff_form.outcome_type
                        tariff.save()
                sending.result_url = reverse("outcomes:contract", args=[contract.pk])
        except IntegrityError:
            # Set up at the same moment by another manager: checked again, the form sees
            # it and says so, in its own words.
            form = ContractForm(posted(request))
            if form.is_valid():
                raise
        else:
            if sending.sent_before:
                return to_first_sending(request, sending.first)
            messages.success(request, f"{contract.name} is set up.")
            return redirect("outcomes:contract", contract.pk)
    return render(
        request, "outcomes/contract_form.html", {"form": form, "tariff_forms": tariff_forms}
    )


@manager_required
def contract_detail(request, contract_id):
    contract = get_object_or_404(Contract.objects.prefetch_related("teams"), pk=contract_id)
    return render(
        request,
        "outcomes/contract_detail.html",
        {"contract": contract, "report": contract_report(contract)},
    )
