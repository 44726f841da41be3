"""The coach's pages: their people, a person's story, logging contact."""

from copy import copy
from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods, require_POST

from coaching import handovers, returning, services
from coaching.access import (
    coach_required,
    get_contact_for_coach,
    get_person_for_coach,
    log_coach_view,
    posted,
)
from coaching.feed import coach_feed
from coaching.forms import (
    AwayForm,
    BarrierFormSet,
    CoachPauseForm,
    CoachReasonForm,
    ContactForm,
    HandOverForm,
    PersonCreateForm,
    barrier_initial,
    barriers_from,
    barriers_to_save,
)
from coaching.models import (
    CoachChangeRequest,
    CoachRequest,
    Contact,
    Goal,
    InvalidTransition,
    Invitation,
    Person,
    Relationship,
    SharingChoice,
    Strength,
    User,
    quiet_after,
)
from coaching.models.relationships import decision_applies
from coaching.panels import overview as overview_page
from coaching.reading import Part, as_instances, rows_planned, stand_in_coach
from coaching.sent_once import sent_once, to_first_sending
from coaching.timeline import own_words, own_words_parts, person_page
from helpers.display import weekday_time
from helpers.paging import page_of
from helpers.paths import path_of_each

PEOPLE_PER_PAGE = 50
INBOX_LIMIT = 50
STATE_FILTERS = {
    "now": ("Active and paused", Relationship.OPEN_STATES),
    "active": ("Active", [Relationship.State.ACTIVE]),
    "paused": ("Paused", [Relationship.State.PAUSED]),
    "ended": ("Ended", [Relationship.State.ENDED]),
    "all": ("Everyone", [s.value for s in Relationship.State]),
}


@coach_required
def home(request):
    state = request.GET.get("state", "now")
    if state not in STATE_FILTERS:
        state = "now"
    query = request.GET.get("q", "").strip()[:120]
    coach = request.user
    number = request.GET.get("page")
    # The list as a coach sees it most, all of it on its first page: a query built once.
    first = None if query or str(number or 1) != "1" else _planned("people", _first, coach, state)
    if first is not None and len(first) <= PEOPLE_PER_PAGE:
        page = page_of(first, 1, PEOPLE_PER_PAGE)  # every one of them
    else:
        found = _people(coach, state)
        if query:
            found = found.filter(name__icontains=query)
        page = page_of(found, number, PEOPLE_PER_PAGE, first=first)
    page.object_list = [dict(zip(PEOPLE_FIELDS, row, strict=True)) for row in page.object_list]
    if query and len(page.object_list) == 1 and not page.has_other_pages():
        return redirect("coaching:person", page.object_list[0]["pk"])  # the one they meant
    now = timezone.now()
    page_path, log_path = path_of_each("coaching:person"), path_of_each("coaching:contact_new")
    for person in page.object_list:
        person["url"] = page_path(person["pk"])
        person["log_url"] = log_path(person["pk"])
        person["stepped_back"] = _stepped_back(person, now=now)
    inbox = as_instances(
        CoachRequest,
        [dict(zip(INBOX_FIELDS, row, strict=True)) for row in _planned("inbox", _inbox, coach)],
    )
    # Without names: opening one names the person, and that look is logged.
    different_coach = [
        dict(zip(DIFFERENT_COACH_FIELDS, row, strict=True))
        for row in _planned("different coach", _different_coach, coach)
    ]
    return render(
        request,
        "coaching/coach_home.html",
        {
            "inbox": inbox[:INBOX_LIMIT],
            "inbox_more": len(inbox) > INBOX_LIMIT,
            "different_coach": different_coach,
            "feed": coach_feed(request.user),
            "page": page,
            "state": state,
            "state_filters": {key: label for key, (label, _) in STATE_FILTERS.items()},
            "query": query,
            # The "Going away?" form, for a coach who is here; sent back here with what
            # they typed when it was refused (away()), open, with the reason beside it.
            "away_form": None if request.user.is_away else _away_form_again(request),
        },
    )


def _away_form_again(request) -> AwayForm:
    if "away_until" not in request.GET:
        return AwayForm()
    form = AwayForm({"until": request.GET["away_until"]})
    form.is_valid()
    return form


# The coach's list, its inbox and the requests for a different coach, read on every
# visit to the coach's home: each query is built once (coaching.reading.rows_planned)
# from a stand-in coach and team, and each visit puts its coach's in.
PEOPLE_FIELDS = ["pk", "name", "area", "last_contact_at", "state", "began_at", "rhythm"]
INBOX_FIELDS = ["pk", "name", "area", "created_at", "passed_on_by"]
DIFFERENT_COACH_FIELDS = ["pk", "asked_at", "coach_id", "coach_first_name", "coach_last_name"]


def _planned(name: str, build, coach: User, *args) -> list[tuple]:
    stand_in, values = stand_in_coach(coach)
    key = ("coach's home", name, *args, coach.team_id is None)
    return rows_planned(key, lambda: build(stand_in, *args), values)


def _people(coach: User, state: str):
    """The coach's people in `state`, by name, as rows of PEOPLE_FIELDS: a few fields
    of a person and their coaching, plain values, quicker to build than two model
    instances a row."""
    latest_contact = Contact.objects.filter(person=OuterRef("pk")).order_by("-occurred_at")
    return (
        Person.objects.for_coach(coach)
        .filter(current_relationship__state__in=STATE_FILTERS[state][1])
        .annotate(
            last_contact_at=Subquery(latest_contact.values("occurred_at")[:1]),
            state=F("current_relationship__state"),
            began_at=F("current_relationship__created_at"),
            rhythm=F("keeping_in_touch__rhythm"),
        )
        .order_by("name", "pk")
        .values_list(*PEOPLE_FIELDS)
    )


def _first(coach: User, state: str):
    """As many of the coach's people as a page holds, and one more if there are more."""
    return _people(coach, state)[: PEOPLE_PER_PAGE + 1]


def _inbox(coach: User):
    """Requests for a coach waiting in the coach's team's inbox, newest first."""
    return (
        CoachRequest.objects.untaken()
        .filter(team_id=coach.team_id)
        .order_by("-created_at", "-pk")
        .values_list(*INBOX_FIELDS)[: INBOX_LIMIT + 1]
    )


def _different_coach(coach: User):
    """People of the team asking for a different coach, oldest first, without names."""
    return (
        CoachChangeRequest.objects.for_coach(coach)
        .waiting()
        .annotate(
            coach_id=F("person__current_relationship__coach"),
            coach_first_name=F("person__current_relationship__coach__first_name"),
            coach_last_name=F("person__current_relationship__coach__last_name"),
        )
        .order_by("asked_at", "pk")
        .values_list(*DIFFERENT_COACH_FIELDS)[:INBOX_LIMIT]
    )


def _stepped_back(person: dict, *, now=None) -> bool:
    """A gentle sign that it has been quiet a long while by the person's own rhythm
    (their "rhythm", read with them; the organisation's quiet period if they have not
    said); never a status. Someone who said "when I get in touch" is never quiet."""
    if person["state"] != Relationship.State.ACTIVE:
        return False
    quiet = quiet_after(person.get("rhythm"))
    if quiet is None:
        return False
    return (person["last_contact_at"] or person["began_at"]) < (now or timezone.now()) - quiet


@coach_required
def person_detail(request, person_id):
    person = get_person_for_coach(
        request,
        person_id,
        what=gettext_noop("your record"),
        related=["current_relationship__coach", "keeping_in_touch__latest_ask", "user"],
    )
    context = person_page(person, "coach", request.GET.get("before"), also=own_words_parts)
    context["goals"] = own_words(Goal, context.pop("goals"))
    context["strengths"] = own_words(Strength, context.pop("strengths"))
    context["sharing"] = [(choice, person.shares(choice)) for choice in SharingChoice]
    return render(request, "coaching/person_detail.html", context)


@coach_required
@require_http_methods(["GET", "POST"])
def contact_new(request, person_id):
    what = gettext_noop("your record, to log a contact")
    person = get_person_for_coach(
        request,
        person_id,
        what=what,
        log=False,
        related=["current_relationship", "keeping_in_touch"],
    )
    form = ContactForm(posted(request), person=person)
    barriers = BarrierFormSet(posted(request), prefix="barriers")
    if request.method == "POST" and form.is_valid() and barriers.is_valid():
        with sent_once(request, result_url=person.get_absolute_url()) as sending:
            contact = services.contact_log(
                person=person,
                coach=request.user,
                fields=form.model_fields(),
                themes=form.cleaned_data["themes"],
                barriers=barriers_to_save(person, barriers) or [],
            )
            # The story opens at the entry, highlighted (CSS :target).
            sending.result_url = f"{person.get_absolute_url()}#contact-{contact.pk}"
        if sending.sent_before:
            return to_first_sending(request, sending.first, CONTACT_ALREADY_SAVED)
        messages.success(request, f"Contact with {person.name} saved.")
        return redirect(sending.result_url)
    log_coach_view(request, person, what=what)
    return render(
        request,
        "coaching/contact_form.html",
        {"person": person, "form": form, "barriers": barriers},
    )


# A second sending of a contact lands on the person's page, where it shows.
CONTACT_ALREADY_SAVED = (
    "This contact was saved already at {time}. To change it, use Edit on it below."
)


@coach_required
@require_http_methods(["GET", "POST"])
def contact_edit(request, contact_id):
    contact = get_contact_for_coach(request, contact_id, what=gettext_noop("a contact, to edit it"))
    person = contact.person
    form = ContactForm(posted(request), instance=contact, person=person)
    barriers = BarrierFormSet(posted(request), prefix="barriers", initial=barrier_initial(contact))
    newest = None
    if request.method == "POST" and form.is_valid() and barriers.is_valid():
        try:
            services.contact_update(
                contact=contact,
                expected_version=form.cleaned_data["version"] or 0,
                by=request.user,
                fields=form.model_fields(),
                themes=form.cleaned_data["themes"],
                barriers=barriers_to_save(person, barriers),
            )
        except services.EditConflict:
            newest, form = _after_conflict(request, contact, person, barriers)
        else:
            messages.success(request, "Contact updated. The earlier version is kept.")
            return redirect(person)
    return render(
        request,
        "coaching/contact_form.html",
        {
            "person": person,
            "contact": contact,
            "form": form,
            "barriers": barriers,
            "conflict": newest is not None,
            "newest": newest,
            "revisions": contact.revisions.select_related("replaced_by"),
        },
        status=409 if newest is not None else 200,
    )


# What a contact says besides its notes, in the order the form asks for them.
COMPARED = ["occurred_at", "channel", "reached_out_by", "place", "minutes", "connections"]


def _after_conflict(request, contact, person, barriers):
    """The version someone else saved, with who saved it and where it says something
    else than the coach's form; and the form, the coach's words still in it, now
    against that version: saving again replaces it knowingly, and it is kept as an
    earlier version like any other, so nothing is lost either way."""
    newest = Contact.objects.get(pk=contact.pk)
    latest_edit = newest.revisions.select_related("replaced_by").order_by("-version").first()
    newest.saved_by = latest_edit.replaced_by if latest_edit else None
    data = request.POST.copy()
    data["version"] = newest.version
    # A copy for the form: checking it writes the coach's words onto its instance.
    form = ContactForm(data, instance=copy(newest), person=person)
    form.is_valid()  # as it was, but for the version
    newest.differences = _differences(newest, form, barriers)
    return newest, form


def _differences(newest, form, barriers) -> list[tuple[str, str, str]]:
    """(what, theirs, yours) in words, where the two differ, besides the notes (shown
    whole): saving again puts the coach's in their place, so they see each first."""
    yours = Contact(**form.model_fields())
    found = [
        (
            capfirst(Contact._meta.get_field(name).verbose_name),
            _in_words(newest, name),
            _in_words(yours, name),
        )
        for name in COMPARED
    ]
    found.append(
        (
            "What mattered",
            ", ".join(t.name for t in newest.themes.order_by("position")) or "none",
            ", ".join(t.name for t in form.cleaned_data["themes"]) or "none",
        )
    )
    found.append(
        (
            "Got in the way",
            ", ".join(b.service for b in newest.barriers.all()) or "none",
            ", ".join(b.service for b in barriers_from(barriers)) or "none",
        )
    )
    return [(what, theirs, yours) for what, theirs, yours in found if theirs != yours]


def _in_words(contact, name: str) -> str:
    if name == "occurred_at":
        return weekday_time(contact.occurred_at)
    if name in ("channel", "reached_out_by"):
        return getattr(contact, f"get_{name}_display")()
    value = getattr(contact, name)
    return "" if value in (None, "") else str(value)


DECISIONS = {
    "pause": ("Pause coaching", CoachPauseForm),
    "resume": ("Resume coaching", CoachReasonForm),
    "end": ("End coaching", CoachReasonForm),
    "restart": ("Restart coaching", CoachReasonForm),
}


# What the person's log says a look was for (translated as they read it).
DECISION_LOOKS = {
    "pause": gettext_noop("your record, to pause coaching"),
    "resume": gettext_noop("your record, to resume coaching"),
    "end": gettext_noop("your record, to end coaching"),
    "restart": gettext_noop("your record, to restart coaching"),
}


@coach_required
@require_http_methods(["GET", "POST"])
def record_decision(request, person_id, decision):
    if decision not in DECISIONS:
        raise Http404
    what = DECISION_LOOKS[decision]
    person = get_person_for_coach(request, person_id, what=what, log=False)
    title, form_class = DECISIONS[decision]
    if request.method == "GET" and not decision_applies(person.current_relationship, decision):
        # Nothing of theirs is shown, so nothing is logged.
        messages.info(request, f"That step does not apply to {person.name}'s coaching now.")
        return redirect(person)
    log_coach_view(request, person, what=what)
    form = form_class(posted(request), person=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.relationship_decide(
                person=person, decision=decision, by=request.user, **_decision_fields(form)
            )
        except InvalidTransition as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, f"Recorded: {person.name} decided to {decision} coaching.")
        return redirect(person)
    return render(
        request,
        "coaching/record_decision.html",
        {"person": person, "form": form, "title": title, "decision": decision},
    )


def _decision_fields(form) -> dict:
    fields = {"reason": form.cleaned_data.get("reason", "")}
    if "until" in form.cleaned_data:
        fields["until"] = form.cleaned_data["until"]
    return fields


@coach_required
@require_http_methods(["GET", "POST"])
def hand_over(request, person_id):
    person = get_person_for_coach(
        request, person_id, what=gettext_noop("your record, to hand over")
    )
    if person.as_cover:
        # Cover lets a teammate look while the coach is away, not choose a new coach: a
        # manager does that once a coach has left ("Needing a new coach").
        messages.info(request, f"Only {person.name}'s own coach, or a manager, hands them over.")
        return redirect(person)
    relationship = person.current_relationship
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
            )
        except InvalidTransition as refusal:
            messages.error(request, str(refusal))
            return redirect(person)
        messages.success(request, f"{person.name} now walks with {to_coach.display_name}.")
        return redirect("coaching:coach_home")
    return render(request, "coaching/hand_over.html", {"person": person, "form": form})


@coach_required
@require_POST
def away(request):
    """Mark yourself away, or back: the form on your home page."""
    going = request.POST.get("away") == "yes"
    form = AwayForm(request.POST if going else None)
    if going and not form.is_valid():
        typed = urlencode({"away_until": request.POST.get("until", "")})
        return redirect(f"{reverse('coaching:coach_home')}?{typed}#away")
    until = form.cleaned_data["until"] if going else None
    if services.coach_away(coach=request.user, away=going, until=until):
        messages.success(
            request,
            "You are marked away. Your team can now open the records of your people who "
            "allow cover, and those people see who looked."
            if going
            else "Welcome back. Your team no longer covers for your people.",
        )
    return redirect("coaching:coach_home")


@coach_required
def covering(request):
    """The people the coach may open while a teammate is away or has left: those who
    allow cover, of their team's other coaches."""
    people = (
        Person.objects.for_coach_or_cover(request.user)
        .exclude(current_relationship__coach=request.user)
        .select_related("current_relationship__coach")
        .order_by("current_relationship__coach__first_name", "name", "pk")
    )
    page = page_of(people, request.GET.get("page"), PEOPLE_PER_PAGE)
    return render(request, "coaching/covering.html", {"page": page})


@coach_required
@require_http_methods(["GET", "POST"])
def person_new(request):
    form = PersonCreateForm(posted(request))
    if request.method == "POST" and form.is_valid():
        # Someone this coach walked with before? Ask before making a second record.
        matches = returning.earlier_records(
            coach=request.user,
            name=form.cleaned_data["name"],
            area=form.cleaned_data["area"],
            date_of_birth=form.cleaned_data["date_of_birth"],
        )
        if matches and "earlier" not in request.POST:
            form = PersonCreateForm(initial=form.cleaned_data, matches=matches)
            return render(request, "coaching/person_new.html", {"form": form})
        form = PersonCreateForm(request.POST, matches=matches)
    if request.method == "POST" and form.is_valid():
        try:
            with sent_once(request) as sending:
                person = _begin_or_carry_on(request, form)
                sending.result_url = person.get_absolute_url()
        except InvalidTransition as refusal:  # their coaching restarted meanwhile
            messages.info(request, str(refusal))
            return redirect("coaching:coach_home")
        if sending.sent_before:
            return to_first_sending(request, sending.first)
        messages.success(request, _begun(person, carried_on=form.returning is not None))
        return redirect(person)
    return render(request, "coaching/person_new.html", {"form": form})


def _begin_or_carry_on(request, form) -> Person:
    if form.returning is not None:
        returning.person_return(
            person=form.returning,
            coach=request.user,
            by=request.user,
            asked_by_person=form.cleaned_data["asked_by_person"],
        )
        return form.returning
    return services.person_create(
        name=form.cleaned_data["name"],
        area=form.cleaned_data["area"],
        asked_by_person=form.cleaned_data["asked_by_person"],
        coach=request.user,
        by=request.user,
    )


def _begun(person, *, carried_on: bool) -> str:
    if carried_on:
        return f"Coaching with {person.name} has restarted. Their story carries on here."
    return (
        f"Coaching with {person.name} has begun. You can give them a code "
        "to sign in and see their record."
    )


@coach_required
@require_POST
def invitation_new(request, person_id):
    """A code to set up the person's own sign-in."""
    person = get_person_for_coach(
        request, person_id, what=gettext_noop("your record, to make a sign-in code")
    )
    if person.as_cover:
        # As a code for a new password: it opens the person's own space.
        messages.info(request, f"Only {person.name}'s own coach can make a sign-in code.")
        return redirect(person)
    if person.user_id is not None:
        messages.info(request, f"{person.name} already has their own sign-in.")
        return redirect(person)
    return _show_code(request, person, for_new_password=False)


@coach_required
@require_POST
def password_code_new(request, person_id):
    """A code for a new password, for someone who forgot theirs: with no email address
    there is no other way back in. It opens the person's own space, so only their own
    coach makes one, and the person's log says what the look was for."""
    person = get_person_for_coach(
        request, person_id, what=gettext_noop("your record, to make a code for a new password")
    )
    refusal = _why_no_password_code(person)
    if refusal:
        messages.info(request, refusal)
        return redirect(person)
    return _show_code(request, person, for_new_password=True)


def _why_no_password_code(person) -> str | None:
    if person.as_cover:
        return f"Only {person.name}'s own coach can make a code for a new password."
    if person.user is None:
        return f"{person.name} has no sign-in yet: make a sign-in code instead."
    if not person.user.takes_a_password_code:
        return f"A code cannot change {person.name}'s sign-in. Ask whoever looks after sign-ins."
    return None


# The languages a printed code can be in, as the coach chooses beside its button: the
# person reads it, so in Welsh, English, or both (Welsh first, as in Wales).
PRINT_LANGUAGES = {"en-gb": ["en-gb"], "cy": ["cy"], "both": ["cy", "en-gb"]}


def _show_code(request, person, *, for_new_password: bool):
    """Show a fresh code once. Only its hash is kept, so this page is the only copy."""
    invitation, code = Invitation.issue(person=person, by=request.user)
    chosen = request.POST.get("language") or _their_language(person)
    return render(
        request,
        "coaching/invitation_print.html",
        {
            "person": person,
            "invitation": invitation,
            "code": code,
            "for_new_password": for_new_password,
            "languages": PRINT_LANGUAGES.get(chosen, PRINT_LANGUAGES["en-gb"]),
        },
    )


def _their_language(person) -> str:
    """The language the person chose for their pages, if they have a sign-in; else English:
    what a printed code starts in when the coach leaves the choice as it is."""
    return person.user.language if person.user_id and person.user.language else "en-gb"


@coach_required
def overview(request):
    """The coach's people at a glance: by coaching state, who may be due a word, and
    what other apps have waiting (coaching.panels.overview_section). A suggestion for
    the coach's week, never a target: no scores, no ranking. Only names, states and
    dates of the coach's own people, as their list shows; a person opened is logged.
    Read in one query with the sections (coaching.panels.overview)."""
    found, sections = overview_page(request.user, _overview_parts)
    page_path, log_path = path_of_each("coaching:person"), path_of_each("coaching:contact_new")
    people = [
        {
            "pk": row["pk"],
            "name": row["name"],
            "state": row["current_relationship__state"],
            "began_at": row["current_relationship__created_at"],
            "rhythm": row["keeping_in_touch__rhythm"],
            "last_contact_at": row["last_contact_at"],
            "url": page_path(row["pk"]),
            "log_url": log_path(row["pk"]),
        }
        for row in sorted(found["people"], key=lambda row: (row["name"].casefold(), row["pk"]))
    ]
    now = timezone.now()
    quiet = [p for p in people if _stepped_back(p, now=now)]
    quiet.sort(key=lambda p: p["last_contact_at"] or p["began_at"])
    return render(
        request,
        "coaching/overview.html",
        {
            "active": [p for p in people if p["state"] == Relationship.State.ACTIVE],
            "paused": [p for p in people if p["state"] == Relationship.State.PAUSED],
            "ended": found["ended"][0]["n"],
            "quiet": quiet,
            "sections": sections,
        },
    )


def _overview_parts(coach, today) -> list[Part]:
    """The coach's people whose coaching is open, and how many have ended."""
    own = Person.objects.for_coach(coach)
    ended = (
        own.filter(current_relationship__state=Relationship.State.ENDED)
        .order_by()
        .values("current_relationship__coach")
        .annotate(n=Count("pk"))
        .values("n")
    )
    last_contact = Contact.objects.filter(person=OuterRef("pk")).order_by("-occurred_at")
    return [
        Part(
            "people",
            own.filter(current_relationship__state__in=Relationship.OPEN_STATES),
            (
                "pk",
                "name",
                "current_relationship__state",
                "current_relationship__created_at",
                "keeping_in_touch__rhythm",
            ),
            computed={"last_contact_at": Subquery(last_contact.values("occurred_at")[:1])},
        ),
        # One row, the coach's own, with the count beside it.
        Part(
            "ended",
            User.objects.filter(pk=coach.pk),
            (),
            computed={"n": Coalesce(Subquery(ended), 0)},
        ),
    ]
