from django import template

from outcomes import figures

register = template.Library()


@register.filter
def suppressed(count: int) -> str:
    return figures.suppressed(count)


@register.filter
def is_small(count: int) -> bool:
    return figures.is_small(count)
