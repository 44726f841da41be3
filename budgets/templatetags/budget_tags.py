"""Pure formatting for this app's templates: nothing here reads the database."""

from functools import cache

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html

from budgets.models import BudgetRequest

register = template.Library()


@cache
def _status_badges(language: str) -> dict[str, str]:
    with translation.override(language):
        return {
            status.value: format_html(
                '<span class="badge badge--budget-{}">{}</span>', status.value, str(status.label)
            )
            for status in BudgetRequest.Status
        }


@register.simple_tag
def status_badge(budget_request) -> str:
    """Where a request stands, as a badge, in the words the person reads too (each
    language's badges made once)."""
    badges = _status_badges(translation.get_language() or settings.LANGUAGE_CODE)
    return badges[budget_request.status]
