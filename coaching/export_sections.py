"""The coaching app's part of "Download my data": registered from CoachingConfig.ready().

Keys are plain words; the readable page names each in the reader's language
(FIELD_WORDS, below). Values the person reads (what a step was, how a goal stands) are
in person-facing words, marked for translation, not the staff's labels.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.db.models import Prefetch
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from coaching.export import ExportSection, export_section, field_words, leave_out
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
    OwnWords,
    PersonalDetails,
    PersonEntry,
    Reflection,
    RelationshipEvent,
    SharingChange,
    SharingChoice,
    Strength,
    Theme,
    User,
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
        title=_("About you"),
        rows=[row],
        order=10,
    )


@export_section
def sharing_now(person) -> ExportSection:
    rows = [
        {"choice": choice.label, "you_share": person.shares(choice)} for choice in SharingChoice
    ]
    return ExportSection(key="sharing_now", title=_("What you share now"), rows=rows, order=20)


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
        title=_("Changes to what you share"),
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
            "what": STEP_WORDS.get(event.kind, event.get_kind_display()),
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
        title=_("Your coaching"),
        rows=rows,
        order=30,
    )


@export_section
def different_coach(person) -> ExportSection:
    asked = CoachChangeRequest.objects.filter(person=person).select_related("handed_to")
    return ExportSection(
        key="different_coach",
        tables=("coaching.CoachChangeRequest",),
        title=_("When you asked for a different coach"),
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
        title=_("Moves to another area"),
        rows=rows,
        order=32,
    )


@export_section
def your_words_in_your_story(person) -> ExportSection:
    entries = PersonEntry.objects.filter(person=person).order_by("written_at", "pk")
    return ExportSection(
        key="your_words_in_your_story",
        tables=("coaching.PersonEntry",),
        title=_("What you added to your story"),
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
            "about": ABOUT_WORDS.get(correction.about, correction.about),
            "about_the_entry_of": _when(correction.entry.occurred_at),
            "in_your_words": correction.asked_words,
            "answer": _stored(correction.get_answer_display()) if correction.answer else None,
            "answer_words": correction.answer_words,
            "answered": _when(correction.answered_at),
            "answered_by": _who(correction.answered_by),
        }
        for correction in asked
    ]
    return ExportSection(
        key="corrections",
        tables=("coaching.Correction",),
        title=_("When you asked for a change to your story"),
        rows=rows,
        order=34,
    )


def _to_you(who_reached_out: str) -> str:
    """Who reached out, as the person reads it: "You" or "Your coach"."""
    return {
        Contact.ReachedOutBy.PERSON.label: _("You"),
        Contact.ReachedOutBy.COACH.label: _("Your coach"),
    }.get(who_reached_out, who_reached_out)


def _stored(words: str | None) -> str | None:
    """Words kept in English (a revision's way of meeting, a choice's label marked with
    gettext_noop), in the reader's language."""
    return gettext(words) if words else None


# What each step of their coaching was, to the person (the staff's labels say "Began").
STEP_WORDS = {
    RelationshipEvent.Kind.BEGAN: _("Coaching began"),
    RelationshipEvent.Kind.PAUSED: _("Coaching paused"),
    RelationshipEvent.Kind.RESUMED: _("Coaching started again after a pause"),
    RelationshipEvent.Kind.ENDED: _("Coaching came to an end"),
    RelationshipEvent.Kind.RESTARTED: _("Coaching began again"),
    RelationshipEvent.Kind.HANDED_OVER: _("You moved to a new coach"),
}
ABOUT_WORDS = {
    Correction.About.CONTACT: _("A time you and your coach were in touch"),
    Correction.About.STEP: _("A step in your coaching"),
}
# Who looked, as what: the staff's own label says "Person" and "Commissioner".
ROLE_WORDS = {
    User.Role.COACH: _("Coach"),
    User.Role.MANAGER: _("Manager"),
    User.Role.PERSON: _("You"),
    User.Role.COMMISSIONER: _("Someone who pays for coaching"),
}
HOW_IT_STANDS = {
    OwnWords.Status.CURRENT: _("Now"),
    OwnWords.Status.DONE: _("Done"),
    OwnWords.Status.CHANGED: _("Changed"),
    OwnWords.Status.SET_ASIDE: _("Set aside"),
}


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
            "what_mattered": [theme.shown_name for theme in contact.themes.all()],
            "notes": contact.notes,
            "connections_made": contact.connections,
            "got_in_the_way": [
                {
                    "kind_of_service": _stored(b.get_category_display()),
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
                    # Kept in the staff's words at the time: read to the person, and the
                    # way of meeting in the reader's language (its words are marked).
                    "channel": _stored(revision.content.get("channel")),
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
        title=_("Contacts with your coach"),
        rows=rows,
        order=40,
    )


def _own_words(model, person):
    entries = model.objects.filter(person=person).select_related("added_by", "replaced_by")
    return [
        {
            "in_your_words": entry.text,
            "how_it_stands": HOW_IT_STANDS.get(entry.status, entry.get_status_display()),
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
        title=_("What you're working towards"),
        rows=_own_words(Goal, person),
        order=50,
    )


@export_section
def strengths(person) -> ExportSection:
    return ExportSection(
        key="strengths",
        tables=("coaching.Strength",),
        title=_("What you're good at, what you enjoy"),
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
        title=_("Your coach's reflections about working with you"),
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
            "role": ROLE_WORDS.get(entry.viewer_role, entry.get_viewer_role_display()),
            # Kept in English; each is marked where it is written (gettext_noop).
            "looked_at": gettext(entry.what),
            "covering_for_your_coach": entry.as_cover,
        }
        for entry in entries
    ]
    return ExportSection(
        key="access_log",
        tables=("coaching.AccessLogEntry",),
        title=_("Who has looked at your record"),
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
        title=_("What you did here, that your coach was told about"),
        rows=rows,
        order=80,
    )


def _to_the_person(activity) -> str:
    return ACTIVITY_WORDS.get(activity.kind, activity.get_kind_display())


# What the person did, in their words ("asked for their record to be deleted" is the
# coach's). A handover is news for the new coach, not something the person did.
ACTIVITY_WORDS = {
    Activity.Kind.PAUSED: _("You paused coaching"),
    Activity.Kind.RESUMED: _("You started coaching again after a pause"),
    Activity.Kind.ENDED: _("You ended coaching"),
    Activity.Kind.RESTARTED: _("You began coaching again"),
    Activity.Kind.SHARING_CHANGED: _("You changed what you share"),
    Activity.Kind.GOAL_CHANGED: _("You added or changed a goal"),
    Activity.Kind.STRENGTH_CHANGED: _("You added or changed a strength"),
    Activity.Kind.BUDGET_REQUESTED: _("You asked for a personal budget"),
    Activity.Kind.BUDGET_WITHDRAWN: _("You took back a budget request"),
    Activity.Kind.WELLBEING_COMPLETED: _("You filled in a wellbeing scale"),
    Activity.Kind.DELETION_REQUESTED: _("You asked for your record to be deleted"),
    Activity.Kind.DETAILS_CHANGED: _("You changed your name, area or personal details"),
    Activity.Kind.ASKED_TO_HEAR: _("You asked your coach to get in touch"),
    Activity.Kind.IN_TOUCH_CHANGED: _("You changed how you like to keep in touch"),
    Activity.Kind.CORRECTION_ASKED: _("You asked for a change to your story"),
    Activity.Kind.HANDED_OVER: _("Your new coach heard that you moved to them"),
}


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
        title=_("How you like to keep in touch"),
        rows=rows,
        order=55,
        empty=_("You have not said yet."),
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
        title=_("When you asked your coach to get in touch"),
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
        title=_("How you sign in"),
        rows=rows,
        order=91,
        # Never the secret behind a code: it is kept locked, and it would let anyone in.
        empty=_("No email address, second step or code to join is kept for you."),
        person_only=True,
    )


SECOND_STEP_WORDS = {
    Authenticator.Type.TOTP: _("Codes from an app on your phone"),
    Authenticator.Type.RECOVERY_CODES: _("Spare codes to use if you lose your phone"),
    Authenticator.Type.WEBAUTHN: _("A passkey"),
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
        title=_("Where you are signed in"),
        rows=rows,
        order=92,
        empty=_("You are not signed in anywhere we know of."),
        person_only=True,
    )


# What the audit log notes of a person's own doing, in their words. Failed sign-ins
# are noted with no one's id (the name typed may not be theirs), so are not here.
AUDIT_WORDS = {
    AuditEvent.Action.SIGNED_IN: _("You signed in"),
    AuditEvent.Action.SIGNED_OUT: _("You signed out"),
    AuditEvent.Action.PASSWORD_SET_WITH_CODE: _("You chose a new password with a code"),
    AuditEvent.Action.ACCESS_REFUSED: _(
        "You opened a page that is not for you, so it did not open"
    ),
    AuditEvent.Action.SHARING_CHANGED: _("You changed what you share"),
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
        title=_("When you signed in and out, and other things we noted"),
        rows=rows,
        order=93,
        person_only=True,
    )


def device_in_words(user_agent: str) -> str:
    """ "Chrome on an Android phone", from the browser's own long description."""
    agent = user_agent or ""
    browser = next((name for key, name in BROWSERS if key in agent), None)
    browser = browser or gettext("A web browser")
    system = next((words for key, words in SYSTEMS if key in agent), None)
    return gettext(system) % {"browser": browser} if system else browser


# Order matters: Edge and Samsung's browser also say "Chrome"; Chrome also says "Safari".
BROWSERS = [
    ("Edg/", "Edge"),
    ("SamsungBrowser", "Samsung Internet"),
    ("Firefox", "Firefox"),
    ("Chrome", "Chrome"),
    ("Safari", "Safari"),
]
SYSTEMS = [
    ("iPhone", gettext_noop("%(browser)s on an iPhone")),
    ("iPad", gettext_noop("%(browser)s on an iPad")),
    ("Android", gettext_noop("%(browser)s on an Android phone or tablet")),
    ("Windows", gettext_noop("%(browser)s on a Windows computer")),
    ("Macintosh", gettext_noop("%(browser)s on a Mac")),
    ("CrOS", gettext_noop("%(browser)s on a Chromebook")),
    ("Linux", gettext_noop("%(browser)s on a Linux computer")),
]

leave_out(
    "admin.LogEntry",
    _("Notes of changes staff made to teams and staff accounts. They are never about you."),
)
leave_out(
    "coaching.CoachRequestPass",
    _("Notes of which team passed a request for a coach to which. This is staff's own work."),
)
leave_out(
    "coaching.SentForm",
    _("Notes that a form was sent, so it is saved only once. What the form saved is above."),
)
leave_out(
    "coaching.LearningSession",
    _(
        "Notes of a team's learning sessions, written by managers. They are about the team's "
        "work, never about you."
    ),
)

# What the readable page calls each field of the sections above.
field_words(
    {
        # About you
        "name": _("Name"),
        "area": _("Area"),
        "record_made": _("Your record was made"),
        "your_sign_in": _("Your username"),
        "asked_to_delete_your_record": _("You asked for your record to be deleted"),
        "date_of_birth": _("Date of birth"),
        "gender": _("Gender"),
        "pronouns": _("Pronouns"),
        "ethnicity": _("Ethnicity"),
        "disability": _("Disability or long-term health condition"),
        # Sharing
        "choice": _("Choice"),
        "you_share": _("You share it"),
        "when": _("When"),
        "changed_by": _("Changed by"),
        "with_your_coach": _("With your coach"),
        # Your coaching, and asks
        "what": _("What"),
        "coach": _("Coach"),
        "recorded_by": _("Written down by"),
        "you_decided": _("You decided"),
        "you_asked_for_a_coach": _("You asked for a coach"),
        "in_your_words": _("In your words"),
        "paused_until": _("Paused until"),
        "new_coach": _("New coach"),
        "new_coach_from": _("New coach from"),
        "from": _("From"),
        "to": _("To"),
        "about": _("About"),
        "about_the_entry_of": _("About what happened on"),
        "answer": _("Answer"),
        "answer_words": _("The answer, in words"),
        "answered": _("Answered"),
        "answered_by": _("Answered by"),
        "how": _("How"),
        "when_suits": _("When suits you"),
        # Contacts with your coach
        "who_reached_out": _("Who got in touch"),
        "where": _("Where"),
        "minutes": _("Minutes"),
        "what_mattered": _("What mattered"),
        "notes": _("Notes"),
        "connections_made": _("People and places you were put in touch with"),
        "got_in_the_way": _("What got in the way"),
        "kind_of_service": _("Kind of service"),
        "service": _("Service"),
        "what_happened": _("What happened"),
        "raised_with_the_service": _("Raised with the service"),
        "followed_up": _("Followed up"),
        "written_by": _("Written by"),
        "earlier_versions": _("Earlier versions"),
        "version": _("Version"),
        "replaced": _("Replaced"),
        "replaced_by": _("Replaced by"),
        "occurred_at": _("When"),
        "channel": _("How"),
        "reached_out_by": _("Who got in touch"),
        "place": _("Where"),
        "themes": _("What mattered"),
        "connections": _("People and places you were put in touch with"),
        "barriers": _("What got in the way"),
        # Goals and strengths
        "how_it_stands": _("How it stands"),
        "added": _("Added"),
        "added_by": _("Added by"),
        "until": _("Until"),
        "changed_to": _("Changed to"),
        # Reflections
        "written": _("Written"),
        "by": _("By"),
        "what_they_noticed": _("What they noticed"),
        "what_helped": _("What helped"),
        "what_got_in_the_way": _("What got in the way"),
        "shared_with_their_manager": _("Shared with their manager"),
        # Who has looked
        "who": _("Who"),
        "role": _("Their job"),
        "looked_at": _("Looked at"),
        "covering_for_your_coach": _("Covering for your coach"),
        # Keeping in touch
        "how_often": _("How often"),
        "ways_that_suit": _("Ways that suit you"),
        "best_times": _("Best times"),
        "language": _("Language"),
        "what_helps_you": _("What helps you"),
        "changed": _("Changed"),
        # How you sign in, and where
        "email": _("Email"),
        "checked": _("Checked"),
        "second_step": _("Second step"),
        "set_up": _("Set up"),
        "last_used": _("Last used"),
        "code_to_join_made": _("Code to join made"),
        "made_by": _("Made by"),
        "code_ran_out": _("Code ran out"),
        "code_used": _("Code used"),
        "signed_in": _("Signed in"),
        "last_seen": _("Last seen"),
        "on": _("On"),
        "internet_address": _("Internet address"),
        # How you asked for a coach (coaching/request_export.py)
        "asked_at": _("Asked"),
        "name_given": _("Name you gave"),
        "how_to_reach": _("How to reach you"),
        "anything_to_know": _("Anything to know"),
        "passed_on_by": _("Passed on by"),
        "you_told_your_coach_you_wanted_coaching": _("You told your coach you wanted coaching"),
        "taken_at": _("A coach took it on"),
    }
)
