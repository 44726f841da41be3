"""Pure formatting for this app's templates: nothing here reads the database (a page's
panels read what they show in outcomes.panels, before the page is rendered)."""

from django import template

from outcomes.scales import COPYRIGHT

register = template.Library()


@register.simple_tag
def wellbeing_copyright():
    return COPYRIGHT
