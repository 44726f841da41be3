"""{% load words %}: Django's i18n tags, fixed words looked up once a language."""

from django.template import Context, Engine, engines
from django.templatetags.i18n import TranslateNode
from django.utils import translation

from helpers.words import FixedWordsNode


def _render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return engines["django"].from_string("{% load words %}" + source).render(context)


def test_fixed_words_follow_the_language_of_each_page():
    source = '{% translate "Your story" %}|{% translate "Your story" as heading %}[{{ heading }}]'
    english = _render(source, "en-gb")
    welsh = _render(source, "cy")
    assert english == "Your story|[Your story]"
    assert welsh != english and welsh.count("|") == 1
    assert _render(source, "en-gb") == english  # the Welsh words are not kept for English


def test_fixed_words_are_drawn_as_djangos_own_tag_draws_them():
    django = Engine(libraries={"django_i18n": "django.templatetags.i18n"})
    for words in ["Fish & chips", "<b>Your story</b>", "Up 50% on last time", "Sign out"]:
        for escaping in ("on", "off"):
            source = (
                f'{{% autoescape {escaping} %}}{{% translate "{words}" %}}{{% endautoescape %}}'
            )
            for language in ("en-gb", "cy"):
                with translation.override(language):
                    theirs = django.from_string("{% load django_i18n %}" + source).render(Context())
                assert _render(source, language) == theirs


def test_words_with_a_context_or_a_variable_go_to_djangos_own_tag():
    template = engines["django"].from_string(
        '{% load words %}{% translate "May" context "month" %}{% translate word %}'
        '{% translate "Sign out" %}'
    )
    kinds = [type(node) for node in template.template.nodelist if not isinstance(node, str)]
    assert kinds[-3:] == [TranslateNode, TranslateNode, FixedWordsNode]
    assert template.render({"word": "Quick exit"}) == "MayQuick exitSign out"
