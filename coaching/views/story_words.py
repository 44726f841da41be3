"""The person's own words in their story: add an entry, ask for a correction of an
entry about them; their coach answers the ask (coaching.story_words)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods

from coaching import services
from coaching.access import (
    coach_required,
    get_correction_for_coach,
    get_own_person,
    person_required,
    posted,
)
from coaching.models import Contact, PersonEntry, RelationshipEvent
from coaching.sent_once import first_sending, sent_once, to_first_sending
from coaching.story_words_forms import CorrectionAnswerForm, CorrectionAskForm, PersonEntryForm

# What the person can ask to have corrected, each scoped to their own record.
CORRECTABLE = {
    "contact": lambda person: Contact.objects.filter(person=person),
    "step": lambda person: RelationshipEvent.objects.filter(relationship__person=person),
}


@person_required
@require_http_methods(["GET", "POST"])
def me_story_new(request):
    """Add an entry to my story, in my words."""
    person = get_own_person(request)
    form = PersonEntryForm(posted(request))
    if request.method == "POST" and form.is_valid():
        with sent_once(request, result_url=reverse("coaching:me")) as sending:
            services.person_entry_add(person=person, text=form.cleaned_data["text"])
        if sending.sent_before:
            return to_first_sending(request, sending.first)
        messages.success(request, _("Added to your story, in your words."))
        return redirect("coaching:me")
    return render(request, "coaching/me_story_new.html", {"person": person, "form": form})


@person_required
@require_http_methods(["GET", "POST"])
def me_story_take_out(request, story_entry_id):
    """Take an entry I wrote out of my story: asked first, then gone for good."""
    person = get_own_person(request)
    if request.method == "POST":
        if services.person_entry_take_out(person=person, entry_id=story_entry_id):
            messages.success(request, _("Taken out of your story. It is gone for good."))
        else:
            messages.info(request, _("That was taken out of your story already."))
        return redirect("coaching:me")  # the top, where the message says it is done
    entry = get_object_or_404(PersonEntry, person=person, pk=story_entry_id)
    return render(request, "coaching/me_story_take_out.html", {"person": person, "entry": entry})


@person_required
@require_http_methods(["GET", "POST"])
def me_correct(request, about, about_id):
    """Ask for a correction of one entry about me (`about`: its kind). Nothing in it
    changes."""
    person = get_own_person(request)
    if about not in CORRECTABLE:
        raise Http404
    entry = get_object_or_404(CORRECTABLE[about](person), pk=about_id)
    form = CorrectionAskForm(posted(request))
    if request.method == "POST" and form.is_valid():
        with sent_once(request, result_url=reverse("coaching:me")) as sending:
            services.correction_ask(
                person=person, entry=entry, words=form.cleaned_data["asked_words"]
            )
        if sending.sent_before:
            return to_first_sending(request, sending.first)
        messages.success(request, _("Sent. Your coach will answer. You can see it in your story."))
        return redirect("coaching:me")
    return render(
        request,
        "coaching/me_correct.html",
        {"person": person, "form": form, "kind": about, "entry": entry},
    )


@coach_required
@require_http_methods(["GET", "POST"])
def correction_answer(request, correction_id):
    """Answer a person's ask for a correction: a correction shown beside the entry, or
    why not. The entry and the ask stay as they are."""
    correction = get_correction_for_coach(
        request, correction_id, what=gettext_noop("your ask for a correction, to answer it")
    )
    person = correction.person
    answered_before = request.method == "POST" and correction.answered_at
    # A second press of the answer goes where the first went.
    if answered_before and (first := first_sending(request)) is not None:
        return to_first_sending(request, first)
    form = CorrectionAnswerForm(None if correction.answered_at else posted(request))
    if request.method == "POST" and form.is_valid():
        shown = f"{person.get_absolute_url()}#correction_answered-{correction.pk}"
        try:
            with sent_once(request, result_url=shown) as sending:
                services.correction_answer(
                    correction=correction,
                    by=request.user,
                    answer=form.cleaned_data["answer"],
                    words=form.cleaned_data["answer_words"],
                )
        except services.AlreadyAnswered as answered:
            messages.error(request, str(answered))
            return redirect(shown)
        if sending.sent_before:
            return to_first_sending(request, sending.first)
        messages.success(request, f"Answered. {person.name} sees it beside the entry.")
        return redirect(shown)
    return render(
        request,
        "coaching/correction_answer.html",
        {"person": person, "correction": correction, "form": form},
    )
