"""What the person's and the coach's pages need from this app, for one-line includes."""

from django import template

from outcomes.models import Outcome
from outcomes.scales import COPYRIGHT
from outcomes.services import due_sustainment_checks
from outcomes.wellbeing import wellbeing_history

register = template.Library()


@register.simple_tag
def wellbeing_history_for(person):
    return wellbeing_history(person)


@register.simple_tag
def outcomes_for(person):
    """The person's outcomes, newest first (their person is the one already in hand)."""
    outcomes = list(Outcome.objects.filter(person=person).select_related("type"))
    for outcome in outcomes:
        outcome.person = person
    return outcomes


@register.simple_tag
def sustainment_checks_for(outcomes):
    return due_sustainment_checks(outcomes)


@register.simple_tag
def wellbeing_copyright():
    return COPYRIGHT
