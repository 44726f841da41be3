from django import template
from django.utils.html import format_html

register = template.Library()


@register.inclusion_tag("budgets/includes/requests_panel.html")
def budget_requests_panel(person, viewer: str):
    """A person's budget requests, for their own home ("person") or their coach's page."""
    # The panel names no decider, so no user is read with each request.
    requests = list(person.budget_requests.all()[:10])
    return {"person": person, "requests": requests, "viewer": viewer}


@register.simple_tag
def status_badge(budget_request) -> str:
    """Where a request stands, as a badge, in the words the person reads too."""
    return format_html(
        '<span class="badge badge--budget-{}">{}</span>',
        budget_request.status,
        budget_request.get_status_display(),
    )
