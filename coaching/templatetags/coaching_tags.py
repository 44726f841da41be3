"""Small pieces of the coaching pages, built in Python because lists repeat them."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from coaching.models import Relationship
from coaching.sent_once import key_for_form
from helpers.display import ago, day, iso
from helpers.escaping import esc

register = template.Library()

_STATE_BADGES = {
    state.value: format_html('<span class="badge badge--{}">{}</span>', state.value, state.label)
    for state in Relationship.State
}


@register.filter
def state_badge(state: str) -> str:
    """{{ relationship.state|state_badge }}: Active, Paused or Ended, as a badge."""
    return _STATE_BADGES.get(state) or _STATE_BADGES[Relationship.State.ENDED]


_QUIET = format_html(
    ' <span class="gentle" title="{}">Quiet for a while</span>',
    "No contact for a long while. Perhaps a gentle hello?",
)
_NO_CONTACT = format_html('<span class="muted">{}</span>', "No contact yet")


@register.simple_tag
def person_row(person: dict) -> SafeString:
    """{% person_row person %}: a row of a coach's list of people (the values that
    coaching.views.coach.home reads).

    The list is the page coaches open most. In template variables, or with
    format_html, most of a row's cost is Django's escaping, each call through its
    lazy-text wrapper; helpers.escaping.esc escapes the same without it.
    """
    last = person["last_contact_at"]
    area = f' <span class="muted">· {esc(person["area"])}</span>' if person["area"] else ""
    contact = (
        f'<time datetime="{iso(last)}">{day(last)}</time> <span class="muted">({ago(last)})</span>'
        if last
        else _NO_CONTACT
    )
    return mark_safe(  # noqa: S308 - every value above is escaped or our own words
        f'<tr><th scope="row"><a href="{esc(person["url"])}">{esc(person["name"])}</a>'
        f"{area}</th><td>{state_badge(person['state'])}</td>"
        f"<td>{contact}{_QUIET if person['stepped_back'] else ''}</td>"
        f'<td><a href="{esc(person["log_url"])}">Log<span class="visually-hidden"> a contact'
        f" with {esc(person['name'])}</span></a></td></tr>"
    )


@register.simple_tag(takes_context=True)
def sent_once_key(context) -> str:
    """The key of a form that makes something: see coaching/sent_once.py. A form that
    posts to another page than its own names it: {% include ... with posts_to=url %}."""
    return str(key_for_form(context.get("request"), context.get("posts_to")))


@register.simple_tag(takes_context=True)
def panel(context, shown) -> SafeString:
    """{% panel shown %}: one of the person's page's panels (coaching.panels), rendered
    by its template from what its app read for it, with the page's context around it."""
    template = context.template.engine.get_template(shown.template)
    with context.push(**shown.context):
        return template.render(context)


@register.filter
def translate_stored(words: str) -> str:
    """Words kept in English in the database, such as what an access log entry says was
    looked at, read in the reader's language: each is marked where it is written
    (gettext_noop), so the catalogue holds it."""
    return gettext(words)
