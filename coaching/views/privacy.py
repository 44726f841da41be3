"""What the person controls, in /me/: sharing, details, their own words, who has
looked, their data, and asking for their record to be deleted."""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from coaching import services
from coaching.access import (
    get_own_person,
    get_own_words_for_person,
    get_own_words_model,
    person_required,
    posted,
)
from coaching.export import gather, left_out_reasons
from coaching.forms import NameAndAreaForm, OwnWordsForm, PersonalDetailsForm, SharingForm
from coaching.models import (
    AccessLogEntry,
    DeletionRequest,
    Goal,
    InvalidTransition,
    OwnWords,
    PersonalDetails,
    SharingChange,
    Strength,
)
from coaching.sent_once import sent_once, to_first_sending

LOG_ENTRIES_PER_PAGE = 50
FINISHED = {
    OwnWords.Status.DONE: _("Marked done. It stays in your history."),
    OwnWords.Status.SET_ASIDE: _("Marked set aside. It stays in your history."),
}
OWN_WORDS_LABELS = {
    "goal": (_("Add something you're working towards"), _("What are you working towards?")),
    "strength": (_("Add something you're good at or enjoy"), _("What are you good at, or enjoy?")),
}


@person_required
@require_http_methods(["GET", "POST"])
def sharing(request):
    person = get_own_person(request)
    form = SharingForm(posted(request), person=person)
    if request.method == "POST" and form.is_valid():
        notes_before = person.share_notes
        for choice, allowed in form.choices().items():
            services.sharing_change(person=person, choice=choice, allowed=allowed, by=request.user)
        messages.success(request, _("Saved. Your choices count from now on, everywhere."))
        if notes_before and not person.share_notes and services.notes_kept(person):
            return redirect("coaching:me_notes_delete")
        return redirect("coaching:me_sharing")
    history = SharingChange.objects.filter(person=person).select_related("changed_by")[:50]
    return render(
        request,
        "coaching/me_sharing.html",
        {"person": person, "form": form, "history": history},
    )


@person_required
@require_http_methods(["GET", "POST"])
def notes_delete(request):
    """Asked after notes are turned off: delete the notes already kept, or keep them."""
    person = get_own_person(request)
    if person.share_notes:
        messages.info(
            request, _("Your notes are on. To delete the notes kept, turn them off first.")
        )
        return redirect("coaching:me_sharing")
    kept = services.notes_kept(person)
    if not kept:
        messages.info(request, _("There are no notes to delete."))
        return redirect("coaching:me_sharing")
    if request.method == "POST":
        services.notes_delete(person=person, by=request.user)
        messages.success(request, _("Your notes are deleted, earlier versions too. They are gone."))
        return redirect("coaching:me_sharing")
    return render(request, "coaching/me_notes_delete.html", {"person": person, "kept": kept})


@person_required
@require_http_methods(["GET", "POST"])
def details(request):
    person = get_own_person(request)
    instance = PersonalDetails.objects.filter(person=person).first() or PersonalDetails(
        person=person
    )
    form = PersonalDetailsForm(posted(request), instance=instance)
    if request.method == "POST" and form.is_valid():
        answers = {field: form.cleaned_data[field] for field in PersonalDetails.FIELDS}
        if services.personal_details_save(person=person, answers=answers, by=request.user):
            messages.success(request, _("Your details are saved."))
        else:
            messages.info(request, _("Your details are as they were: nothing changed."))
        return redirect("coaching:me_sharing")
    return render(request, "coaching/me_details.html", {"person": person, "form": form})


@person_required
@require_http_methods(["GET", "POST"])
def name_and_area(request):
    person = get_own_person(request)
    form = NameAndAreaForm(
        posted(request),
        initial={"name": person.name, "area": person.area},
        speaking_to_the_person=True,
    )
    if request.method == "POST" and form.is_valid():
        if services.person_rename(person=person, by=request.user, **form.cleaned_data):
            messages.success(request, _("Saved. Your coach sees the change."))
        return redirect("coaching:me_sharing")
    return render(request, "coaching/me_name_and_area.html", {"person": person, "form": form})


@person_required
def who_has_looked(request):
    person = get_own_person(request)
    entries = AccessLogEntry.objects.filter(person=person).select_related("viewer")
    page = Paginator(entries, LOG_ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "coaching/me_who_has_looked.html",
        {"person": person, "page": page, "looks": looks_together(page.object_list)},
    )


# Looks of one kind closer together than this read as one visit, on a phone.
ONE_VISIT = timedelta(minutes=30)


@dataclass
class Looks:
    """One or more looks in a row by one person, for one reason: newest first."""

    newest: AccessLogEntry
    earliest: AccessLogEntry
    times: int = 1


def looks_together(entries) -> list[Looks]:
    """The log as the person reads it: a coach going back and forth on their record
    (a form shown again, a page opened twice) is one line saying how many times.
    Every look is still in the log and in their download."""
    looks: list[Looks] = []
    for entry in entries:
        last = looks[-1] if looks else None
        if (
            last
            and _kind(last.earliest) == _kind(entry)
            and last.newest.viewed_at - entry.viewed_at <= ONE_VISIT
        ):
            last.earliest, last.times = entry, last.times + 1
        else:
            looks.append(Looks(newest=entry, earliest=entry))
    return looks


def _kind(entry: AccessLogEntry) -> tuple:
    """Who looked, as what, for what: what makes two looks one line."""
    return (entry.viewer_id, entry.viewer_role, entry.what, entry.as_cover)


@person_required
def own_words(request):
    person = get_own_person(request)
    return render(
        request,
        "coaching/me_own_words.html",
        {
            "person": person,
            "goals": _split(Goal.objects.filter(person=person)),
            "strengths": _split(Strength.objects.filter(person=person)),
        },
    )


def _split(entries) -> dict:
    entries = list(entries.select_related("added_by", "replaced_by"))
    return {
        "current": [e for e in entries if e.is_current],
        "earlier": [e for e in entries if not e.is_current],
    }


@person_required
@require_http_methods(["GET", "POST"])
def own_words_new(request, kind):
    model = get_own_words_model(kind)
    person = get_own_person(request)
    title, label = OWN_WORDS_LABELS[kind]
    form = OwnWordsForm(posted(request), label=label)
    if request.method == "POST" and form.is_valid():
        with sent_once(request, result_url=reverse("coaching:me_own_words")) as sending:
            services.own_words_add(
                model=model, person=person, text=form.cleaned_data["text"], by=request.user
            )
        if sending.sent_before:
            return to_first_sending(request, sending.first)
        messages.success(request, _("Added, in your words."))
        return redirect("coaching:me_own_words")
    return render(
        request, "coaching/me_own_words_form.html", {"form": form, "title": title, "kind": kind}
    )


@person_required
@require_http_methods(["GET", "POST"])
def own_words_edit(request, kind, entry_id):
    """Change the words (the old wording is kept), mark a goal done, or set it aside."""
    person = get_own_person(request)
    entry = get_own_words_for_person(person, kind, entry_id)
    form = OwnWordsForm(posted(request), label=_("In your words"), initial={"text": entry.text})
    finish = request.POST.get("finish", "")
    try:
        if request.method == "POST" and finish in entry.FINISHES:
            services.own_words_change(entry=entry, by=request.user, finish=finish)
            messages.success(
                request,
                FINISHED[finish],
            )
            return redirect("coaching:me_own_words")
        if request.method == "POST" and form.is_valid():
            services.own_words_change(entry=entry, by=request.user, text=form.cleaned_data["text"])
            messages.success(request, _("Changed. Your earlier words are kept in your history."))
            return redirect("coaching:me_own_words")
    except InvalidTransition as refusal:
        # Changed in another tab, or pressed twice, since this page was opened.
        messages.info(request, str(refusal))
        return redirect("coaching:me_own_words")
    return render(
        request,
        "coaching/me_own_words_form.html",
        {"form": form, "entry": entry, "kind": kind, "title": _("Change your words")},
    )


@person_required
def data(request):
    person = get_own_person(request)
    return render(
        request,
        "coaching/data_page.html",
        {
            "person": person,
            "sections": gather(person),
            "viewer": "person",
            "left_out": left_out_reasons(),
        },
    )


@person_required
def data_json(request):
    person = get_own_person(request)
    payload = {
        "exported_at": timezone.now().isoformat(),
        "sections": {s.key: {"title": s.title, "rows": s.rows} for s in gather(person)},
        "not_in_here": left_out_reasons(),
    }
    response = JsonResponse(payload, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@person_required
@require_http_methods(["GET", "POST"])
def delete_request(request):
    person = get_own_person(request)
    asked = DeletionRequest.objects.filter(person=person).first()
    if request.method == "POST" and request.POST.get("withdraw") and asked:
        asked.delete()
        messages.success(request, _("Your request is withdrawn. Your record stays."))
        return redirect("coaching:me")
    if request.method == "POST" and not asked:
        services.deletion_request_make(person=person, by=request.user)
        messages.success(request, _("We have your request. A manager will carry it out."))
        return redirect("coaching:me_delete")
    return render(request, "coaching/me_delete.html", {"person": person, "asked": asked})
