"""The person's own pages, phone first. They speak to the person: "you"."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from coaching import handovers, services
from coaching.access import get_own_person, person_required, posted
from coaching.forms import PauseForm, ReasonForm
from coaching.models import Activity, InvalidTransition, record_activity
from coaching.models.relationships import decision_applies
from coaching.request_forms import DifferentCoachForm
from coaching.sent_once import sent_once, to_first_sending
from coaching.timeline import person_page


@person_required
def home(request):
    person = get_own_person(request)
    context = person_page(person, "person", request.GET.get("before"))
    return render(request, "coaching/me_home.html", context)


CHOICES = {
    "pause": {
        "form": PauseForm,
        "title": _("Pause coaching"),
        "question": _("Pause coaching?"),
        "confirm": _("Yes, pause coaching"),
        "done": _("Coaching is paused. You can resume whenever you like."),
        "activity": Activity.Kind.PAUSED,
    },
    "resume": {
        "form": ReasonForm,
        "title": _("Resume coaching"),
        "question": _("Resume coaching?"),
        "confirm": _("Yes, resume coaching"),
        "done": _("Welcome back. Coaching has resumed."),
        "activity": Activity.Kind.RESUMED,
    },
    "end": {
        "form": ReasonForm,
        "title": _("End coaching"),
        "question": _("End coaching?"),
        "confirm": _("Yes, end coaching"),
        "done": _("Coaching has ended. Your record stays here, and you can restart at any time."),
        "activity": Activity.Kind.ENDED,
    },
    "restart": {
        "form": ReasonForm,
        "title": _("Restart coaching"),
        "question": _("Restart coaching?"),
        "confirm": _("Yes, restart coaching"),
        "done": _("Coaching has restarted. Your coach will be in touch."),
        "activity": Activity.Kind.RESTARTED,
    },
}


def _done(choice: dict, person) -> str:
    """What the person reads once their step is taken."""
    coach_has_left = not person.current_relationship.coach.is_active
    if choice["activity"] == Activity.Kind.RESTARTED and coach_has_left:
        return _(
            "Coaching has restarted. Your coach has left, so the charity will find you a "
            "new coach, who will be in touch."
        )
    return choice["done"]


@person_required
@require_http_methods(["GET", "POST"])
def decide(request, decision):
    """Confirm, then take, the person's own step: pause, resume, end or restart."""
    if decision not in CHOICES:
        raise Http404
    choice = CHOICES[decision]
    person = get_own_person(request)
    if not decision_applies(person.current_relationship, decision):
        messages.info(request, _("That step does not apply right now."))
        return redirect("coaching:me")
    form = choice["form"](posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.relationship_decide(
                person=person,
                decision=decision,
                by=request.user,
                reason=form.cleaned_data["reason"],
                until=form.cleaned_data.get("until"),
            )
        except InvalidTransition as refusal:
            messages.error(request, str(refusal))
        else:
            record_activity(person, choice["activity"])
            messages.success(request, _done(choice, person))
        return redirect("coaching:me")
    return render(
        request,
        "coaching/me_decide.html",
        {
            "person": person,
            "relationship": person.current_relationship,
            "form": form,
            "decision": decision,
            "title": choice["title"],
            "question": choice["question"],
            "confirm": choice["confirm"],
        },
    )


@person_required
@require_http_methods(["GET", "POST"])
def different_coach(request):
    """Ask for a different coach, in the person's own words: it goes to the inbox of
    their coach's team, where any coach there can hand them over."""
    person = get_own_person(request)
    relationship = person.current_relationship
    if relationship is None or not relationship.is_open:
        messages.info(request, _("That step does not apply right now."))
        return redirect("coaching:me")
    waiting = person.coach_change_requests.filter(answered_at__isnull=True).first()
    form = DifferentCoachForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            with sent_once(request, result_url=reverse("coaching:me_different_coach")) as sending:
                handovers.coach_change_ask(person=person, words=form.cleaned_data["words"])
        except InvalidTransition as refusal:  # asked already, in another tab or just now
            messages.info(request, str(refusal))
            return redirect("coaching:me_different_coach")
        if sending.sent_before:
            return to_first_sending(request, sending.first)
        messages.success(request, _("Thank you. Someone from the team will be in touch soon."))
        return redirect("coaching:me_different_coach")
    return render(
        request,
        "coaching/me_different_coach.html",
        {"person": person, "relationship": relationship, "waiting": waiting, "form": form},
    )
