from django import template

register = template.Library()


@register.inclusion_tag("budgets/includes/requests_panel.html")
def budget_requests_panel(person, viewer: str):
    """A person's budget requests, for their own home ("person") or their coach's page."""
    requests = list(person.budget_requests.select_related("decided_by")[:10])
    return {"person": person, "requests": requests, "viewer": viewer}
