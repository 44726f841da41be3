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
from dataclasses import dataclass

from coaching.models import Person
from coaching.reading import Part, read_together

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
            Part(
                f"{panel.name}:{part.name}",
                part.queryset,
                part.fields,
                part.order_by,
                part.limit,
                part.computed,
            )
            for part in panel.parts(person, viewer)
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
