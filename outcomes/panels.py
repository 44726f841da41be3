"""Wellbeing and outcomes, on the person's coach's page and on their own /me/;
sustainment checks due, on the coach's overview of their people."""

from coaching.models import Person
from coaching.panels import overview_section, person_panel
from outcomes.models import Outcome
from outcomes.services import due_sustainment_checks, sustainment_checks
from outcomes.wellbeing import wellbeing_history


def _outcomes(person) -> list[Outcome]:
    """The person's outcomes, newest first, with their type: one query."""
    outcomes = list(Outcome.objects.filter(person=person).select_related("type"))
    for outcome in outcomes:
        outcome.person = person  # the one in hand, not read again for each
    return outcomes


def _history(person, *, with_wording: bool = False):
    # One query, and none when the person chose no wellbeing scores.
    if not person.share_wellbeing:
        return None
    return wellbeing_history(person, with_wording=with_wording)


@person_panel(
    "outcomes", order=20, viewers=["coach"], template="outcomes/includes/person_outcomes.html"
)
def for_coach(person, viewer: str) -> dict:
    outcomes = _outcomes(person)
    return {
        "history": _history(person),
        "outcomes": outcomes,
        # One more query, only when there are outcomes to check.
        "checks": due_sustainment_checks(outcomes),
    }


@person_panel(
    "outcomes", order=10, viewers=["person"], template="outcomes/includes/me_wellbeing.html"
)
def for_person(person, viewer: str) -> dict:
    # Whether the scale can be answered comes with the scores: the person is offered it
    # only once the licensed wording is loaded.
    return {"history": _history(person, with_wording=True), "outcomes": _outcomes(person)}


@overview_section("sustainment_checks", order=10, template="outcomes/includes/overview_checks.html")
def checks_due(coach) -> dict:
    # Outcomes, not wellbeing: no sharing choice hides them from the person's coach.
    return {"checks": sustainment_checks(Person.objects.for_coach(coach).values("pk"))}
