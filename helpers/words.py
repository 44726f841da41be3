"""`{% load words %}`: Django's i18n template tags, with `{% translate "Fixed words" %}`
looked up once a language.

Every tag and filter here is Django's own (the product's templates load this in place
of `i18n`), and only a translate tag of fixed words, with no context, no filter and no
`noop`, is drawn differently. Django's tag
makes a lazy string, looks it up through the chain of catalogues and escapes it every
time it is drawn; a person's page draws the same few fixed words dozens of times. Here
each is drawn by Django's tag the first time in each language (and way of escaping),
and the same words are used after that. Anything else goes to Django's tag as it is.
"""

from django import template
from django.templatetags import i18n as django_i18n
from django.utils import translation

register = template.Library()
register.tags.update(django_i18n.register.tags)
register.filters.update(django_i18n.register.filters)

# (language, escaped or not, the words as written) -> the words as drawn
_drawn: dict[tuple[str | None, bool, str], str] = {}


class FixedWordsNode(template.Node):
    def __init__(self, node: django_i18n.TranslateNode):
        # Django's own node, without `as`: what draws the words the first time.
        self.django_node = django_i18n.TranslateNode(node.filter_expression, noop=False)
        self.words = node.filter_expression.var.literal
        self.asvar = node.asvar

    def render(self, context) -> str:
        key = (translation.get_language(), context.autoescape, self.words)
        value = _drawn.get(key)
        if value is None:
            value = _drawn[key] = self.django_node.render(context)
        if self.asvar:
            context[self.asvar] = value
            return ""
        return value


@register.tag("translate")
@register.tag("trans")
def do_translate(parser, token):
    node = django_i18n.do_translate(parser, token)
    expression = node.filter_expression
    fixed = (
        not node.noop
        and node.message_context is None
        and not expression.filters
        and getattr(expression.var, "literal", None) is not None
        and isinstance(expression.var.literal, str)
    )
    return FixedWordsNode(node) if fixed else node
