"""Small pieces of the coaching pages, built in Python because lists repeat them."""

from django import template
from django.utils.html import format_html

from coaching.models import Relationship

register = template.Library()

_STATE_BADGES = {
    state.value: format_html('<span class="badge badge--{}">{}</span>', state.value, state.label)
    for state in Relationship.State
}


@register.filter
def state_badge(state: str) -> str:
    """{{ relationship.state|state_badge }}: Active, Paused or Ended, as a badge."""
    return _STATE_BADGES.get(state) or _STATE_BADGES[Relationship.State.ENDED]
