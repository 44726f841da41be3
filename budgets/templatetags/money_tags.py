from django import template

from budgets import money

register = template.Library()


@register.filter
def pounds(amount) -> str:
    """{{ amount|pounds }} -> £1,234.50"""
    return money.pounds(amount)
