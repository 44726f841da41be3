"""What a coach records *with* the person (sharing choices, their words), what the
coach prints for them, and the manager's side of a request to delete a record."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods

from coaching import handovers, services
from coaching.access import (
    coach_required,
    get_deletion_request_for_manager,
    get_left_behind_for_manager,
    get_own_words_model,
    get_past_retention_for_manager,
    get_person_for_coach,
    manager_required,
    posted,
    retention_cutoff,
)
from coaching.export import gather
from coaching.forms import (
    CoachOwnWordsForm,
    CoachSharingForm,
    EraseConfirmForm,
    HandOverForm,
    NameAndAreaForm,
    PersonDecidedMixin,
)
from coaching.models import DeletionRequest, InvalidTransition, Person
from coaching.sent_once import sent_once, to_first_sending
from helpers.paging import page_of

NEW_COACH_PER_PAGE = 50

OWN_WORDS_TITLES = {
    "goal": ("Add what {name} is working towards", "What is {name} working towards?"),
    "strength": ("Add what {name} is good at or enjoys", "What is {name} good at, or enjoy?"),
}


@coach_required
@require_http_methods(["GET", "POST"])
def sharing(request, person_id):
    person = get_person_for_coach(
        request, person_id, what=gettext_noop("your sharing choices, to record them")
    )
    form = CoachSharingForm(posted(request), person=person)
    if request.method == "POST" and form.is_valid():
        notes_before = person.share_notes
        for choice, allowed in form.choices().items():
            services.sharing_change(
                person=person, choice=choice, allowed=allowed, by=request.user, with_coach=True
            )
        messages.success(request, f"Recorded {person.name}'s choices. They count from now on.")
        if notes_before and not person.share_notes and services.notes_kept(person):
            return redirect("coaching:notes_delete", person.pk)
        return redirect(person)
    return render(request, "coaching/coach_sharing.html", {"person": person, "form": form})


@coach_required
@require_http_methods(["GET", "POST"])
def name_and_area(request, person_id):
    person = get_person_for_coach(
        request, person_id, what=gettext_noop("your name and area, to change them")
    )
    form = NameAndAreaForm(posted(request), initial={"name": person.name, "area": person.area})
    if request.method == "POST" and form.is_valid():
        if services.person_rename(person=person, by=request.user, **form.cleaned_data):
            messages.success(request, f"Saved: {person.name}, {person.area or 'no area given'}.")
        return redirect(person)
    return render(request, "coaching/coach_name_and_area.html", {"person": person, "form": form})


class NotesDeleteForm(PersonDecidedMixin, forms.Form):
    pass


@coach_required
@require_http_methods(["GET", "POST"])
def notes_delete(request, person_id):
    person = get_person_for_coach(
        request, person_id, what=gettext_noop("your notes, to delete them with you")
    )
    if person.share_notes:
        messages.info(request, f"{person.name}'s notes are on: turn them off with them first.")
        return redirect(person)
    kept = services.notes_kept(person)
    if not kept:
        messages.info(request, "There are no notes to delete.")
        return redirect(person)
    form = NotesDeleteForm(posted(request), person=person)
    if request.method == "POST" and form.is_valid():
        services.notes_delete(person=person, by=request.user)
        messages.success(request, f"{person.name}'s notes are deleted, earlier versions too.")
        return redirect(person)
    return render(
        request, "coaching/coach_notes_delete.html", {"person": person, "form": form, "kept": kept}
    )


# What the person's log says a look was for (translated as they read it).
OWN_WORDS_LOOKS = {
    "goal": gettext_noop("your record, to add a goal with you"),
    "strength": gettext_noop("your record, to add a strength with you"),
}


@coach_required
@require_http_methods(["GET", "POST"])
def own_words_new(request, person_id, kind):
    model = get_own_words_model(kind)
    person = get_person_for_coach(request, person_id, what=OWN_WORDS_LOOKS[kind])
    title, label = (words.format(name=person.name) for words in OWN_WORDS_TITLES[kind])
    form = CoachOwnWordsForm(posted(request), person=person, label=label)
    if request.method == "POST" and form.is_valid():
        with sent_once(request, result_url=person.get_absolute_url()) as sending:
            services.own_words_add(
                model=model,
                person=person,
                text=form.cleaned_data["text"],
                by=request.user,
                with_coach=True,
            )
        if sending.sent_before:
            return to_first_sending(request, sending.first)
        messages.success(request, f"Added in {person.name}'s words.")
        return redirect(person)
    return render(
        request,
        "coaching/coach_own_words_form.html",
        {"person": person, "form": form, "title": title},
    )


@coach_required
def data(request, person_id):
    """Everything held about the person, to read or print with them (say, without a phone)."""
    person = get_person_for_coach(
        request, person_id, what=gettext_noop("all your data, to print it for you")
    )
    return render(
        request,
        "coaching/data_page.html",
        {"person": person, "sections": gather(person, for_staff=True), "viewer": "coach"},
    )


@manager_required
def deletion_requests(request):
    """Requests waiting to be carried out. No names here: the page that shows one is logged."""
    waiting = DeletionRequest.objects.select_related("person__current_relationship__coach__team")
    return render(request, "coaching/deletion_requests.html", {"waiting": waiting})


@manager_required
@require_http_methods(["GET", "POST"])
def deletion_request(request, deletion_id):
    deletion = get_deletion_request_for_manager(request, deletion_id)
    form = EraseConfirmForm(posted(request))
    if request.method == "POST" and form.is_valid():
        number = deletion.pk
        try:
            services.person_erase(deletion=deletion, by=request.user)
        except services.NothingToErase as refusal:
            messages.info(request, f"Request {number}: {refusal}")
            return redirect("coaching:deletion_requests")
        messages.success(request, f"Request {number} is carried out. The record is deleted.")
        return redirect("coaching:deletion_requests")
    return render(request, "coaching/deletion_request.html", {"deletion": deletion, "form": form})


@manager_required
def retention(request):
    """Records kept past the retention period, for review. No names here: the page
    that shows one is logged."""
    people = (
        Person.objects.past_retention(manager=request.user, ended_before=retention_cutoff())
        .select_related("current_relationship__coach__team")
        .order_by("ended_at", "pk")
    )
    page = page_of(people, request.GET.get("page"), NEW_COACH_PER_PAGE)
    return render(
        request,
        "coaching/retention.html",
        {"page": page, "years": settings.RETENTION_YEARS},
    )


@manager_required
@require_http_methods(["GET", "POST"])
def retention_person(request, person_id):
    person = get_past_retention_for_manager(request, person_id)
    form = EraseConfirmForm(posted(request))
    if request.method == "POST" and form.is_valid():
        number = person.pk
        try:
            services.retention_erase(person=person, by=request.user)
        except services.NothingToErase as refusal:
            messages.info(request, f"Record {number}: {refusal}")
        else:
            messages.success(request, f"Record {number} is deleted.")
        return redirect("coaching:retention")
    return render(
        request,
        "coaching/retention_person.html",
        {"person": person, "form": form, "years": settings.RETENTION_YEARS},
    )


@manager_required
def new_coach_needed(request):
    """People whose coach has left. No names here: the page that shows one is logged."""
    waiting = (
        Person.objects.left_behind()
        .select_related("current_relationship__coach__team")
        .order_by("current_relationship__coach__team__name", "pk")
    )
    page = page_of(waiting, request.GET.get("page"), NEW_COACH_PER_PAGE)
    return render(request, "coaching/new_coach_needed.html", {"page": page})


@manager_required
@require_http_methods(["GET", "POST"])
def new_coach(request, person_id):
    person = get_left_behind_for_manager(request, person_id)
    left = person.current_relationship.coach
    form = HandOverForm(posted(request), current_coach=left)
    if request.method == "POST" and form.is_valid():
        to_coach = form.cleaned_data["to_coach"]
        try:
            handovers.hand_over_from_leaver(
                person=person,
                to_coach=to_coach,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except InvalidTransition as refusal:
            messages.info(request, str(refusal))
        else:
            messages.success(request, f"{person.name} now walks with {to_coach.display_name}.")
        return redirect("coaching:new_coach_needed")
    return render(
        request, "coaching/new_coach.html", {"person": person, "left": left, "form": form}
    )
