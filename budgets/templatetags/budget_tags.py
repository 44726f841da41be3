"""Pure formatting for this app's templates: nothing here reads the database."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from budgets.models import BudgetRequest
from budgets.money import pounds
from helpers.display import choice_badges, date_words, iso
from helpers.escaping import esc
from helpers.paths import path_of_each

register = template.Library()


@register.simple_tag
def status_badge(budget_request) -> str:
    """Where a request stands, as a badge, in the words the person reads too."""
    return choice_badges(BudgetRequest.Status)[budget_request.status]


@register.simple_tag
def request_rows(requests, viewer: str) -> SafeString:
    """{% request_rows requests viewer %}: the list items of a person's budget requests
    on their page or their coach's, each linking to the request for `viewer`. Drawn
    here, each value escaped once (esc), as a person's page draws its story."""
    path_of = path_of_each("budgets:me_request" if viewer == "person" else "budgets:coach_request")
    badges, dates = choice_badges(BudgetRequest.Status), date_words()
    return mark_safe(  # noqa: S308 - every value is escaped (esc) or our own words
        "".join(
            f'<li><a href="{path_of(r.pk)}">{esc(_shortened(r.purpose, 60))}</a> '
            f'<span class="budget-list__meta">{esc(pounds(r.amount))} · {badges[r.status]} · '
            f'<time datetime="{iso(r.requested_at)}">{dates.day(r.requested_at)}</time></span></li>'
            for r in requests
        )
    )


def _shortened(text: str, length: int) -> str:
    """truncatechars for plain text: at most `length` characters, the last an ellipsis
    where it was cut; without Django's lazy Truncator, made again for every row."""
    return text if len(text) <= length else f"{text[: length - 1]}…"
