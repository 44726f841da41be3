"""What other apps show on a person's page: their coach's view (and a covering coach's)
and the person's own /me/.

Each app registers its panels in its AppConfig.ready(), as it does its part of
"Download my data" (coaching.export). A panel says what it reads as parts
(coaching.reading.Part), and may shape the rows into what its template reads:

    from coaching.panels import person_panel
    from coaching.reading import Part

    @person_panel("budget_requests", order=10, viewers=["coach"],
                  template="budgets/includes/requests_panel.html")
    def budget_requests(person, viewer) -> list[Part]: ...

The page reads every panel's parts with its own story in one query
(coaching.timeline.person_page), so a new panel adds no query, and the templates only
render. A new panel needs nothing in coaching beyond its registration.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date

from django.utils import timezone

from coaching.models import Person, User
from coaching.reading import Part, read_planned, read_together, stand_in_coach

# Who looks: "coach" (their coach, or a coach covering: person.as_cover says which) or
# "person", on their own /me/.
VIEWERS = ("coach", "person")


@dataclass(frozen=True)
class Panel:
    name: str
    order: int  # where it sits among the other apps' panels, smallest first
    viewers: frozenset[str]
    template: str
    parts: Callable[[Person, str], list[Part]]
    # shape(person, viewer, rows) -> what the template reads; rows: each part's rows
    # by its name. None: the rows themselves.
    shape: Callable[[Person, str, dict], dict] | None = None


@dataclass(frozen=True)
class ShownPanel:
    """A panel as one page shows it: its template, and what the template reads (with
    the page's own context: person, viewer)."""

    name: str
    template: str
    context: dict


PANELS: list[Panel] = []


def person_panel(
    name: str,
    *,
    order: int,
    viewers: Iterable[str],
    template: str,
    shape: Callable[[Person, str, dict], dict] | None = None,
) -> Callable[[Callable], Callable]:
    """Register `parts(person, viewer) -> [Part]` as the panel `name`, its rows shaped
    by `shape` and rendered by `template` for `viewers`. A name registered again for a
    viewer replaces it there."""
    viewers = frozenset(viewers)
    if unknown := viewers - set(VIEWERS):
        raise ValueError(f"Unknown viewers for panel {name}: {sorted(unknown)}")

    def register(parts: Callable[[Person, str], list[Part]]) -> Callable:
        for panel in [p for p in PANELS if p.name == name and p.viewers & viewers]:
            PANELS.remove(panel)
            if rest := panel.viewers - viewers:
                PANELS.append(
                    Panel(panel.name, panel.order, rest, panel.template, panel.parts, panel.shape)
                )
        PANELS.append(Panel(name, order, viewers, template, parts, shape))
        return parts

    return register


def panel_parts(person: Person, viewer: str) -> dict[Panel, list[Part]]:
    """Every panel this viewer sees of the person, in order, with the parts it reads
    (named "<panel>:<part>", so two panels' parts never meet)."""
    shown = sorted((p for p in PANELS if viewer in p.viewers), key=lambda p: (p.order, p.name))
    return {
        panel: [
            replace(part, name=f"{panel.name}:{part.name}") for part in panel.parts(person, viewer)
        ]
        for panel in shown
    }


def shown_panels(
    person: Person, viewer: str, parts: dict[Panel, list[Part]], found: dict
) -> list[ShownPanel]:
    """The panels of `panel_parts`, with what they show, from the rows read."""
    shown = []
    for panel, panel_parts_read in parts.items():
        prefix = f"{panel.name}:"
        rows = {part.name.removeprefix(prefix): found[part.name] for part in panel_parts_read}
        context = panel.shape(person, viewer, rows) if panel.shape else rows
        shown.append(ShownPanel(panel.name, panel.template, {"viewer": viewer, **context}))
    return shown


def panels_for(person: Person, viewer: str) -> list[ShownPanel]:
    """Every panel this viewer sees of the person, read in one query."""
    parts = panel_parts(person, viewer)
    return shown_panels(
        person, viewer, parts, read_together([p for ps in parts.values() for p in ps])
    )


# The coach's overview of their people (coaching.views.coach.overview) has sections
# from other apps in the same way: each says what it reads as parts, for a coach and a
# day, and shapes the rows for its template. The page reads its own parts and every
# section's in one query, built once (coaching.reading.read_planned), about the coach's
# own people only.


@dataclass(frozen=True)
class OverviewSection:
    name: str
    order: int
    template: str
    parts: Callable[[User, date], list[Part]]
    # shape(coach, rows, today) -> what the template reads; rows: each part's rows by
    # its name.
    shape: Callable[[User, dict, date], dict]


OVERVIEW_SECTIONS: dict[str, OverviewSection] = {}


def overview_section(
    name: str, *, order: int, template: str, shape: Callable[[User, dict, date], dict]
) -> Callable[[Callable], Callable]:
    """Register `parts(coach, today) -> [Part]` as the section `name` of the coach's
    overview, its rows shaped by `shape`. The parts may use only the coach's id, their
    team's id and `today` as they are: they are built once, for stand-ins of those."""

    def register(parts: Callable) -> Callable:
        OVERVIEW_SECTIONS[name] = OverviewSection(name, order, template, parts, shape)
        return parts

    return register


# A day no real row has, in place of today's (the coach's: reading.stand_in_coach).
STAND_IN_DAY = date(1901, 3, 4)


def overview(coach: User, own: Callable[[User, date], list[Part]]) -> tuple[dict, list]:
    """The rows of the overview's own parts (`own(coach, today)`), and every section
    shaped for its template, in order: one query."""
    sections = sorted(OVERVIEW_SECTIONS.values(), key=lambda s: (s.order, s.name))
    stand_in, values = stand_in_coach(coach)

    def build():
        parts = [
            *own(stand_in, STAND_IN_DAY),
            *[
                replace(part, name=f"{section.name}:{part.name}")
                for section in sections
                for part in section.parts(stand_in, STAND_IN_DAY)
            ],
        ]
        return parts, None

    today = timezone.localdate()
    key = ("overview", own, coach.team_id is None, tuple(map(id, sections)))
    found, _ = read_planned(key, build, values | {STAND_IN_DAY: today})
    shown = []
    for section in sections:
        prefix = f"{section.name}:"
        rows = {
            name.removeprefix(prefix): got for name, got in found.items() if name.startswith(prefix)
        }
        shown.append(ShownPanel(section.name, section.template, section.shape(coach, rows, today)))
    return found, shown
