"""A person's story, newest first, and everything else their page shows, in one read.

The story is every moment of their coaching in one list: contacts, the steps of the
relationship (began, paused, handed over...), a move of area, and what other apps add
(a budget request, its decision, its payment), each in plain words. Other apps add
their moments through `story_source`, as they add panels (coaching.panels): coaching
never names them.

A page of the story is read with keyset paging: the newest twenty moments older than
the last one the previous page showed, never a COUNT or an OFFSET. Each source gives
at most twenty-one of its moments; they are merged here, and the twenty-first says
there is an older page.

`person_page` reads a page of the story, the status of their coaching, whatever else
the view asks for (their goals) and every panel, in one query (coaching.reading): the
page's cost is the same few queries whatever the person holds.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import Q
from django.utils import translation
from django.utils.dateparse import parse_datetime

from coaching.models import (
    AreaMove,
    Contact,
    Correction,
    Goal,
    Person,
    Relationship,
    RelationshipEvent,
    SharingChoice,
    Strength,
    SystemBarrier,
    Theme,
)
from coaching.panels import PANELS, panel_parts, shown_panels
from coaching.reading import Part, as_instances, display_name, read_planned
from helpers.paths import path_of_each

ENTRIES_PER_PAGE = 20


@dataclass(frozen=True)
class StorySource:
    """Moments of one kind: `rows(person, viewer)` gives their queryset, `when` the
    field that dates each, `fields` what the template reads of each (a dict, with
    `when` and `kind` added), `template` the template of one (None: coaching's own,
    drawn by the story tag)."""

    kind: str
    when: str
    fields: tuple[str, ...]
    rows: Callable[[Person, str], object]
    template: str | None
    computed: dict


STORY_SOURCES: dict[str, StorySource] = {}


def story_source(
    kind: str,
    *,
    when: str,
    fields: Iterable[str],
    template: str | None = None,
    computed: dict | None = None,
) -> Callable:
    """Register `rows(person, viewer) -> QuerySet` as the story's moments of `kind`;
    `computed`: values the database works out for each (coaching.reading.Part)."""

    def register(rows: Callable) -> Callable:
        STORY_SOURCES[kind] = StorySource(kind, when, tuple(fields), rows, template, computed or {})
        return rows

    return register


@dataclass
class Entry:
    when: datetime
    kind: str
    pk: int
    row: dict
    template: str | None

    @property
    def key(self) -> str:
        """Where the page after this one starts (the `before` of its link)."""
        return f"{self.when.isoformat()}~{self.kind}~{self.pk}"


def _older_than(source: StorySource, before: tuple | None) -> Q:
    """The moments after `before` in the story's order: newest first, then kind, then
    newest row first."""
    if before is None:
        return Q()
    when, kind, pk = before
    older = Q(**{f"{source.when}__lt": when})
    if source.kind > kind:
        return older | Q(**{source.when: when})
    if source.kind == kind:
        return older | Q(**{source.when: when, "pk__lt": pk})
    return older


def parse_before(value: str | None) -> tuple | None:
    """A `before` key from a link; anything else (or nothing) is the first page."""
    try:
        when, kind, pk = (value or "").split("~")
        moment = parse_datetime(when)
        if moment is None or kind not in STORY_SOURCES:
            return None
        return (moment if moment.tzinfo else moment.replace(tzinfo=UTC), kind, int(pk))
    except ValueError:
        return None


def story_parts(person: Person, viewer: str, before: tuple | None) -> list[Part]:
    limit = ENTRIES_PER_PAGE + 1
    parts = []
    for source in STORY_SOURCES.values():
        rows = source.rows(person, viewer).filter(_older_than(source, before))
        parts.append(
            Part(
                f"story:{source.kind}",
                rows,
                ("pk", source.when, *source.fields),
                order_by=(f"-{source.when}", "-pk"),
                limit=limit,
                computed=source.computed,
            )
        )
    return parts


def story_entries(found: dict) -> tuple[list[Entry], bool]:
    """The page's entries, newest first, and whether older ones follow."""
    entries = []
    for source in STORY_SOURCES.values():
        for row in found[f"story:{source.kind}"]:
            entries.append(Entry(row[source.when], source.kind, row["pk"], row, source.template))
    entries.sort(key=lambda e: (-e.when.timestamp(), e.kind, -e.pk))
    return entries[:ENTRIES_PER_PAGE], len(entries) > ENTRIES_PER_PAGE


def person_page(
    person: Person,
    viewer: str,
    before: str | None,
    also: Callable[[Person], list[Part]] | None = None,
) -> dict:
    """What a person's page shows, for `viewer` ("coach" or "person"), read in one
    query: a page of the story from `before`, the status of their coaching, every
    panel, and the parts `also(person)` makes (their rows under the part's name).

    The query is built once per shape of page (coaching.reading.read_planned): for a
    stand-in person with the same sharing choices, the same viewer, and a page of the
    same kind; each view puts this person's values in it.
    """
    relationship = person.current_relationship
    after = parse_before(before)
    stand_in = _stand_in(person)
    stand_in_after = (STAND_IN_MOMENT, after[1], STAND_IN_ID) if after else None

    def build():
        parts = [
            *story_parts(stand_in, viewer, stand_in_after),
            *contact_details_parts(stand_in, stand_in_after),
            _corrections_part(stand_in),
            *_status_parts(stand_in.current_relationship),
            *(also(stand_in) if also else []),
        ]
        panels = panel_parts(stand_in, viewer)
        return parts + [part for parts_of in panels.values() for part in parts_of], (
            panels,
            [part.name for part in (also(stand_in) if also else [])],
        )

    key = (
        "person_page",
        viewer,
        also,
        tuple(person.shares(choice) for choice in SharingChoice),
        relationship is None,
        after[1] if after else None,
        tuple(map(id, PANELS)),
        tuple(STORY_SOURCES),
    )
    values = {STAND_IN_PERSON: person.pk, STAND_IN_RELATIONSHIP: getattr(relationship, "pk", 0)}
    if after:
        values |= {STAND_IN_MOMENT: after[0], STAND_IN_ID: after[2]}
    found, (panels, also_names) = read_planned(key, build, values)
    entries, more = story_entries(found)
    _with_details(entries, found, viewer)
    return {
        "person": person,
        "relationship": relationship,
        "status": _status(relationship, found),
        "entries": entries,
        "older": entries[-1].key if more else None,
        "newest_shown": after is None,
        "panels": shown_panels(person, viewer, panels, found),
        **{name: found[name] for name in also_names},
    }


# Values no real row has, in place of those that vary from one view of a page to the
# next (coaching.reading.read_planned).
STAND_IN_PERSON = -7_301_001
STAND_IN_RELATIONSHIP = -7_301_002
STAND_IN_ID = -7_301_003
STAND_IN_MOMENT = datetime(1901, 2, 3, 4, 5, 6, 789_012, tzinfo=UTC)


def _stand_in(person: Person) -> Person:
    """A person with this one's sharing choices and no other facts: what a page's parts
    are built from, once per shape of page."""
    stand_in = Person(pk=STAND_IN_PERSON, name="", area="")
    for choice in SharingChoice:
        setattr(stand_in, f"share_{choice}", person.shares(choice))
    if person.current_relationship_id is not None:
        stand_in.current_relationship = Relationship(pk=STAND_IN_RELATIONSHIP)
    return stand_in


# The status: the latest step of the current relationship, and when its coach began.
def _status_parts(relationship: Relationship | None) -> list[Part]:
    if relationship is None:
        return []
    events = RelationshipEvent.objects.filter(relationship=relationship)
    fields = ("pk", "kind", "occurred_at", "reason", "paused_until")
    newest = ("-occurred_at", "-pk")
    return [
        Part("status:latest", events, fields, order_by=newest, limit=1),
        Part(
            "status:coach_since",
            events.filter(kind__in=RelationshipEvent.COACH_STEPS),
            ("pk", "occurred_at"),
            order_by=newest,
            limit=1,
        ),
    ]


def _status(relationship: Relationship | None, found: dict):
    if relationship is None:
        return None
    latest = [RelationshipEvent(**row) for row in found["status:latest"]]
    since = [row["occurred_at"] for row in found["status:coach_since"]]
    return relationship.status(latest, coach_since=since[0] if since else None)


# Coaching's own moments.
CONTACT_FIELDS = (
    "channel",
    "reached_out_by",
    "place",
    "minutes",
    "notes",
    "connections",
    "version",
    "updated_at",
)


@story_source(
    "contact", when="occurred_at", fields=CONTACT_FIELDS, computed={"coach": display_name("coach")}
)
def contacts(person: Person, viewer: str):
    return Contact.objects.filter(person=person)


def _corrections_part(person: Person) -> Part:
    """Which entries the person asked to have corrected, to say so beside each."""
    return Part(
        "corrections",
        Correction.objects.filter(person=person),
        ("pk", "contact_id", "step_id", "answer"),
    )


def _with_details(entries: list[Entry], found: dict, viewer: str) -> None:
    """Give each contact on the page the words of its channel, its themes in order, its
    barriers, and for a coach the address of its edit page; and each contact or step
    the asks to correct it (coaching.story_words), oldest first."""
    asked = {}
    for row in sorted(found["corrections"], key=lambda r: r["pk"]):
        about = ("contact", row["contact_id"]) if row["contact_id"] else ("step", row["step_id"])
        asked.setdefault(about, []).append(row)
    for entry in entries:
        if entry.kind in ("contact", "step"):
            entry.row["corrections"] = asked.get((entry.kind, entry.pk), [])
    # Each channel's words once, not once a contact: each is looked up in the catalogue.
    channels = {value: str(label) for value, label in Contact.Channel.choices}
    themes, barriers = {}, {}
    language = translation.get_language()
    for row in sorted(found["contact:themes"], key=lambda r: r["theme__position"]):
        name = Theme.name_in_page_language(row["theme__name"], row["theme__name_cy"], language)
        themes.setdefault(row["contact_id"], []).append(name)
    for row in sorted(found["contact:barriers"], key=lambda r: r["pk"]):
        barriers.setdefault(row["contact_id"], []).append(row)
    edit_path = path_of_each("coaching:contact_edit")
    for entry in entries:
        if entry.kind == "contact":
            entry.row["themes"] = themes.get(entry.pk, [])
            entry.row["barriers"] = barriers.get(entry.pk, [])
            entry.row["channel_label"] = channels.get(entry.row["channel"], "")
            if viewer == "coach":
                entry.row["edit_url"] = edit_path(entry.pk)


def contact_details_parts(person: Person, before: tuple | None) -> list[Part]:
    """The themes and barriers of the page's contacts, with them in the same read."""
    source = STORY_SOURCES["contact"]
    page = (
        contacts(person, "")
        .filter(_older_than(source, before))
        .order_by("-occurred_at", "-pk")
        .values("pk")[: ENTRIES_PER_PAGE + 1]
    )
    return [
        Part(
            "contact:themes",
            Contact.themes.through.objects.filter(contact__in=page),
            ("contact_id", "theme__name", "theme__name_cy", "theme__position"),
        ),
        Part(
            "contact:barriers",
            SystemBarrier.objects.filter(contact__in=page),
            ("pk", "contact_id", "service", "what_happened"),
        ),
    ]


EVENT_FIELDS = ("kind", "asked_by_person", "paused_until", "reason", "recorded_by__role")


@story_source(
    "step",
    when="occurred_at",
    fields=EVENT_FIELDS,
    computed={"coach": display_name("coach"), "recorded_by": display_name("recorded_by")},
)
def steps(person: Person, viewer: str):
    return RelationshipEvent.objects.filter(relationship__person=person)


@story_source("area", when="moved_at", fields=("from_area", "to_area"))
def area_moves(person: Person, viewer: str):
    return AreaMove.objects.filter(person=person)


# The person's goals and strengths, on their coach's page.
OWN_WORDS_FIELDS = ("pk", "text", "added_at", "with_coach")


def own_words_parts(person: Person) -> list[Part]:
    added_by = {"added_by": display_name("added_by")}
    return [
        Part(
            name,
            model.objects.filter(person=person, status="current"),
            OWN_WORDS_FIELDS,
            computed=added_by,
        )
        for name, model in (("goals", Goal), ("strengths", Strength))
    ]


def own_words(model, rows: list[dict]) -> list:
    """Rows of own_words_parts as goals or strengths, newest first."""
    entries = as_instances(model, rows, users=["added_by"])
    return sorted(entries, key=lambda entry: (entry.added_at, entry.pk), reverse=True)
