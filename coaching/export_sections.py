"""The coaching app's part of "Download my data": registered from CoachingConfig.ready().

Keys are plain words, so the readable page can show them as they are.
"""

from django.db.models import Prefetch

from coaching.export import ExportSection, export_section
from coaching.models import (
    AccessLogEntry,
    Contact,
    ContactRevision,
    Goal,
    PersonalDetails,
    RelationshipEvent,
    SharingChange,
    SharingChoice,
    Strength,
    Theme,
)

DETAIL_KEYS = ["date_of_birth", "gender", "pronouns", "ethnicity", "disability"]


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
    return ExportSection(key="about_you", title="About you", rows=[row], order=10)


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
        key="sharing_history", title="Changes to what you share", rows=rows, order=21
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
            # Only a beginning answers it; on a pause it would read "No".
            "you_asked_for_a_coach": event.asked_by_person
            if event.kind == RelationshipEvent.Kind.BEGAN
            else None,
            "in_your_words": event.reason,
            "paused_until": _when(event.paused_until),
        }
        for event in events
    ]
    return ExportSection(key="coaching", title="Your coaching", rows=rows, order=30)


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
                {"service": b.service, "what_happened": b.what_happened}
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
    return ExportSection(key="contacts", title="Contacts with your coach", rows=rows, order=40)


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
        key="goals", title="What you're working towards", rows=_own_words(Goal, person), order=50
    )


@export_section
def strengths(person) -> ExportSection:
    return ExportSection(
        key="strengths",
        title="What you're good at, what you enjoy",
        rows=_own_words(Strength, person),
        order=51,
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
        key="access_log", title="Who has looked at your record", rows=rows, order=90
    )
