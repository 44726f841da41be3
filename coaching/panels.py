"""What other apps show on a person's page: their coach's view (and a covering coach's)
and the person's own /me/.

Each app registers its panels in its AppConfig.ready(), as it does its part of
"Download my data" (coaching.export):

    from coaching.panels import person_panel

    @person_panel("budget_requests", order=10, viewers=["coach"],
                  template="budgets/includes/requests_panel.html")
    def budget_requests(person, viewer) -> dict: ...

The page's view asks for every panel's context before it renders, so each panel reads
what it shows with its own few queries, the same number however much the person has,
and the templates only render. A new panel needs nothing in coaching beyond its
registration.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from coaching.models import Person

# Who looks: "coach" (their coach, or a coach covering: person.as_cover says which) or
# "person", on their own /me/.
VIEWERS = ("coach", "person")


@dataclass(frozen=True)
class Panel:
    name: str
    order: int  # where it sits among the other apps' panels, smallest first
    viewers: frozenset[str]
    template: str
    context: Callable[[Person, str], dict]


@dataclass(frozen=True)
class ShownPanel:
    """A panel as one page shows it: its template, and what the template reads (with
    the page's own context: person, viewer)."""

    name: str
    template: str
    context: dict


PANELS: list[Panel] = []


def person_panel(
    name: str, *, order: int, viewers: Iterable[str], template: str
) -> Callable[[Callable], Callable]:
    """Register `context(person, viewer) -> dict` as the panel `name`, rendered
    by `template` for `viewers`. A name registered again for a viewer replaces it there."""
    viewers = frozenset(viewers)
    if unknown := viewers - set(VIEWERS):
        raise ValueError(f"Unknown viewers for panel {name}: {sorted(unknown)}")

    def register(context: Callable[[Person, str], dict]) -> Callable:
        for panel in [p for p in PANELS if p.name == name and p.viewers & viewers]:
            PANELS.remove(panel)
            if rest := panel.viewers - viewers:
                PANELS.append(Panel(panel.name, panel.order, rest, panel.template, panel.context))
        PANELS.append(Panel(name, order, viewers, template, context))
        return context

    return register


def panels_for(person: Person, viewer: str) -> list[ShownPanel]:
    """Every panel this viewer sees of the person, in order, with what it shows."""
    shown = sorted((p for p in PANELS if viewer in p.viewers), key=lambda p: (p.order, p.name))
    return [
        ShownPanel(p.name, p.template, {"viewer": viewer, **p.context(person, viewer)})
        for p in shown
    ]


# The coach's overview of their people (coaching.views.coach.overview) has sections
# from other apps in the same way: `context(coach) -> dict`, read in a fixed number of
# queries however many people the coach has, about the coach's own people only.


@dataclass(frozen=True)
class OverviewSection:
    name: str
    order: int
    template: str
    context: Callable


OVERVIEW_SECTIONS: dict[str, OverviewSection] = {}


def overview_section(name: str, *, order: int, template: str) -> Callable[[Callable], Callable]:
    """Register `context(coach) -> dict` as the section `name` of the coach's overview."""

    def register(context: Callable) -> Callable:
        OVERVIEW_SECTIONS[name] = OverviewSection(name, order, template, context)
        return context

    return register


def overview_sections_for(coach) -> list[ShownPanel]:
    """Every section of the coach's overview, in order, with what it shows."""
    shown = sorted(OVERVIEW_SECTIONS.values(), key=lambda s: (s.order, s.name))
    return [ShownPanel(s.name, s.template, s.context(coach)) for s in shown]
