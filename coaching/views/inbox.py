"""The team inbox: requests for a coach, taken or passed to another team, and people
asking for a different coach."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coaching import handovers, returning, services
from coaching.access import (
    coach_required,
    get_coach_change_for_coach,
    get_coach_request_for_coach,
    posted,
)
from coaching.forms import HandOverForm
from coaching.models import InvalidTransition
from coaching.request_forms import PassRequestForm, TakeRequestForm

MOVED = "Another coach passed this request to another team a moment ago."


@coach_required
@require_GET
def detail(request, coach_request_id):
    coach_request = get_coach_request_for_coach(
        request, coach_request_id, what=gettext_noop("how you asked for a coach")
    )
    return _render(request, coach_request)


@coach_required
@require_POST
def take(request, coach_request_id):
    coach_request = get_coach_request_for_coach(
        request, coach_request_id, what=gettext_noop("how you asked for a coach, to begin coaching")
    )
    form = TakeRequestForm(
        request.POST, coach_request=coach_request, matches=_earlier(request, coach_request)
    )
    if coach_request.is_taken:
        messages.info(request, "This request has already been taken.")
        return redirect(coach_request)
    if not form.is_valid():
        return _render(request, coach_request, take_form=form, status=400)
    try:
        person = services.coach_request_take(
            coach_request=coach_request,
            coach=request.user,
            person_agreed=form.cleaned_data.get("person_agreed", False),
            returning=form.returning,
        )
    except (services.RequestAlreadyTaken, services.RequestMoved) as raced:
        return _overtaken(request, raced)
    except InvalidTransition as refusal:  # their coaching restarted meanwhile
        messages.info(request, str(refusal))
        return redirect(coach_request)
    began = "carries on" if form.returning else "has begun"
    messages.success(
        request,
        f"Coaching with {person.name} {began}. Get in touch the way they asked: "
        "their details are below.",
    )
    return redirect(coach_request)


def _earlier(request, coach_request) -> list:
    """People this coach walked with before who may be the one asking again."""
    if coach_request.is_taken:
        return []
    return returning.earlier_records(
        coach=request.user,
        name=coach_request.name,
        area=coach_request.area,
        reach_details=coach_request.reach_details,
    )


@coach_required
@require_POST
def pass_on(request, coach_request_id):
    coach_request = get_coach_request_for_coach(
        request, coach_request_id, what=gettext_noop("how you asked for a coach, to pass it on")
    )
    if coach_request.is_taken:
        messages.info(request, "This request has already been taken.")
        return redirect(coach_request)
    form = PassRequestForm(request.POST, current_team=coach_request.team)
    if not form.is_valid():
        return _render(request, coach_request, pass_form=form, status=400)
    try:
        services.coach_request_pass(
            coach_request=coach_request,
            to_team=form.cleaned_data["to_team"],
            by=request.user,
            note=form.cleaned_data["note"],
        )
    except (services.RequestAlreadyTaken, services.RequestMoved) as raced:
        return _overtaken(request, raced)
    messages.success(request, f"Passed to {form.cleaned_data['to_team'].name}.")
    return redirect("coaching:coach_home")


def _overtaken(request, raced: Exception):
    """Another coach took or passed the request while this page was open."""
    taken = isinstance(raced, services.RequestAlreadyTaken)
    messages.info(request, "Another coach took this request a moment ago." if taken else MOVED)
    return redirect("coaching:coach_home")


def _render(request, coach_request, *, take_form=None, pass_form=None, status=200):
    if not coach_request.is_taken:
        take_form = take_form or TakeRequestForm(
            coach_request=coach_request, matches=_earlier(request, coach_request)
        )
        pass_form = pass_form or PassRequestForm(current_team=coach_request.team)
    return render(
        request,
        "coaching/coach_request.html",
        {
            "coach_request": coach_request,
            "take_form": take_form,
            "pass_form": pass_form,
            "passes": coach_request.passes.select_related("from_team", "to_team", "passed_by"),
        },
        status=status,
    )


@coach_required
@require_http_methods(["GET", "POST"])
def different_coach(request, change_id):
    """A person's request for a different coach: any coach of the team may read it and
    hand them over; the handover says it was the person's request."""
    change = get_coach_change_for_coach(
        request, change_id, what=gettext_noop("your request for a different coach")
    )
    person, relationship = change.person, change.person.current_relationship
    form = HandOverForm(posted(request), current_coach=relationship.coach)
    if request.method == "POST" and form.is_valid():
        to_coach = form.cleaned_data["to_coach"]
        try:
            handovers.relationship_hand_over(
                person=person,
                relationship=relationship,
                to_coach=to_coach,
                by=request.user,
                reason=form.cleaned_data["reason"],
                answering=change,
            )
        except InvalidTransition as refusal:
            messages.info(request, str(refusal))
            return redirect("coaching:coach_home")
        messages.success(request, f"{person.name} now walks with {to_coach.display_name}.")
        return redirect("coaching:coach_home")
    return render(
        request,
        "coaching/different_coach.html",
        {"change": change, "person": person, "relationship": relationship, "form": form},
    )
