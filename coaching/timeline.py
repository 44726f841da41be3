"""A person's story, newest first: contacts and relationship events, paged.

Contacts are paged; each page also carries the relationship events that fall
between its contacts and the previous page's, so the story has no gaps and
every page costs the same few queries however long the history.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Page
from django.db.models import Prefetch

from coaching.models import Contact, Person, RelationshipEvent, Theme
from helpers.paging import page_of

CONTACTS_PER_PAGE = 20


@dataclass
class Entry:
    when: datetime
    contact: Contact | None = None
    event: RelationshipEvent | None = None


def person_events(person: Person) -> list[RelationshipEvent]:
    """Every relationship event of the person, newest first: steps people take, so a
    handful even over years. The timeline and the status panel share the one query."""
    return list(
        RelationshipEvent.objects.filter(relationship__person=person)
        .select_related("recorded_by", "coach")
        .order_by("-occurred_at", "-pk")
    )


def timeline_page(
    person: Person, page_number, events: list[RelationshipEvent]
) -> tuple[Page, list[Entry]]:
    """A page of the story; `events` from person_events()."""
    contacts = (
        Contact.objects.filter(person=person)
        .select_related("coach")
        .prefetch_related(
            # Plain lists: the template reads them without a manager and queryset each.
            Prefetch("themes", queryset=Theme.objects.order_by("position"), to_attr="theme_list"),
            Prefetch("barriers", to_attr="barrier_list"),
        )
        .order_by("-occurred_at", "-pk")
    )
    page = page_of(contacts, page_number, CONTACTS_PER_PAGE)
    page_contacts = list(page.object_list)
    if page.has_previous() and page_contacts:
        newer_bound = _newest_on_previous_page(contacts, page)
        events = [e for e in events if e.occurred_at < newer_bound]
    if page.has_next() and page_contacts:
        older_bound = page_contacts[-1].occurred_at
        events = [e for e in events if e.occurred_at >= older_bound]
    entries = [Entry(when=c.occurred_at, contact=c) for c in page_contacts]
    entries += [Entry(when=e.occurred_at, event=e) for e in events]
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return page, entries


def story(person: Person, page_number) -> dict:
    """What the status panel and a page of the story are rendered from, off one read of the
    person's events: the context a person's record shares, for them and their coach."""
    events = person_events(person)
    relationship = person.current_relationship
    page, entries = timeline_page(person, page_number, events)
    return {
        "person": person,
        "relationship": relationship,
        "status": relationship.status(events) if relationship else None,
        "page": page,
        "entries": entries,
    }


def _newest_on_previous_page(contacts, page: Page) -> datetime:
    # The last contact of the previous page is where this page's events stop.
    index = page.start_index() - 2
    return contacts.values_list("occurred_at", flat=True)[index]
