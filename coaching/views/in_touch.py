"""Keeping in touch: the person asks their coach to get in touch and says how they like
to hear from them; the coach answers, and shows their work phone and hours."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods, require_POST

from coaching import ratelimit, services
from coaching.access import (
    coach_required,
    get_contact_ask_for_coach,
    get_own_person,
    get_person_for_coach,
    person_required,
    posted,
)
from coaching.in_touch_forms import (
    CoachKeepingInTouchForm,
    ContactAskForm,
    KeepingInTouchForm,
    WorkContactForm,
)
from coaching.models import ContactAsk, Relationship, User
from coaching.sent_once import first_sending, sent_once, to_first_sending

# Enough for a change of mind or two in a day; never a chat.
ASKS_PER_DAY = 5
DAY = 24 * 60 * 60
TOO_MANY = _(
    "You have asked a lot today, so we did not send this one. Your coach has your "
    "other asks. Your words are still here: please try again tomorrow."
)
ASKS_SHOWN = 10


def _why_no_ask(relationship) -> str:
    """Why the person cannot ask now, in their words; empty when they can."""
    if relationship is None or relationship.state == Relationship.State.ENDED:
        return _("Your coaching has ended. You can restart it on your page, then ask.")
    if not relationship.coach.is_active:
        return _(
            "Your coach has left. The charity will find you a new coach, who will get in touch."
        )
    return ""


@person_required
@require_http_methods(["GET", "POST"])
def me_reach(request):
    """Ask my coach to get in touch: how, when suits, a few words."""
    person = get_own_person(request)
    relationship = person.current_relationship
    why_not = _why_no_ask(relationship)
    form = ContactAskForm(None if why_not else posted(request))
    too_many = False
    if request.method == "POST" and form.is_valid():
        me = reverse("coaching:me")
        if (first := first_sending(request)) is not None:  # a second press: not a new ask
            return to_first_sending(request, first)
        too_many = not ratelimit.allow(
            # Per person too: people in a hostel may share one address.
            request,
            scope=f"contact_ask:{person.pk}",
            limit=ASKS_PER_DAY,
            window_seconds=DAY,
        )
        if not too_many:
            with sent_once(request, result_url=me):
                services.contact_ask_make(person=person, **form.cleaned_data)
            messages.success(
                request,
                _("Sent. %(coach)s will get in touch.")
                % {"coach": relationship.coach.display_name},
            )
            return redirect("coaching:me")
    asks = ContactAsk.objects.filter(person=person).select_related("answered_by")[:ASKS_SHOWN]
    return render(
        request,
        "coaching/me_reach.html",
        {
            "person": person,
            "relationship": relationship,
            "form": form,
            "why_not": why_not,
            "too_many": TOO_MANY if too_many else "",
            "asks": asks,
        },
        status=429 if too_many else 200,
    )


@person_required
@require_http_methods(["GET", "POST"])
def me_keeping_in_touch(request):
    person = get_own_person(request)
    kept = getattr(person, "keeping_in_touch", None)
    form = KeepingInTouchForm(posted(request), initial=KeepingInTouchForm.initial_from(kept))
    if request.method == "POST" and form.is_valid():
        if services.keeping_in_touch_save(person=person, answers=form.answers(), by=request.user):
            messages.success(request, _("Saved. Your coach can see it."))
        else:
            messages.info(request, _("Nothing changed."))
        return redirect("coaching:me")
    return render(request, "coaching/me_keeping_in_touch.html", {"person": person, "form": form})


@coach_required
@require_http_methods(["GET", "POST"])
def keeping_in_touch(request, person_id):
    """The coach writes down, with the person, how they like to keep in touch."""
    person = get_person_for_coach(
        request,
        person_id,
        what=gettext_noop("how you like to keep in touch, to change it with you"),
        related=["current_relationship", "keeping_in_touch"],
    )
    kept = getattr(person, "keeping_in_touch", None)
    form = CoachKeepingInTouchForm(
        posted(request), initial=KeepingInTouchForm.initial_from(kept), person=person
    )
    if request.method == "POST" and form.is_valid():
        if services.keeping_in_touch_save(person=person, answers=form.answers(), by=request.user):
            messages.success(request, f"Saved. {person.name} sees it on their page.")
        return redirect(person)
    return render(request, "coaching/coach_keeping_in_touch.html", {"person": person, "form": form})


@coach_required
@require_POST
def ask_answered(request, ask_id):
    """Mark a person's ask to get in touch answered (and any earlier one still open)."""
    ask = get_contact_ask_for_coach(
        request, ask_id, what=gettext_noop("your ask to get in touch, to answer it")
    )
    if services.contact_ask_answer(ask=ask, by=request.user):
        messages.success(request, f"Marked answered. {ask.person.name} sees that.")
    else:
        messages.info(request, "That was already marked answered.")
    return redirect(ask.person)


@coach_required
@require_http_methods(["GET", "POST"])
def work_contact(request):
    """The work phone and hours a coach shows their people on their page."""
    form = WorkContactForm(posted(request), instance=request.user)
    if request.method == "POST" and form.is_valid():
        # Only these two: a whole save would write back the rest of the sign-in as read.
        User.objects.filter(pk=request.user.pk).update(**form.cleaned_data)
        messages.success(request, "Saved. Your people see this on their page.")
        return redirect("coaching:coach_home")
    return render(request, "coaching/coach_work_contact.html", {"form": form})
