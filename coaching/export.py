"""Everything held about a person, gathered for "Download my data".

Each app adds its part by registering a section function in its AppConfig.ready():

    from coaching.export import export_section

    @export_section
    def budget_requests(person) -> ExportSection: ...

The readable page and the JSON file are both built from the same sections, so
they can never disagree.

Words a person reads (a section's title, what it says when empty, the name of each
field, the reasons in LEFT_OUT) are marked for translation, so the page and the file
read in the person's language; the JSON keys stay as they are, for machines.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

SECTIONS: list[Callable] = []
# A longer list (who has looked, over years) is folded on the readable page, so it
# reads on a phone; every line is there, and printing opens it.
FOLD_AFTER = 20


@dataclass
class ExportSection:
    key: str  # the JSON key, e.g. "budget_requests"
    title: str | Promise  # the heading on the readable page, e.g. "Your personal budget requests"
    rows: list[dict] = field(default_factory=list)  # JSON-ready values only
    order: int = 100  # where the section sits on the page
    empty: str | Promise = _("Nothing here.")  # what the page says when there are no rows
    # The tables (app_label.Model) the section reads, so a test can prove that every
    # table keyed to a person is either here or in LEFT_OUT with a reason.
    tables: tuple[str, ...] = ()
    # Shown to the person alone, not on the copy a coach prints with them: where and
    # on what they signed in is not their coach's business.
    person_only: bool = False

    @property
    def folded(self) -> bool:
        return len(self.rows) > FOLD_AFTER


def export_section(function: Callable) -> Callable:
    if function not in SECTIONS:
        SECTIONS.append(function)
    return function


# Tables keyed to a person (or to their sign-in) that are not in the download, each
# with the reason the page gives, in plain words. A new table keyed to a person fails
# tests/coaching/test_export_covers_every_table.py until it is in a section or here.
LEFT_OUT: dict[str, str | Promise] = {}


def leave_out(table: str, reason: str | Promise) -> None:
    LEFT_OUT[table] = reason


# What the readable page calls each field (a row's key), in the reader's language. Each
# app adds the names of its own fields with field_words(); a key with none is shown as
# it is, its underscores made spaces, and a test fails on it (test_export.py).
FIELD_WORDS: dict[str, str | Promise] = {}


def field_words(words: dict[str, str | Promise]) -> None:
    FIELD_WORDS.update(words)


def gather(person, *, for_staff: bool = False) -> list[ExportSection]:
    sections = (section(person) for section in SECTIONS)
    return sorted((s for s in sections if not (for_staff and s.person_only)), key=lambda s: s.order)


def left_out_reasons() -> list[str | Promise]:
    """Each reason once, in the order they were given."""
    return list(dict.fromkeys(LEFT_OUT.values()))
