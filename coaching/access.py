"""Who may see what. Every object a view touches comes through here.

Role checks raise PermissionDenied (403); an object that is not the user's to
see raises Http404, so guessing ids reveals nothing. Fetching a person's data
for a member of staff writes the access-log entry in the same breath, so no
view can forget it.
"""

from functools import cache, wraps

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext_noop

from coaching.models import (
    AccessLogEntry,
    CoachChangeRequest,
    CoachRequest,
    Contact,
    ContactAsk,
    Correction,
    DeletionRequest,
    Goal,
    OwnWords,
    Person,
    Reflection,
    Strength,
    User,
)
from coaching.reading import read_one


def role_required(role: str):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path(), redirect_field_name=next_field)
            if user.role != role or not user.is_active:
                raise PermissionDenied  # audited by AuditRefusalsMiddleware
            if role != User.Role.PERSON and needs_second_factor(user):
                messages.info(request, "Please set up a second factor before you continue.")
                return redirect("mfa_index")
            return view(request, *args, **kwargs)

        # A person's page signed out of (after a quick exit, say) sends to a plain sign-in
        # page, with no "?next=/me/..." to tell whoever holds the phone what was open.
        # LoginRequiredMiddleware reads the same attribute.
        next_field = None if role == User.Role.PERSON else REDIRECT_FIELD_NAME
        wrapped.redirect_field_name = next_field
        return wrapped

    return decorator


def needs_second_factor(user) -> bool:
    if not settings.STAFF_MFA_REQUIRED:
        return False
    has_second_factor = getattr(user, "has_second_factor", None)  # see coaching.backends
    if has_second_factor is None:
        has_second_factor = is_mfa_enabled(user)
    return not has_second_factor


coach_required = role_required(User.Role.COACH)
person_required = role_required(User.Role.PERSON)
manager_required = role_required(User.Role.MANAGER)
commissioner_required = role_required(User.Role.COMMISSIONER)


def log_staff_view(*, person: Person, viewer: User, what: str, as_cover: bool = False) -> None:
    """One entry in the person's access log. Every staff view of a person writes one,
    so its INSERT is written once (_log_entry_sql), not built by the ORM each time."""
    db = connections[DEFAULT_DB_ALIAS]
    values = {
        "person_id": person.pk,
        "viewer_id": viewer.pk,
        "viewer_role": viewer.role,
        "viewed_at": db.ops.adapt_datetimefield_value(timezone.now()),
        "what": what,
        "as_cover": as_cover,
    }
    with db.cursor() as cursor:
        cursor.execute(_log_entry_sql(db.vendor), [values[name] for name in LOG_ENTRY_COLUMNS])


LOG_ENTRY_COLUMNS = ["person_id", "viewer_id", "viewer_role", "viewed_at", "what", "as_cover"]


@cache
def _log_entry_sql(vendor: str) -> str:
    quote = connections[DEFAULT_DB_ALIAS].ops.quote_name
    table = quote(AccessLogEntry._meta.db_table)
    columns = ", ".join(quote(AccessLogEntry._meta.get_field(c).column) for c in LOG_ENTRY_COLUMNS)
    marks = ", ".join(["%s"] * len(LOG_ENTRY_COLUMNS))
    return f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 - our own names


FULL = ("current_relationship__coach", "user")
# Values no real row has, in place of the user's and the person's ids in a look-up
# built once (coaching.reading.read_one).
STAND_IN_USER = -7_303_001
STAND_IN_PERSON = -7_303_002


def get_person_for_coach(
    request, person_id: int, *, what: str, log: bool = True, related=FULL
) -> Person:
    """The coach's own person, or one they cover for, with their current relationship.

    Anyone else is a 404. A view through cover is marked as such in the log. With
    `log` False the caller logs the view (log_coach_view) only if it shows the person:
    a save that goes straight on to their page shows nothing, and their page logs.
    `related`: what is read with them, by default their coach and their sign-in; the
    busiest pages, which need neither, read only the relationship.
    """
    # Most looks are at the coach's own people. Asked for first, that is the simpler
    # query, without cover's joins to the other coach, and it is built once (read_one);
    # cover is asked for only after.
    person = None
    if 0 < person_id < 2**63:
        person = read_one(
            ("person_for_coach", tuple(related)),
            lambda: Person.objects.for_coach(User(pk=STAND_IN_USER)).filter(pk=STAND_IN_PERSON),
            {STAND_IN_USER: request.user.pk, STAND_IN_PERSON: person_id},
            related,
        )
    if person is None:
        people = Person.objects.select_related(*related).for_coach_or_cover(request.user)
        person = get_object_or_404(people, pk=person_id)
    person.as_cover = person.current_relationship.coach_id != request.user.pk
    if log:
        log_coach_view(request, person, what=what)
    return person


def get_contact_for_coach(request, contact_id: int, *, what: str) -> Contact:
    contact = get_object_or_404(
        Contact.objects.filter(
            person__in=Person.objects.for_coach_or_cover(request.user)
        ).select_related("person__current_relationship", "person__keeping_in_touch", "coach"),
        pk=contact_id,
    )
    log_coach_view(request, contact.person, what=what)
    return contact


def get_contact_ask_for_coach(request, ask_id: int, *, what: str) -> ContactAsk:
    """A person's ask that their coach get in touch, for their coach (or one covering)."""
    ask = get_object_or_404(
        ContactAsk.objects.filter(
            person__in=Person.objects.for_coach_or_cover(request.user)
        ).select_related("person__current_relationship"),
        pk=ask_id,
    )
    log_coach_view(request, ask.person, what=what)
    return ask


def log_coach_view(request, person: Person, *, what: str) -> None:
    """Log a coach's view of a person they reached through for_coach_or_cover, marked
    as cover unless it is their own person; `person.as_cover` says which."""
    person.as_cover = person.current_relationship.coach_id != request.user.pk
    log_staff_view(person=person, viewer=request.user, what=what, as_cover=person.as_cover)


def get_deletion_request_for_manager(request, request_id: int) -> DeletionRequest:
    """A request to delete a record, for a manager to carry out; the view is logged."""
    deletion = get_object_or_404(
        DeletionRequest.objects.select_related("person__current_relationship__coach__team"),
        pk=request_id,
    )
    log_staff_view(
        person=deletion.person,
        viewer=request.user,
        what=gettext_noop("your request to delete your record"),
    )
    return deletion


def get_left_behind_for_manager(request, person_id: int) -> Person:
    """Someone whose coach has left, for a manager to find them a new coach; the view
    is logged, since it names them."""
    person = get_object_or_404(
        Person.objects.left_behind().select_related("current_relationship__coach__team"),
        pk=person_id,
    )
    log_staff_view(
        person=person,
        viewer=request.user,
        what=gettext_noop("your record, to find you a new coach"),
    )
    return person


def get_own_person(request) -> Person:
    """The signed-in person's own record; a person without one has nothing to see."""
    person = read_one(
        "own_person",
        lambda: Person.objects.filter(user=User(pk=STAND_IN_USER)),
        {STAND_IN_USER: request.user.pk},
        ["current_relationship__coach", "keeping_in_touch__latest_ask"],
    )
    if person is None:
        raise PermissionDenied
    return person


OWN_WORDS = {"goal": Goal, "strength": Strength}


def get_own_words_model(kind: str) -> type[OwnWords]:
    if kind not in OWN_WORDS:
        raise Http404
    return OWN_WORDS[kind]


def get_own_words_for_person(person: Person, kind: str, entry_id: int) -> OwnWords:
    """One of the person's own goals or strengths as it stands now, else 404."""
    model = get_own_words_model(kind)
    return get_object_or_404(
        model.objects.filter(person=person, status=OwnWords.Status.CURRENT), pk=entry_id
    )


def posted(request):
    """The form data on a POST, else None. An empty POST is still a submission."""
    return request.POST if request.method == "POST" else None


def get_coach_request_for_coach(request, request_id: int, *, what: str) -> CoachRequest:
    """A request in the coach's team inbox, or one that became their person's; else 404.

    An untaken request has no person yet, so nothing to log against: scoping to
    the team is its guard. A taken one is the person's data and its view is logged.
    """
    coach_request = get_object_or_404(
        CoachRequest.objects.for_coach(request.user).select_related("team", "person", "taken_by"),
        pk=request_id,
    )
    if coach_request.person_id is not None:
        log_staff_view(person=coach_request.person, viewer=request.user, what=what)
    return coach_request


def get_past_retention_for_manager(request, person_id: int) -> Person:
    """Someone whose coaching ended longer ago than records are kept, in the manager's
    team, for the manager to review; the view is logged, since it names them."""
    person = get_object_or_404(
        Person.objects.past_retention(
            manager=request.user, ended_before=retention_cutoff()
        ).select_related("current_relationship__coach__team"),
        pk=person_id,
    )
    log_staff_view(
        person=person,
        viewer=request.user,
        what=gettext_noop("your record, to review how long it is kept"),
    )
    return person


def retention_cutoff():
    """RETENTION_YEARS ago today (the 28th for a 29 February)."""
    now = timezone.now()
    years_ago = now.year - settings.RETENTION_YEARS
    return now.replace(year=years_ago, day=28 if (now.month, now.day) == (2, 29) else now.day)


REFLECTION_LOOK = gettext_noop("a reflection that names you")


def get_reflection_for_coach(request, reflection_id: int, *, log: bool = True) -> Reflection:
    """One of the coach's own reflections, else 404. Reading one that names a person is
    logged, as any note about them; a change that shows nothing (`log` False) is not."""
    reflection = get_object_or_404(
        Reflection.objects.for_coach(request.user).select_related("person"), pk=reflection_id
    )
    if log and reflection.names_person:
        log_staff_view(person=reflection.person, viewer=request.user, what=REFLECTION_LOOK)
    return reflection


def get_reflection_for_manager(request, reflection_id: int) -> Reflection:
    """A reflection shared with this manager, else 404: one not shared is not there."""
    reflection = get_object_or_404(
        Reflection.objects.for_manager(request.user).select_related("coach", "person"),
        pk=reflection_id,
    )
    if reflection.names_person:
        log_staff_view(person=reflection.person, viewer=request.user, what=REFLECTION_LOOK)
    return reflection


def get_coach_change_for_coach(request, change_id: int, *, what: str) -> CoachChangeRequest:
    """A person's waiting request for a different coach, for a coach of the team whose
    inbox it is in; else 404. Opening it names the person, so the look is logged."""
    change = get_object_or_404(
        CoachChangeRequest.objects.for_coach(request.user)
        .waiting()
        .select_related("person__current_relationship__coach", "team"),
        pk=change_id,
    )
    log_staff_view(person=change.person, viewer=request.user, what=what)
    return change


def get_correction_for_coach(request, correction_id: int, *, what: str) -> Correction:
    """A person's ask for a correction, for their coach (or one covering)."""
    correction = get_object_or_404(
        Correction.objects.filter(
            person__in=Person.objects.for_coach_or_cover(request.user)
        ).select_related("person__current_relationship", "contact", "step"),
        pk=correction_id,
    )
    log_coach_view(request, correction.person, what=what)
    return correction
