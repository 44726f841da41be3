"""Pure formatting for this app's templates: nothing here reads the database."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def status_badge(budget_request) -> str:
    """Where a request stands, as a badge, in the words the person reads too."""
    return format_html(
        '<span class="badge badge--budget-{}">{}</span>',
        budget_request.status,
        budget_request.get_status_display(),
    )
