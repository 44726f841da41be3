"""The person's own pages, phone first. They speak to the person: "you"."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from coaching import services
from coaching.access import get_own_person, person_required, posted
from coaching.forms import PauseForm, ReasonForm
from coaching.models import Activity, InvalidTransition, record_activity
from coaching.models.relationships import decision_applies
from coaching.timeline import person_page


@person_required
def home(request):
    person = get_own_person(request)
    context = person_page(person, "person", request.GET.get("before"))
    return render(request, "coaching/me_home.html", context)


CHOICES = {
    "pause": {
        "form": PauseForm,
        "title": "Pause coaching",
        "done": "Coaching is paused. You can resume whenever you like.",
        "activity": Activity.Kind.PAUSED,
    },
    "resume": {
        "form": ReasonForm,
        "title": "Resume coaching",
        "done": "Welcome back. Coaching has resumed.",
        "activity": Activity.Kind.RESUMED,
    },
    "end": {
        "form": ReasonForm,
        "title": "End coaching",
        "done": "Coaching has ended. Your record stays here, and you can restart at any time.",
        "activity": Activity.Kind.ENDED,
    },
    "restart": {
        "form": ReasonForm,
        "title": "Restart coaching",
        "done": "Coaching has restarted. Your coach will be in touch.",
        "activity": Activity.Kind.RESTARTED,
    },
}


def _done(choice: dict, person) -> str:
    """What the person reads once their step is taken."""
    coach_has_left = not person.current_relationship.coach.is_active
    if choice["activity"] == Activity.Kind.RESTARTED and coach_has_left:
        return (
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
        messages.info(request, "That step does not apply right now.")
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
        },
    )
