"""Everything held about a person, gathered for "Download my data".

Each app adds its part by registering a section function in its AppConfig.ready():

    from coaching.export import export_section

    @export_section
    def budget_requests(person) -> ExportSection: ...

The readable page and the JSON file are both built from the same sections, so
they can never disagree.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

SECTIONS: list[Callable] = []
# A longer list (who has looked, over years) is folded on the readable page, so it
# reads on a phone; every line is there, and printing opens it.
FOLD_AFTER = 20


@dataclass
class ExportSection:
    key: str  # the JSON key, e.g. "budget_requests"
    title: str  # the heading on the readable page, e.g. "Your personal budget requests"
    rows: list[dict] = field(default_factory=list)  # JSON-ready values only
    order: int = 100  # where the section sits on the page
    empty: str = "Nothing here."  # what the page says when there are no rows

    @property
    def folded(self) -> bool:
        return len(self.rows) > FOLD_AFTER


def export_section(function: Callable) -> Callable:
    if function not in SECTIONS:
        SECTIONS.append(function)
    return function


def gather(person) -> list[ExportSection]:
    return sorted((section(person) for section in SECTIONS), key=lambda s: s.order)
