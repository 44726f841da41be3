"""Small pieces of the coaching pages, built in Python because lists repeat them."""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from coaching.models import Relationship
from coaching.sent_once import key_for_form
from helpers.display import ago, day, iso, weekday, weekday_time
from helpers.escaping import esc
from helpers.paths import path_for

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


@register.simple_tag(takes_context=True)
def story_entry(context, entry) -> SafeString:
    """{% story_entry entry %}: one moment of a person's story (coaching.timeline), for
    `viewer` in the context ("coach" or "person"): the words change, never the facts.

    A page of the story is read more than any other, and in template tags most of an
    entry's cost was Django's looking up and escaping each value; here each is escaped
    once, with esc. Another app's moments come with their own template."""
    viewer, person = context.get("viewer"), context.get("person")
    draw = _DRAWN.get(entry.kind)
    if draw is None:
        template = context.template.engine.get_template(entry.template)
        with context.push(entry=entry):
            return template.render(context)
    body = draw(entry.row, viewer == "person", esc(person.name))
    when = weekday_time(entry.when) if entry.kind == "contact" else weekday(entry.when)
    kind = "contact" if entry.kind == "contact" else "event"
    anchor = f' id="{entry.kind}-{entry.pk}"' if entry.kind in _CORRECTABLE else ""
    for asked in entry.row.get("corrections", ()):
        body += _asked_beside(asked, viewer == "person", esc(person.name))
    if viewer == "person" and entry.kind in _CORRECTABLE:
        ask = path_for("coaching:me_correct", entry.kind, entry.pk)
        body += (
            f'<p class="muted small"><a href="{ask}">{gettext("Is something wrong here?")}'
            f'<span class="visually-hidden"> {day(entry.when)}</span></a></p>'
        )
    return mark_safe(  # noqa: S308 - every value is escaped (esc) or our own words
        f'<li class="timeline__item timeline__item--{kind}"{anchor}>'
        f'<div class="timeline__when"><time datetime="{iso(entry.when)}">{when}</time></div>'
        f'<div class="timeline__body">{body}</div></li>'
    )


def _asked_beside(asked: dict, to_person: bool, name: str) -> str:
    """Beside an entry: that the person asked for it to be corrected, and a link to the
    answer (or the ask, while it waits). The entry above stays as it was."""
    if asked["answer"] == "corrected":
        words, anchor = gettext("There is a correction to this. See the correction"), "answered"
    elif asked["answer"]:
        words, anchor = gettext("Not changed. See why"), "answered"
    elif to_person:
        words, anchor = gettext("You asked for a change to this. See your ask"), "asked"
    else:
        words, anchor = f"{name} asked for a change to this. See the ask", "asked"
    return (
        f'<p class="small correction-note"><a href="#correction_{anchor}-{asked["pk"]}">'
        f"{esc(words)}</a></p>"
    )


def _their_words(text: str) -> str:
    return f'<blockquote class="their-words">{linebreaksbr(text, autoescape=True)}</blockquote>'


def _contact(row: dict, to_person: bool, name: str) -> str:
    coach = esc(row["coach"])
    if row["reached_out_by"] == "person":
        who = "you reached out" if to_person else f"{name} reached out"
    else:
        who = f"{coach} reached out"
    title = [esc(row["channel_label"]), who]
    if row["place"]:
        title.append(esc(row["place"]))
    if row["minutes"]:
        title.append(f"{row['minutes']} min")
    parts = [f'<p class="timeline__title">{" · ".join(title)}</p>']
    if row["themes"]:
        themes = "".join(f"<li>{esc(theme)}</li>" for theme in row["themes"])
        parts.append(f'<ul class="tags" aria-label="What mattered">{themes}</ul>')
    if row["notes"]:
        parts.append(f'<div class="notes">{linebreaks(row["notes"], autoescape=True)}</div>')
    if row["connections"]:
        parts.append(f"<p><strong>Connections made:</strong> {esc(row['connections'])}</p>")
    for barrier in row["barriers"]:
        happened = f" — {esc(barrier['what_happened'])}" if barrier["what_happened"] else ""
        parts.append(
            f'<p class="barrier"><strong>Got in the way: {esc(barrier["service"])}</strong>'
            f"{happened}</p>"
        )
    byline = f"{'Written' if row['notes'] else 'Logged'} by {coach}"
    if row["version"] > 1:
        byline += f" · edited {day(row['updated_at'])}"
    if row.get("edit_url"):
        byline += (
            f' · <a href="{esc(row["edit_url"])}">Edit<span class="visually-hidden"> the '
            f"contact of {day(row['occurred_at'])}</span></a>"
        )
    parts.append(f'<p class="muted small">{byline}</p>')
    return "".join(parts)


_DECIDED = {"paused", "resumed", "ended", "restarted"}


def _step(row: dict, to_person: bool, name: str) -> str:
    coach, kind = esc(row["coach"] or ""), row["kind"]
    if kind == "began":
        title = f"Coaching began with {coach}"
        if row["asked_by_person"]:
            title += f" — {'you' if to_person else 'they'} asked for a coach"
    elif kind == "paused":
        until = row["paused_until"]
        title = "Coaching paused" + (f" until {day(until)}" if until else "")
    elif kind == "restarted":
        title = f"Coaching restarted with {coach}"
        if row["asked_by_person"]:
            title += f" — {'you' if to_person else 'they'} asked for a coach again"
    elif kind == "handed_over":
        whose = "your" if to_person else "the"
        asked = f", as {'you' if to_person else 'they'} asked" if row["asked_by_person"] else ""
        title = f"Handed over: {coach} became {whose} coach{asked}, with the whole story"
    else:
        title = {"resumed": "Coaching resumed", "ended": "Coaching ended"}.get(kind, "")
    parts = [f'<p class="timeline__title">{title}</p>']
    if row["reason"]:
        parts.append(_their_words(row["reason"]))
    if kind in _DECIDED and row["recorded_by"] and row["recorded_by__role"] != "person":
        whose = "Your" if to_person else f"{name}'s"
        parts.append(
            f'<p class="muted small">{whose} decision, recorded by {esc(row["recorded_by"])}</p>'
        )
    return "".join(parts)


def _area(row: dict, to_person: bool, name: str) -> str:
    words = "You moved" if to_person else f"{name} moved"
    if row["from_area"]:
        words += f" from {esc(row['from_area'])}"
    if row["to_area"]:
        words += f" to {esc(row['to_area'])}"
    return f'<p class="timeline__title">{words}. Coaching goes on.</p>'


_DRAWN = {"contact": _contact, "step": _step, "area": _area}
# What the person can ask to have corrected (coaching.story_words).
_CORRECTABLE = {"contact", "step"}
