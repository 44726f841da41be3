"""Wellbeing scales (the person's and the coach's), outcomes, and the managers' pages."""

from django.contrib import messages
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop
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
from outcomes.forms import (
    InsightsFilterForm,
    OutcomeForm,
    WellbeingForm,
)
from outcomes.insights import SECTIONS, Filters
from outcomes.insights import answers as insights_answers
from outcomes.insights import figures as insights_figures
from outcomes.models import Outcome
from outcomes.scales import COPYRIGHT, current_scale
from outcomes.wellbeing import scale_items


def get_outcome_for_manager(request, outcome_id: int) -> Outcome:
    """An outcome with its evidence, for a manager to verify; the look is logged."""
    outcome = get_object_or_404(
        Outcome.objects.select_related("person", "type", "recorded_by", "sustains__type"),
        pk=outcome_id,
    )
    log_staff_view(
        person=outcome.person, viewer=request.user, what=gettext_noop("an outcome, to verify it")
    )
    return outcome


@manager_required
def insights(request):
    default = Filters.default()
    # A period left out is the default one, and the boxes say so, also when the page
    # comes back with a message about another filter.
    asked = request.GET.copy()
    if asked:
        asked["start"] = asked.get("start") or default.start.isoformat()
        asked["end"] = asked.get("end") or default.end.isoformat()
    form = InsightsFilterForm(asked or None, initial={"start": default.start, "end": default.end})
    if request.GET and not form.is_valid():
        return render(request, "outcomes/insights.html", {"form": form}, status=400)
    filters = form.filters() if request.GET else default
    found = insights_figures(filters)
    sections = [
        (anchor, title, [(found.tables[k], bar_chart(found.tables[k])) for k in keys])
        for anchor, title, keys in SECTIONS
    ]
    query = request.GET.urlencode()
    return render(
        request,
        "outcomes/insights.html",
        {
            "form": form,
            "figures": found,
            "answers": insights_answers(found),
            "sections": sections,
            "query": query,
        },
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
            gettext("You have chosen not to record wellbeing scores.")
            if viewer == "person"
            else f"{person.name} has chosen not to record wellbeing scores.",
        )
        return redirect(done_url)
    scale = current_scale()
    items, wording_loaded = scale_items(scale)
    if viewer == "person" and not wording_loaded:
        # One-word themes are not the scale: nothing to answer on screen yet.
        messages.info(
            request,
            gettext("These questions are not ready here yet. Your coach can do them with you."),
        )
        return redirect(done_url)
    paper = "" if viewer == "person" else "may" if wording_loaded else "must"
    form = WellbeingForm(posted(request), items=items, paper=paper)
    if request.method == "POST" and form.is_valid():
        with sent_once(request, result_url=done_url) as sending:
            services.wellbeing_record(
                person=person,
                answers=form.answers(),
                by=request.user,
                from_paper=form.from_paper,
            )
        if sending.sent_before:
            return to_first_sending(request, sending.first)
        messages.success(
            request,
            gettext("Thank you. Your answers are saved.")
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
        request, person_id, what=gettext_noop("your record, to fill in a wellbeing scale")
    )
    return _wellbeing_page(
        request, person, done_url=f"{person.get_absolute_url()}#wellbeing", viewer="coach"
    )


@coach_required
@require_http_methods(["GET", "POST"])
def outcome_new(request, person_id):
    person = get_person_for_coach(
        request, person_id, what=gettext_noop("your record, to record an outcome")
    )
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
