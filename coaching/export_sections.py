"""The coaching app's part of "Download my data": registered from CoachingConfig.ready().

Keys are plain words, so the readable page can show them as they are.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.db.models import Prefetch

from coaching.export import ExportSection, export_section, leave_out
from coaching.models import (
    AccessLogEntry,
    Activity,
    AreaMove,
    AuditEvent,
    CoachChangeRequest,
    Contact,
    ContactAsk,
    ContactRevision,
    Correction,
    Goal,
    Invitation,
    KeepingInTouch,
    PersonalDetails,
    PersonEntry,
    Reflection,
    RelationshipEvent,
    SharingChange,
    SharingChoice,
    Strength,
    Theme,
)

DETAIL_KEYS = ["date_of_birth", "gender", "pronouns", "ethnicity", "disability"]
# The steps a person may have asked for: coaching began, began again, or a new coach.
ASKED_STEPS = RelationshipEvent.COACH_STEPS


def _when(value):
    return value.isoformat() if value else None


def _who(user):
    return user.display_name if user else None


@export_section
def about_you(person) -> ExportSection:
    details = PersonalDetails.objects.filter(person=person).first()
    deletion = getattr(person, "deletion_request", None)
    row = {
        "name": person.name,
        "area": person.area,
        "record_made": _when(person.created_at),
        "your_sign_in": person.user.username if person.user else None,
        "asked_to_delete_your_record": _when(deletion.asked_at) if deletion else None,
    }
    if details is not None:
        values = [value for _, value in details.readable()]
        row.update(zip(DETAIL_KEYS, values, strict=True))
    return ExportSection(
        key="about_you",
        tables=("coaching.Person", "coaching.PersonalDetails", "coaching.DeletionRequest"),
        title="About you",
        rows=[row],
        order=10,
    )


@export_section
def sharing_now(person) -> ExportSection:
    rows = [
        {"choice": choice.label, "you_share": person.shares(choice)} for choice in SharingChoice
    ]
    return ExportSection(key="sharing_now", title="What you share now", rows=rows, order=20)


@export_section
def sharing_history(person) -> ExportSection:
    changes = SharingChange.objects.filter(person=person).select_related("changed_by")
    rows = [
        {
            "when": _when(change.changed_at),
            "choice": change.get_choice_display(),
            "you_share": change.allowed,
            "changed_by": _who(change.changed_by),
            "with_your_coach": change.with_coach,
        }
        for change in changes
    ]
    return ExportSection(
        key="sharing_history",
        tables=("coaching.SharingChange",),
        title="Changes to what you share",
        rows=rows,
        order=21,
    )


@export_section
def coaching_story(person) -> ExportSection:
    events = (
        RelationshipEvent.objects.filter(relationship__person=person)
        .select_related("relationship__coach", "recorded_by", "coach")
        .order_by("occurred_at", "pk")
    )
    rows = [
        {
            "when": _when(event.occurred_at),
            "what": event.get_kind_display(),
            "coach": _who(event.coach or event.relationship.coach),
            "recorded_by": _who(event.recorded_by),
            "you_decided": event.person_decided,
            # Only a beginning, a restart or a handover answers it; a pause would read "No".
            "you_asked_for_a_coach": event.asked_by_person if event.kind in ASKED_STEPS else None,
            "in_your_words": event.reason,
            "paused_until": _when(event.paused_until),
        }
        for event in events
    ]
    return ExportSection(
        key="coaching",
        tables=("coaching.Relationship", "coaching.RelationshipEvent"),
        title="Your coaching",
        rows=rows,
        order=30,
    )


@export_section
def different_coach(person) -> ExportSection:
    asked = CoachChangeRequest.objects.filter(person=person).select_related("handed_to")
    return ExportSection(
        key="different_coach",
        tables=("coaching.CoachChangeRequest",),
        title="When you asked for a different coach",
        rows=[
            {
                "when": _when(change.asked_at),
                "in_your_words": change.words,
                "new_coach": _who(change.handed_to),
                "new_coach_from": _when(change.answered_at),
            }
            for change in asked.order_by("asked_at", "pk")
        ],
        order=31,
    )


@export_section
def area_moves(person) -> ExportSection:
    moves = AreaMove.objects.filter(person=person).select_related("moved_by").order_by("moved_at")
    rows = [
        {
            "when": _when(move.moved_at),
            "from": move.from_area,
            "to": move.to_area,
            "changed_by": _who(move.moved_by),
        }
        for move in moves
    ]
    return ExportSection(
        key="area_moves",
        tables=("coaching.AreaMove",),
        title="Moves to another area",
        rows=rows,
        order=32,
    )


@export_section
def your_words_in_your_story(person) -> ExportSection:
    entries = PersonEntry.objects.filter(person=person).order_by("written_at", "pk")
    return ExportSection(
        key="your_words_in_your_story",
        tables=("coaching.PersonEntry",),
        title="What you added to your story",
        rows=[{"when": _when(entry.written_at), "in_your_words": entry.text} for entry in entries],
        order=33,
    )


@export_section
def corrections(person) -> ExportSection:
    asked = (
        Correction.objects.filter(person=person)
        .select_related("contact", "step", "answered_by")
        .order_by("asked_at", "pk")
    )
    rows = [
        {
            "when": _when(correction.asked_at),
            "about": correction.about,
            "about_the_entry_of": _when(correction.entry.occurred_at),
            "in_your_words": correction.asked_words,
            "answer": correction.get_answer_display() if correction.answer else None,
            "answer_words": correction.answer_words,
            "answered": _when(correction.answered_at),
            "answered_by": _who(correction.answered_by),
        }
        for correction in asked
    ]
    return ExportSection(
        key="corrections",
        tables=("coaching.Correction",),
        title="When you asked for a change to your story",
        rows=rows,
        order=34,
    )


def _to_you(who_reached_out: str) -> str:
    """Who reached out, as the person reads it: "You" or "Your coach"."""
    return {
        Contact.ReachedOutBy.PERSON.label: "You",
        Contact.ReachedOutBy.COACH.label: "Your coach",
    }.get(who_reached_out, who_reached_out)


@export_section
def contacts(person) -> ExportSection:
    found = (
        Contact.objects.filter(person=person)
        .select_related("coach")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("position")),
            "barriers",
            Prefetch("revisions", queryset=ContactRevision.objects.select_related("replaced_by")),
        )
        .order_by("occurred_at", "pk")
    )
    rows = [
        {
            "when": _when(contact.occurred_at),
            "how": contact.get_channel_display(),
            "who_reached_out": _to_you(contact.get_reached_out_by_display()),
            "where": contact.place,
            "minutes": contact.minutes,
            "what_mattered": [theme.name for theme in contact.themes.all()],
            "notes": contact.notes,
            "connections_made": contact.connections,
            "got_in_the_way": [
                {
                    "kind_of_service": b.get_category_display(),
                    "service": b.service,
                    "what_happened": b.what_happened,
                    "raised_with_the_service": b.raised_with_service,
                    "followed_up": b.followed_up,
                }
                for b in contact.barriers.all()
            ],
            "written_by": _who(contact.coach),
            "earlier_versions": [
                {
                    "version": revision.version,
                    "replaced": _when(revision.replaced_at),
                    "replaced_by": _who(revision.replaced_by),
                    **revision.content,
                    # Kept in the staff's words at the time: read to the person.
                    "reached_out_by": _to_you(revision.content.get("reached_out_by", "")),
                }
                for revision in contact.revisions.all()
            ],
        }
        for contact in found
    ]
    return ExportSection(
        key="contacts",
        tables=("coaching.Contact", "coaching.ContactRevision", "coaching.SystemBarrier"),
        title="Contacts with your coach",
        rows=rows,
        order=40,
    )


def _own_words(model, person):
    entries = model.objects.filter(person=person).select_related("added_by", "replaced_by")
    return [
        {
            "in_your_words": entry.text,
            "how_it_stands": entry.get_status_display(),
            "added": _when(entry.added_at),
            "added_by": _who(entry.added_by),
            "with_your_coach": entry.with_coach,
            "until": _when(entry.ended_at),
            "changed_to": entry.replaced_by.text if entry.replaced_by else None,
        }
        for entry in entries.order_by("added_at", "pk")
    ]


@export_section
def goals(person) -> ExportSection:
    return ExportSection(
        key="goals",
        tables=("coaching.Goal",),
        title="What you're working towards",
        rows=_own_words(Goal, person),
        order=50,
    )


@export_section
def strengths(person) -> ExportSection:
    return ExportSection(
        key="strengths",
        tables=("coaching.Strength",),
        title="What you're good at, what you enjoy",
        rows=_own_words(Strength, person),
        order=51,
    )


@export_section
def reflections(person) -> ExportSection:
    """A coach's reflections linked to the person: part of their record, as notes are."""
    entries = Reflection.objects.filter(person=person).select_related("coach")
    rows = [
        {
            "written": _when(entry.written_at),
            "by": _who(entry.coach),
            "what_they_noticed": entry.noticed,
            "what_helped": entry.helped,
            "what_got_in_the_way": entry.got_in_the_way,
            "shared_with_their_manager": entry.shared_with_manager,
        }
        for entry in entries.order_by("written_at", "pk")
    ]
    return ExportSection(
        key="reflections",
        tables=("coaching.Reflection",),
        title="Your coach's reflections about working with you",
        rows=rows,
        order=45,
    )


@export_section
def access_log(person) -> ExportSection:
    entries = AccessLogEntry.objects.filter(person=person).select_related("viewer")
    rows = [
        {
            "when": _when(entry.viewed_at),
            "who": _who(entry.viewer),
            "role": entry.get_viewer_role_display(),
            "looked_at": entry.what,
            "covering_for_your_coach": entry.as_cover,
        }
        for entry in entries
    ]
    return ExportSection(
        key="access_log",
        tables=("coaching.AccessLogEntry",),
        title="Who has looked at your record",
        rows=rows,
        order=90,
    )


@export_section
def what_you_did(person) -> ExportSection:
    activities = Activity.objects.filter(person=person).order_by("occurred_at", "pk")
    rows = [
        # The kinds are written for the coach: "asked for their record to be deleted".
        {"when": _when(activity.occurred_at), "what": _to_the_person(activity)}
        for activity in activities
    ]
    return ExportSection(
        key="what_you_did",
        tables=("coaching.Activity",),
        title="What you did here, that your coach was told about",
        rows=rows,
        order=80,
    )


def _to_the_person(activity) -> str:
    if activity.kind == Activity.Kind.HANDED_OVER:  # news for the new coach, not a deed
        return "Your new coach heard that you moved to them"
    return f"You {activity.get_kind_display().replace('their', 'your')}"


@export_section
def keeping_in_touch(person) -> ExportSection:
    kept = KeepingInTouch.objects.filter(person=person).select_related("updated_by").first()
    rows = []
    if kept is not None:
        rows.append(
            {
                "how_often": kept.get_rhythm_display() or None,
                "ways_that_suit": kept.ways(),
                "best_times": kept.best_times,
                "language": kept.language,
                "what_helps_you": kept.needs(),
                "changed": _when(kept.updated_at),
                "changed_by": _who(kept.updated_by),
            }
        )
    return ExportSection(
        key="keeping_in_touch",
        tables=("coaching.KeepingInTouch",),
        title="How you like to keep in touch",
        rows=rows,
        order=55,
        empty="You have not said yet.",
    )


@export_section
def asks_to_get_in_touch(person) -> ExportSection:
    asks = ContactAsk.objects.filter(person=person).select_related("answered_by")
    rows = [
        {
            "when": _when(ask.asked_at),
            "how": ask.get_how_display(),
            "when_suits": ask.when_suits,
            "in_your_words": ask.words,
            "answered": _when(ask.answered_at),
            "answered_by": _who(ask.answered_by),
        }
        for ask in asks.order_by("asked_at", "pk")
    ]
    return ExportSection(
        key="asks_to_get_in_touch",
        tables=("coaching.ContactAsk",),
        title="When you asked your coach to get in touch",
        rows=rows,
        order=56,
    )


@export_section
def how_you_sign_in(person) -> ExportSection:
    user = person.user
    rows = []
    if user is not None:
        rows += [
            {"email": address.email, "checked": address.verified}
            for address in EmailAddress.objects.filter(user=user).order_by("pk")
        ]
        rows += [
            {
                "second_step": SECOND_STEP_WORDS.get(factor.type, factor.get_type_display()),
                "set_up": _when(factor.created_at),
                "last_used": _when(factor.last_used_at),
            }
            for factor in Authenticator.objects.filter(user=user).order_by("created_at", "pk")
        ]
    rows += [
        {
            "code_to_join_made": _when(invitation.created_at),
            "made_by": _who(invitation.created_by),
            "code_ran_out": _when(invitation.expires_at),
            "code_used": _when(invitation.used_at),
        }
        for invitation in Invitation.objects.filter(person=person)
        .select_related("created_by")
        .order_by("created_at", "pk")
    ]
    return ExportSection(
        key="how_you_sign_in",
        tables=("account.EmailAddress", "mfa.Authenticator", "coaching.Invitation"),
        title="How you sign in",
        rows=rows,
        order=91,
        # Never the secret behind a code: it is kept locked, and it would let anyone in.
        empty="No email address, second step or code to join is kept for you.",
        person_only=True,
    )


SECOND_STEP_WORDS = {
    Authenticator.Type.TOTP: "Codes from an app on your phone",
    Authenticator.Type.RECOVERY_CODES: "Spare codes to use if you lose your phone",
    Authenticator.Type.WEBAUTHN: "A passkey",
}


@export_section
def where_you_are_signed_in(person) -> ExportSection:
    sessions = (
        UserSession.objects.filter(user=person.user).order_by("created_at", "pk")
        if person.user_id
        else []
    )
    rows = [
        {
            "signed_in": _when(session.created_at),
            "last_seen": _when(session.last_seen_at),
            "on": device_in_words(session.user_agent),
            "internet_address": session.ip,
        }
        for session in sessions
    ]
    return ExportSection(
        key="where_you_are_signed_in",
        tables=("usersessions.UserSession", "sessions.Session"),
        title="Where you are signed in",
        rows=rows,
        order=92,
        empty="You are not signed in anywhere we know of.",
        person_only=True,
    )


# What the audit log notes of a person's own doing, in their words. Failed sign-ins
# are noted with no one's id (the name typed may not be theirs), so are not here.
AUDIT_WORDS = {
    AuditEvent.Action.SIGNED_IN: "You signed in",
    AuditEvent.Action.SIGNED_OUT: "You signed out",
    AuditEvent.Action.PASSWORD_SET_WITH_CODE: "You chose a new password with a code",
    AuditEvent.Action.ACCESS_REFUSED: "You opened a page that is not for you, so it did not open",
    AuditEvent.Action.SHARING_CHANGED: "You changed what you share",
}


@export_section
def sign_ins(person) -> ExportSection:
    events = (
        AuditEvent.objects.filter(actor_id=person.user_id).order_by("occurred_at", "pk")
        if person.user_id
        else []
    )
    rows = [
        {
            "when": _when(event.occurred_at),
            "what": AUDIT_WORDS.get(event.action, event.get_action_display()),
        }
        for event in events
    ]
    return ExportSection(
        key="sign_ins",
        tables=("coaching.AuditEvent",),
        title="When you signed in and out, and other things we noted",
        rows=rows,
        order=93,
        person_only=True,
    )


def device_in_words(user_agent: str) -> str:
    """ "Chrome on an Android phone", from the browser's own long description."""
    agent = user_agent or ""
    browser = next((name for key, name in BROWSERS if key in agent), "A web browser")
    system = next((words for key, words in SYSTEMS if key in agent), "")
    return f"{browser} {system}".strip()


# Order matters: Edge and Samsung's browser also say "Chrome"; Chrome also says "Safari".
BROWSERS = [
    ("Edg/", "Edge"),
    ("SamsungBrowser", "Samsung Internet"),
    ("Firefox", "Firefox"),
    ("Chrome", "Chrome"),
    ("Safari", "Safari"),
]
SYSTEMS = [
    ("iPhone", "on an iPhone"),
    ("iPad", "on an iPad"),
    ("Android", "on an Android phone or tablet"),
    ("Windows", "on a Windows computer"),
    ("Macintosh", "on a Mac"),
    ("CrOS", "on a Chromebook"),
    ("Linux", "on a Linux computer"),
]

leave_out(
    "admin.LogEntry",
    "Notes of changes staff made to teams and staff accounts. They are never about you.",
)
leave_out(
    "coaching.CoachRequestPass",
    "Notes of which team passed a request for a coach to which. This is staff's own work.",
)
leave_out(
    "coaching.SentForm",
    "Notes that a form was sent, so it is saved only once. What the form saved is above.",
)
leave_out(
    "coaching.LearningSession",
    "Notes of a team's learning sessions, written by managers. They are about the team's "
    "work, never about you.",
)
