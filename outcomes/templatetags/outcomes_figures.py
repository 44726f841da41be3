from django import template

from outcomes import figures

register = template.Library()


@register.filter
def suppressed(count: int) -> str:
    return figures.suppressed(count)


@register.filter
def is_small(count: int) -> bool:
    return 0 < count < figures.SMALL_COUNT_LIMIT
