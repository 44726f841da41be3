"""Writes that span several models. Views call these; these never read a request."""

import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib.admin.models import LogEntry
from django.contrib.auth.password_validation import validate_password
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, OuterRef, ProtectedError, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from coaching import history
from coaching.audit import audit
from coaching.models import (
    Activity,
    AnonymousCount,
    AreaMove,
    AuditEvent,
    CoachRequest,
    CoachRequestPass,
    Contact,
    ContactAsk,
    ContactRevision,
    Correction,
    DeletionRequest,
    InvalidTransition,
    Invitation,
    KeepingInTouch,
    OwnWords,
    Person,
    PersonalDetails,
    PersonEntry,
    Reflection,
    Relationship,
    RelationshipEvent,
    SentForm,
    SharingChange,
    SharingChoice,
    SystemBarrier,
    Team,
    Theme,
    User,
    hash_invitation_code,
    record_activity,
)
from coaching.returning import person_return
from coaching.sent_once import forget_all_words, forget_words_sent_by


class EditConflict(Exception):
    """Someone else saved this contact after it was opened."""


class InvitationInvalid(Exception):
    """The code is unknown, used or expired."""


class InvitationForNewPassword(InvitationInvalid):
    """A good code, but its person has a sign-in: it is for choosing a new password."""


class InvitationForSetUp(InvitationInvalid):
    """A good code, but its person has no sign-in yet: it is for setting one up."""


class UsernameTaken(Exception):
    """Someone else chose the same username a moment before."""


class NotShared(Exception):
    """The person has not chosen to share this, so it is not stored."""


# With notes off a contact records only when, how, who reached out and what mattered
# (docs/design.md): nothing written about the conversation, barriers included. The form
# offers none of these then; contact_log and contact_update refuse them from anyone,
# and "delete my notes" blanks them (each field's blank is its value here).
NOTHING_WRITTEN = {"notes": "", "place": "", "minutes": None, "connections": ""}
WRITTEN_ABOUT_THE_CONVERSATION = tuple(NOTHING_WRITTEN)


def require_shared(person: Person, choice: str) -> None:
    """The service-layer guard for a sharing choice. Other apps call it before they
    store anything a choice covers, e.g. outcomes before a wellbeing score:
    `require_shared(person, SharingChoice.WELLBEING)`."""
    if not person.shares(choice):
        raise NotShared(SharingChoice(choice).label)


@dataclass
class Barrier:
    service: str
    what_happened: str = ""
    category: str = SystemBarrier.Category.OTHER
    raised_with_service: bool = False
    followed_up: bool = False


def person_create(
    *,
    name: str,
    coach: User,
    by: User,
    area: str = "",
    asked_by_person: bool = False,
    began_at=None,
    sharing: dict[str, bool] | None = None,
    import_ref: str | None = None,
) -> Person:
    """Create a person's record and begin their relationship with a coach. A beginning
    in the past (a record brought in, the demo) dates the record from it too, or their
    data would say the record was made after their coaching began. A record brought in
    keeps its reference, and the sharing choices the person had made (by choice name,
    e.g. {"reporting": False}); the rest take their defaults."""
    choices = {f"share_{SharingChoice(choice).value}": on for choice, on in (sharing or {}).items()}
    with transaction.atomic():
        person = Person.objects.create(
            name=name,
            area=area,
            created_at=began_at or timezone.now(),
            import_ref=import_ref,
            **choices,
        )
        _begin_relationship(
            person=person,
            coach=coach,
            by=by,
            kind=RelationshipEvent.Kind.BEGAN,
            asked_by_person=asked_by_person,
            occurred_at=began_at or timezone.now(),
        )
    return person


def relationship_restart(
    *,
    person: Person,
    by: User,
    coach: User | None = None,
    reason: str = "",
    at=None,
    import_ref: str | None = None,
):
    """Restart coaching after it ended, with the same coach or another.

    With the same coach the existing relationship carries on; with another a
    new one begins. Either way the person's history reads as one story.
    """
    with transaction.atomic():
        # The person's row first, whichever way: two restarts at once take turns, and the
        # second is told coaching has not ended. Without it one restart held the kept
        # record's row (its event's trigger) waiting on the other's new relationship, which
        # waited on that row: a deadlock, raised as an error instead of a refusal.
        locked = (
            Person.objects.select_for_update(of=("self",))
            .select_related("current_relationship__coach")
            .get(pk=person.pk)
        )
        current = locked.current_relationship
        if current is None or current.state != Relationship.State.ENDED:
            raise InvalidTransition("Coaching has not ended.")
        if coach is None or coach == current.coach:
            event = current.restart(by=by, reason=reason, at=at, import_ref=import_ref)
        else:
            event = _begin_relationship(
                person=locked,
                coach=coach,
                by=by,
                kind=RelationshipEvent.Kind.RESTARTED,
                reason=reason,
                occurred_at=at,
                import_ref=import_ref,
            )
    person.current_relationship = locked.current_relationship
    return event


def _begin_relationship(*, person, coach, by, kind, occurred_at=None, **event_fields):
    try:
        with transaction.atomic():
            relationship = Relationship.objects.create(
                person=person, coach=coach, created_at=occurred_at or timezone.now()
            )
    except IntegrityError:
        raise InvalidTransition("They already have coaching that has not ended.") from None
    event = RelationshipEvent.objects.create(
        relationship=relationship,
        kind=kind,
        coach=coach,
        recorded_by=by,
        occurred_at=occurred_at or timezone.now(),
        **event_fields,
    )
    Person.objects.filter(pk=person.pk).update(current_relationship=relationship)
    person.current_relationship = relationship
    return event


def contact_log(
    *,
    person: Person,
    coach: User,
    fields: dict,
    themes: Iterable[Theme] = (),
    barriers: Iterable[Barrier] = (),
) -> Contact:
    """Log a contact. The form sent twice, or again after Back, is saved once by the
    mechanism every creating form shares (coaching/sent_once.py)."""
    _require_notes_for_what_is_written(person, fields, barriers)
    with transaction.atomic():
        contact = Contact.objects.create(person=person, coach=coach, **fields)
        contact.themes.add(*themes)
        _add_barriers(contact, barriers)
    return contact


def contact_update(
    *,
    contact: Contact,
    expected_version: int,
    by: User,
    fields: dict,
    themes: Iterable[Theme] = (),
    barriers: Iterable[Barrier] | None = None,
) -> Contact:
    """Save an edit, keeping the earlier version, unless someone saved first. Barriers
    None leave the contact's own as they are."""
    _require_notes_for_what_is_written(contact.person, fields, barriers)
    with transaction.atomic():
        current = Contact.objects.select_for_update().get(pk=contact.pk)
        if current.version != expected_version:
            raise EditConflict
        ContactRevision.objects.create(
            contact=current, version=current.version, content=current.snapshot(), replaced_by=by
        )
        # The version in the WHERE clause is the guard that holds on every
        # database, row lock or not.
        claimed = Contact.objects.filter(pk=current.pk, version=expected_version).update(
            version=F("version") + 1, updated_at=timezone.now(), **fields
        )
        if not claimed:
            raise EditConflict
        current.refresh_from_db()
        current.themes.set(themes)
        if barriers is not None:
            _replace_barriers(current, barriers)
    return current


def _require_notes_for_what_is_written(person, fields: dict, barriers) -> None:
    written = any(fields.get(name) for name in WRITTEN_ABOUT_THE_CONVERSATION)
    if written or barriers:
        require_shared(person, SharingChoice.NOTES)


def _replace_barriers(contact: Contact, barriers: Iterable[Barrier]) -> None:
    contact.barriers.all().delete()
    _add_barriers(contact, barriers)


def _add_barriers(contact: Contact, barriers: Iterable[Barrier]) -> None:
    SystemBarrier.objects.bulk_create(SystemBarrier(contact=contact, **asdict(b)) for b in barriers)


def invitation_redeem(*, code: str, username: str, password: str) -> User:
    """Turn an invitation code into the person's own sign-in."""
    with transaction.atomic():
        invitation = _usable_invitation(code)
        if invitation.person.user_id is not None:
            raise InvitationForNewPassword
        user = User(username=username, role=User.Role.PERSON, first_name=invitation.person.name)
        user.set_password(password)
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:
            # The form checked it was free; another person chose it since, and the
            # database keeps usernames unique.
            raise UsernameTaken from None
        invitation.person.user = user
        invitation.person.save(update_fields=["user"])
        _use(invitation)
    return user


def invitation_new_password(*, code: str, password: str) -> tuple[User, Invitation]:
    """A new password for a person who forgot theirs, with a code from their coach: the
    way back in for someone with no email address. Changing the password ends every
    other session of theirs (Django checks each session against the password).

    The code works only while the coach who made it is still the person's coach, and
    only for a person's own sign-in (not one made staff since, nor switched off).
    Raises ValidationError, changing nothing, if the password breaks the rules."""
    with transaction.atomic():
        invitation = _usable_invitation(code)
        person = invitation.person
        if person.user is None:
            raise InvitationForSetUp
        relationship = person.current_relationship
        if (
            not person.user.takes_a_password_code
            or relationship is None
            or relationship.coach_id != invitation.created_by_id
        ):
            raise InvitationInvalid
        validate_password(password, person.user)
        person.user.set_password(password)
        person.user.save(update_fields=["password"])
        _use(invitation)
    return person.user, invitation


def _usable_invitation(code: str) -> Invitation:
    """The usable invitation of this code, it and its person locked until the
    transaction ends."""
    invitation = (
        Invitation.objects.usable()
        .select_for_update(of=("self", "person"))
        .select_related("person__user", "person__current_relationship")
        .filter(code_hash=hash_invitation_code(code))
        .first()
    )
    if invitation is None:
        raise InvitationInvalid
    return invitation


def _use(invitation: Invitation) -> None:
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])


def person_rename(*, person: Person, name: str, area: str, by: User) -> bool:
    """Change the name the person likes to be called, on their sign-in too, or their
    area: an attribute of the person, so moving area ends nothing. Returns whether
    anything changed."""
    if (person.name, person.area) == (name, area):
        return False
    moved_from = person.area
    person.name, person.area = name, area
    with transaction.atomic():
        person.save(update_fields=["name", "area"])
        if moved_from != area:  # a move is in their story
            AreaMove.objects.create(person=person, from_area=moved_from, to_area=area, moved_by=by)
        if person.user_id is not None:
            # Their sign-in took the name it was made with (invitation_redeem): a name
            # left behind there would still show where they act, e.g. in their data.
            User.objects.filter(pk=person.user_id).update(first_name=name, last_name="")
    if by.is_person:
        record_activity(person, Activity.Kind.DETAILS_CHANGED)
    return True


def personal_details_save(*, person: Person, answers: dict, by: User) -> bool:
    """Save the person's answers about themselves (PersonalDetails.FIELDS). Returns
    False, saving nothing, when they are as they were.

    Under the person's row lock: the first save pressed twice, or sent from two tabs,
    takes turns, and the second finds the first's row instead of adding a second one,
    which the database would refuse."""
    with transaction.atomic():
        Person.objects.select_for_update().values_list("pk").get(pk=person.pk)
        details = PersonalDetails.objects.filter(person=person).first()
        if details is not None and details.answers() == [answers[f] for f in details.FIELDS]:
            return False
        details = details or PersonalDetails(person=person)
        before = details.answers()
        for field in details.FIELDS:
            setattr(details, field, answers[field])
        details.updated_at, details.updated_by = timezone.now(), by
        details.save()
    # Only a change is news for the coach; the first save of blank answers is not.
    if details.answers() != before and by.is_person:
        record_activity(person, Activity.Kind.DETAILS_CHANGED)
    return True


def coach_away(*, coach: User, away: bool, until=None) -> bool:
    """Mark the coach away (until the end of `until`, or until they are back), or back.
    While away, their team may open the records of their people who allow cover
    (Person.objects.for_coach_or_cover). Returns whether anything changed."""
    was_away = coach.is_away
    since = (coach.away_since if was_away else timezone.now()) if away else None
    until = until if away else None
    if (since, until) == (coach.away_since, coach.away_until):
        return False
    coach.away_since, coach.away_until = since, until
    coach.save(update_fields=["away_since", "away_until"])
    # Back after the last day away has passed: nothing anyone could see changed.
    return away or was_away


def relationship_decide(
    *,
    person: Person,
    decision: str,
    by: User | None,
    reason: str = "",
    until=None,
    at=None,
    coach: User | None = None,
    import_ref: str | None = None,
) -> RelationshipEvent:
    """Record the person's decision to pause, resume, end or restart coaching. `at`
    back-dates it and `import_ref` names it (a record brought in); `coach`: a restart
    with someone new."""
    relationship = person.current_relationship
    if relationship is None:
        raise InvalidTransition("There is no coaching to change.")
    step = {"by": by, "reason": reason, "at": at, "import_ref": import_ref}
    if decision == "pause":
        return relationship.pause(until=until, **step)
    if decision == "resume":
        return relationship.resume(**step)
    if decision == "end":
        return relationship.end(**step)
    if decision == "restart":
        return relationship_restart(person=person, coach=coach, **step)
    raise ValueError(f"Unknown decision {decision!r}")


class RequestAlreadyTaken(Exception):
    """Another coach took this request first."""


class RequestMoved(Exception):
    """Another coach passed this request to another team's inbox after it was opened."""


class AgreementNeeded(Exception):
    """A request passed on by an organisation needs the person's own agreement."""


def ask_team_for(area: str) -> Team | None:
    """The team whose inbox a request for this area goes to; unsure goes to the default."""
    if area:
        team = Team.objects.filter(area=area).order_by("name").first()
        if team is not None:
            return team
    return (
        Team.objects.filter(takes_unsure_requests=True).first()
        or Team.objects.order_by("name").first()
    )


def coach_request_create(*, fields: dict, team: Team) -> CoachRequest:
    """Save a request for a coach. A double-pressed "Send" is saved once by the form's
    key (coaching/sent_once.py)."""
    return CoachRequest.objects.create(team=team, **fields)


def coach_request_take(
    *,
    coach_request: CoachRequest,
    coach: User,
    person_agreed: bool = False,
    returning: Person | None = None,
) -> Person:
    """Take a request: the person's record is created and coaching begins with this coach.
    Or, for `returning` (someone the coach walked with, who agreed it is them), their
    story carries on: their relationship restarts and the request becomes theirs.

    The row lock makes two coaches taking the same request at once take turns;
    the second is told it is already taken. One passed to another team since the coach
    opened it is theirs no longer: they are told it moved.
    """
    with transaction.atomic():
        locked = CoachRequest.objects.select_for_update().get(pk=coach_request.pk)
        if locked.person_id is not None:
            raise RequestAlreadyTaken
        if locked.team_id != coach_request.team_id:
            raise RequestMoved
        if locked.is_passed_on and not person_agreed:
            raise AgreementNeeded
        if returning is not None:
            person_return(person=returning, coach=coach, by=coach, asked_by_person=True)
            person = returning
        else:
            person = person_create(
                name=locked.name, area=locked.area, coach=coach, by=coach, asked_by_person=True
            )
        locked.person, locked.taken_by, locked.taken_at = person, coach, timezone.now()
        locked.person_agreed = person_agreed
        locked.save(update_fields=["person", "taken_by", "taken_at", "person_agreed"])
    coach_request.person, coach_request.taken_by = person, coach
    coach_request.taken_at, coach_request.person_agreed = locked.taken_at, person_agreed
    return person


def coach_request_pass(
    *, coach_request: CoachRequest, to_team: Team, by: User, note: str = ""
) -> CoachRequestPass:
    """Move an untaken request to another team's inbox, keeping a note of the move.

    Under the request's lock: of two coaches passing it at once, the second finds it
    moved already and is told so (the database refuses a pass to the team it is in)."""
    with transaction.atomic():
        locked = CoachRequest.objects.select_for_update().get(pk=coach_request.pk)
        if locked.person_id is not None:
            raise RequestAlreadyTaken
        if locked.team_id != coach_request.team_id:
            raise RequestMoved
        moved = CoachRequestPass.objects.create(
            coach_request=locked,
            from_team_id=locked.team_id,
            to_team=to_team,
            passed_by=by,
            note=note,
        )
        locked.team = to_team
        locked.save(update_fields=["team"])
    coach_request.team = to_team
    return moved


def forget_untaken_requests(*, keep_days: int, now=None) -> int:
    """Delete requests nobody took within `keep_days`: personal data kept no longer."""
    cutoff = (now or timezone.now()) - timedelta(days=keep_days)
    deleted, _ = CoachRequest.objects.untaken().filter(created_at__lt=cutoff).delete()
    return deleted


def sharing_change(
    *, person: Person, choice: str, allowed: bool, by: User, with_coach: bool = False
) -> bool:
    """Turn one sharing choice on or off, keeping the change. Returns whether it changed.

    Takes effect at once: every page, export and figure reads the Person row.
    """
    choice = SharingChoice(choice)
    field = f"share_{choice.value}"
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        if locked.shares(choice) == allowed:
            setattr(person, field, allowed)
            return False
        Person.objects.filter(pk=person.pk).update(**{field: allowed})
        SharingChange.objects.create(
            person=person, choice=choice, allowed=allowed, changed_by=by, with_coach=with_coach
        )
        audit(
            action=AuditEvent.Action.SHARING_CHANGED,
            actor=by,
            obj=person,
            detail=f"{choice.value} {'on' if allowed else 'off'}",
        )
        if by.is_person:
            record_activity(person, Activity.Kind.SHARING_CHANGED)
    setattr(person, field, allowed)
    return True


def _written_now() -> Q:
    """Contacts that hold anything written about the conversation, barriers included."""
    written = Exists(SystemBarrier.objects.filter(contact=OuterRef("pk")))
    for name, nothing in NOTHING_WRITTEN.items():
        written |= ~Q(**{name: nothing})
    return written


def _written_before(content: dict) -> bool:
    """An earlier version (ContactRevision.content) that holds anything written."""
    return bool(content.get("barriers")) or any(
        content.get(name) not in ("", None) for name in NOTHING_WRITTEN
    )


def notes_kept(person: Person) -> int:
    """How many contacts still hold anything written about the conversation (notes, a
    place, minutes, connections, barriers), now or in an earlier version."""
    earlier = {
        contact_id
        for contact_id, content in ContactRevision.objects.filter(
            contact__person=person
        ).values_list("contact_id", "content")
        if _written_before(content)
    }
    return Contact.objects.filter(person=person).filter(_written_now() | Q(pk__in=earlier)).count()


def notes_delete(*, person: Person, by: User) -> int:
    """Delete everything written about the person's conversations, earlier versions too.
    For real: the text is gone from the database, not hidden. Returns how many contacts
    held any. Earlier versions are kept history: erasing() opens them, and audits it."""
    count = notes_kept(person)
    with history.erasing(person, by=by, action=AuditEvent.Action.NOTES_DELETED):
        Contact.objects.filter(person=person).filter(_written_now()).update(**NOTHING_WRITTEN)
        forget_all_words()
        barriers = SystemBarrier.objects.filter(contact__person=person)
        barriers.delete()
        Reflection.objects.filter(person=person).delete()  # a coach's writing about them
        revisions = ContactRevision.objects.select_for_update().filter(contact__person=person)
        for revision in revisions:
            if _written_before(revision.content):
                revision.content = {**revision.content, **NOTHING_WRITTEN, "barriers": []}
                revision.save(update_fields=["content"])
    return count


def own_words_add(
    *, model: type[OwnWords], person: Person, text: str, by: User, with_coach: bool = False
) -> OwnWords:
    """Add a goal or strength in the person's words (or with their coach, marked so)."""
    entry = model.objects.create(person=person, text=text, added_by=by, with_coach=with_coach)
    if by.is_person:
        record_activity(person, _OWN_WORDS_ACTIVITY[model.KIND])
    return entry


def own_words_change(*, entry: OwnWords, by: User, text: str = "", finish: str = "") -> OwnWords:
    """The person changes the words of a goal or strength, or marks it done or set aside."""
    if finish:
        entry.finish(finish)
    else:
        entry = entry.change(text, by=by)
    if by.is_person:
        record_activity(entry.person, _OWN_WORDS_ACTIVITY[entry.KIND])
    return entry


_OWN_WORDS_ACTIVITY = {
    "goal": Activity.Kind.GOAL_CHANGED,
    "strength": Activity.Kind.STRENGTH_CHANGED,
}


def deletion_request_make(*, person: Person, by: User) -> DeletionRequest:
    deletion, created = DeletionRequest.objects.get_or_create(
        person=person, defaults={"asked_by": by}
    )
    if created:
        record_activity(person, Activity.Kind.DELETION_REQUESTED)
    return deletion


class NothingToErase(Exception):
    """The record was deleted a moment ago, or the person withdrew their request."""


def retention_erase(*, person: Person, by: User) -> None:
    """Erase a record kept past the retention period, after a manager's review: the
    same erasure as a person's own request, asked for by the manager."""
    with transaction.atomic():
        # Under the person's row lock: of two managers at once, the second is told.
        if not Person.objects.select_for_update().filter(pk=person.pk).exists():
            raise NothingToErase("This record was deleted a moment ago.")
        person_erase(deletion=deletion_request_make(person=person, by=by), by=by)


def person_erase(*, deletion: DeletionRequest, by: User) -> None:
    """Carry out a person's request to delete their record.

    First add what the charity may keep to the anonymous counts (team and month
    only), then delete the person: every row about them goes with the Person row
    by CASCADE, in every app. Their own sign-in goes too. See README, Privacy.

    Under the person's row lock and the request's: of two managers carrying it out at
    once the second is told it is done, and a request withdrawn meanwhile is kept to.
    """
    with transaction.atomic():
        person = Person.objects.select_for_update().filter(pk=deletion.person_id).first()
        if person is None:
            raise NothingToErase("This record was deleted a moment ago.")
        if not DeletionRequest.objects.select_for_update().filter(pk=deletion.pk).exists():
            raise NothingToErase("They withdrew their request, so their record stays.")
        current = person.current_relationship
        team = current.coach.team.name if current and current.coach.team_id else ""
        cells = _counts_before_erasure(person) if person.share_reporting else Counter()
        cells[(AnonymousCount.Kind.ERASURE, team, _first_of_month(timezone.localdate()))] += 1
        # Cells in one order, whoever is erased: two erasures at once then wait for each
        # other's cells in turn, never each holding one the other wants (a deadlock).
        for (kind, team_name, month), n in sorted(cells.items()):
            _add_count(kind, team_name, month, n)
        user = person.user
        _forget_admin_history(person, user)
        if user is not None:
            _end_sign_in_sessions(user)
        # Their kept history goes too, by the one path the database lets it. The audit
        # log keeps the id alone: nothing in it leads back to the person.
        with history.erasing(person, by=by, action=AuditEvent.Action.RECORD_ERASED):
            person.delete()
        if user is not None:
            # When they sent which form: gone even if their sign-in must be blanked.
            SentForm.objects.filter(sent_by=user).delete()
            _remove_sign_in(user)
        # Staff's forms about them kept digests of words now deleted.
        forget_all_words()


def _counts_before_erasure(person: Person) -> Counter:
    """What the person adds to the anonymous counts, by (kind, team name, month)."""
    relationships = (
        Relationship.objects.filter(person=person)
        .annotate(month=TruncMonth("created_at"))
        .values("coach__team__name", "month")
        .annotate(n=Count("pk"))
    )
    contacts = (
        Contact.objects.filter(person=person)
        .annotate(month=TruncMonth("occurred_at"))
        .values("coach__team__name", "month")
        .annotate(n=Count("pk"))
    )
    cells = Counter()
    for kind, rows in [
        (AnonymousCount.Kind.RELATIONSHIP, relationships),
        (AnonymousCount.Kind.CONTACT, contacts),
    ]:
        for row in rows:
            team_name = row["coach__team__name"] or ""
            cells[(kind, team_name, _first_of_month(row["month"]))] += row["n"]
    return cells


def _first_of_month(when) -> date:
    return (when.date() if isinstance(when, datetime) else when).replace(day=1)


def _add_count(kind: str, team_name: str, month: date, n: int) -> None:
    # Two erasures adding to a new cell at once: the second's insert waits for the
    # first's, is refused, and get_or_create finds the first's row (read committed).
    cell, _ = AnonymousCount.objects.get_or_create(kind=kind, team_name=team_name, month=month)
    AnonymousCount.objects.filter(pk=cell.pk).update(count=F("count") + n)


def _end_sign_in_sessions(user: User) -> None:
    """Sign the person out everywhere now: their session rows hold their user id, and
    would otherwise wait for clearsessions. allauth records every sign-in's session."""
    for session in UserSession.objects.filter(user=user):
        session.end()


def _forget_admin_history(person: Person, user: User | None) -> None:
    """The admin's history keeps each changed object's name as it was then."""
    rows = Q(content_type=ContentType.objects.get_for_model(Person), object_id=str(person.pk))
    if user is not None:
        rows |= Q(content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk))
    LogEntry.objects.filter(rows).delete()


def _remove_sign_in(user: User) -> None:
    """Delete the person's sign-in; if another app still points at it, blank it instead."""
    try:
        with transaction.atomic():
            user.delete()
    except ProtectedError:
        user.username = f"erased-{uuid.uuid4().hex}"
        user.first_name = user.last_name = user.email = ""
        user.is_active = False
        user.last_login = None
        user.date_joined = timezone.now().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        user.set_unusable_password()
        user.save()
        # What a deleted sign-in would have taken with it.
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()


def keeping_in_touch_save(*, person: Person, answers: dict, by: User) -> bool:
    """Save how the person would like to keep in touch (KeepingInTouch.FIELDS). Returns
    False, saving nothing, when the answers are as they were. Under the person's row
    lock, as personal_details_save, so two saves at once make one row."""
    with transaction.atomic():
        Person.objects.select_for_update().values_list("pk").get(pk=person.pk)
        kept = KeepingInTouch.objects.filter(person=person).first() or KeepingInTouch(person=person)
        if kept.answers() == [answers[field] for field in KeepingInTouch.FIELDS]:
            return False
        for field in KeepingInTouch.FIELDS:
            setattr(kept, field, answers[field])
        kept.updated_at, kept.updated_by = timezone.now(), by
        kept.save()
    if by.is_person:
        record_activity(person, Activity.Kind.IN_TOUCH_CHANGED)
    return True


def contact_ask_make(
    *, person: Person, how: str, when_suits: str = "", words: str = ""
) -> ContactAsk:
    """The person asks their coach to get in touch: it reaches the coach's feed now, and
    their email (no name, no detail) once committed. The person's page shows the latest
    ask through KeepingInTouch.latest_ask, read with the person."""
    with transaction.atomic():
        Person.objects.select_for_update().values_list("pk").get(pk=person.pk)
        ask = ContactAsk.objects.create(person=person, how=how, when_suits=when_suits, words=words)
        kept, _ = KeepingInTouch.objects.get_or_create(person=person)
        KeepingInTouch.objects.filter(pk=kept.pk).update(latest_ask=ask)
        record_activity(person, Activity.Kind.ASKED_TO_HEAR)
    return ask


def contact_ask_answer(*, ask: ContactAsk, by: User) -> int:
    """The coach marks the ask answered, with any earlier ask of the person still open.
    Returns how many it marked: 0 when someone marked them a moment before."""
    return ContactAsk.objects.filter(
        person_id=ask.person_id, answered_at__isnull=True, asked_at__lte=ask.asked_at
    ).update(answered_at=timezone.now(), answered_by=by)


# The person's own words in their story (coaching.models.story_words).
class AlreadyAnswered(Exception):
    """A correction was answered a moment ago, by someone else or in another tab."""


def person_entry_add(*, person: Person, text: str) -> PersonEntry:
    """The person adds an entry to their own story, in their words."""
    return PersonEntry.objects.create(person=person, text=text)


def person_entry_take_out(*, person: Person, entry_id: int) -> bool:
    """The person takes an entry they wrote out of their story, for real: the text is
    gone from the database. Returns whether there was one to take out (a second press
    finds it gone)."""
    with transaction.atomic():
        deleted, _ = PersonEntry.objects.filter(person=person, pk=entry_id).delete()
        if deleted and person.user_id:
            forget_words_sent_by(person.user_id)
    return bool(deleted)


def correction_ask(*, person: Person, entry: Contact | RelationshipEvent, words: str) -> Correction:
    """The person asks that a contact or a step about them be corrected: it reaches
    their coach's feed. The entry itself stays as it is."""
    about = {"contact": entry} if isinstance(entry, Contact) else {"step": entry}
    correction = Correction.objects.create(person=person, asked_words=words, **about)
    record_activity(person, Activity.Kind.CORRECTION_ASKED)
    return correction


def correction_answer(*, correction: Correction, by: User, answer: str, words: str) -> None:
    """The coach answers: a correction shown beside the entry, or why not. Answered
    once: a second answer (another tab, a colleague covering) is refused in words."""
    if answer not in (Correction.Answer.CORRECTED, Correction.Answer.NOT_CORRECTED):
        raise ValueError(answer)
    answered = Correction.objects.filter(pk=correction.pk, answered_at__isnull=True).update(
        answer=answer, answer_words=words, answered_at=timezone.now(), answered_by=by
    )
    if not answered:
        raise AlreadyAnswered("This was answered already. The answer is on their page.")
