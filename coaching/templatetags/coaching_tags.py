"""Small pieces of the coaching pages, built in Python because lists repeat them."""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from coaching.models import Relationship
from coaching.sent_once import key_for_form
from helpers.display import DateWords, ago, choice_badges, date_words, fixed_words, iso
from helpers.escaping import esc, paragraphs
from helpers.paths import path_for

register = template.Library()


@register.filter
def state_badge(state: str) -> str:
    """{{ relationship.state|state_badge }}: Active, Paused or Ended, as a badge, in the
    page's language."""
    return _state_badge(state, choice_badges(Relationship.State))


def _state_badge(state: str, badges: dict[str, str]) -> str:
    return badges.get(state) or badges[Relationship.State.ENDED]


_QUIET = format_html(
    ' <span class="gentle" title="{}">Quiet for a while</span>',
    "No contact for a long while. Perhaps a gentle hello?",
)
_NO_CONTACT = format_html('<span class="muted">{}</span>', "No contact yet")


@register.simple_tag
def people_rows(people: list[dict]) -> SafeString:
    """{% people_rows people %}: the rows of a coach's list of people (the values that
    coaching.views.coach.home reads).

    The list is the page coaches open most. In template variables, or with
    format_html, most of a row's cost is Django's escaping, each call through its
    lazy-text wrapper; helpers.escaping.esc escapes the same without it, and the rows
    are drawn by one tag, with the page's words for dates looked up once.
    """
    badges, dates = choice_badges(Relationship.State), date_words()
    return mark_safe(  # noqa: S308 - every value is escaped or our own words
        "".join(_person_row(person, badges, dates) for person in people)
    )


def _person_row(person: dict, badges: dict, dates: DateWords) -> str:
    last = person["last_contact_at"]
    area = f' <span class="muted">· {esc(person["area"])}</span>' if person["area"] else ""
    contact = (
        f'<time datetime="{iso(last)}">{dates.day(last)}</time> '
        f'<span class="muted">({ago(last)})</span>'
        if last
        else _NO_CONTACT
    )
    state = _state_badge(person["state"], badges)
    return (
        f'<tr><th scope="row"><a href="{esc(person["url"])}">{esc(person["name"])}</a>'
        f"{area}</th><td>{state}</td>"
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
def story(context, entries) -> SafeString:
    """{% story entries %}: the moments of a person's story (coaching.timeline), for
    `viewer` in the context ("coach" or "person"): the words change, never the facts.

    A page of the story is read more than any other, and in template tags most of an
    entry's cost was Django's looking up and escaping each value; here each is escaped
    once, with esc, and the page's words are looked up once. Another app's moments
    come with their own template."""
    viewer, person = context.get("viewer"), context.get("person")
    to_person, name = viewer == "person", esc(person.name)
    _, dates = fixed_words(), date_words()
    return mark_safe(  # noqa: S308 - every entry is escaped (esc) or our own words
        "".join(_entry(context, entry, to_person, name, _, dates) for entry in entries)
    )


def _entry(context, entry, to_person: bool, name: str, _, dates: DateWords) -> str:
    draw = _DRAWN.get(entry.kind)
    if draw is None:
        template = context.template.engine.get_template(entry.template)
        with context.push(entry=entry):
            return template.render(context)
    body = draw(entry.row, to_person, name, _, dates)
    when = dates.weekday_time(entry.when) if entry.kind == "contact" else dates.weekday(entry.when)
    kind = "contact" if entry.kind == "contact" else "event"
    anchor = f' id="{entry.kind}-{entry.pk}"' if entry.kind in _CORRECTABLE else ""
    for asked in entry.row.get("corrections", ()):
        body += _asked_beside(asked, to_person, name, _)
    if to_person and entry.kind in _CORRECTABLE:
        ask = path_for("coaching:me_correct", entry.kind, entry.pk)
        wrong = _("Is something wrong here?")
        body += (
            f'<p class="muted small"><a href="{ask}">{wrong}'
            f'<span class="visually-hidden"> {dates.day(entry.when)}</span></a></p>'
        )
    return (
        f'<li class="timeline__item timeline__item--{kind}"{anchor}>'
        f'<div class="timeline__when"><time datetime="{iso(entry.when)}">{when}</time></div>'
        f'<div class="timeline__body">{body}</div></li>'
    )


def _asked_beside(asked: dict, to_person: bool, name: str, _) -> str:
    """Beside an entry: that the person asked for it to be corrected, and a link to the
    answer (or the ask, while it waits). The entry above stays as it was."""
    if asked["answer"] == "corrected":
        words, anchor = _("There is a correction to this. See the correction"), "answered"
    elif asked["answer"]:
        words, anchor = _("Not changed. See why"), "answered"
    elif to_person:
        words, anchor = _("You asked for a change to this. See your ask"), "asked"
    else:
        words, anchor = f"{name} asked for a change to this. See the ask", "asked"
    return (
        f'<p class="small correction-note"><a href="#correction_{anchor}-{asked["pk"]}">'
        f"{esc(words)}</a></p>"
    )


def _their_words(text: str) -> str:
    return f'<blockquote class="their-words">{linebreaksbr(text, autoescape=True)}</blockquote>'


def _contact(row: dict, to_person: bool, name: str, _, dates: DateWords) -> str:
    coach = esc(row["coach"])
    if row["reached_out_by"] == "person":
        who = _("you reached out") if to_person else _("%(name)s reached out") % {"name": name}
    else:
        who = _("%(name)s reached out") % {"name": coach}
    title = [esc(row["channel_label"]), who]
    if row["place"]:
        title.append(esc(row["place"]))
    if row["minutes"]:
        title.append(_("%(minutes)s min") % {"minutes": row["minutes"]})
    parts = [f'<p class="timeline__title">{" · ".join(title)}</p>']
    if row["themes"]:
        themes = "".join(f"<li>{esc(theme)}</li>" for theme in row["themes"])
        mattered = _("What mattered")
        parts.append(f'<ul class="tags" aria-label="{mattered}">{themes}</ul>')
    if row["notes"]:
        parts.append(f'<div class="notes">{paragraphs(row["notes"])}</div>')
    if row["connections"]:
        made = _("Connections made:")
        parts.append(f"<p><strong>{made}</strong> {esc(row['connections'])}</p>")
    for barrier in row["barriers"]:
        happened = f" — {esc(barrier['what_happened'])}" if barrier["what_happened"] else ""
        in_the_way = _("Got in the way: %(service)s") % {"service": esc(barrier["service"])}
        parts.append(f'<p class="barrier"><strong>{in_the_way}</strong>{happened}</p>')
    if row["notes"]:
        byline = _("Written by %(coach)s") % {"coach": coach}
    else:
        byline = _("Logged by %(coach)s") % {"coach": coach}
    if row["version"] > 1:
        byline += " · " + _("edited %(day)s") % {"day": dates.day(row["updated_at"])}
    if row.get("edit_url"):
        byline += (
            f' · <a href="{esc(row["edit_url"])}">Edit<span class="visually-hidden"> the '
            f"contact of {dates.day(row['occurred_at'])}</span></a>"
        )
    parts.append(f'<p class="muted small">{byline}</p>')
    return "".join(parts)


_DECIDED = {"paused", "resumed", "ended", "restarted"}


def _step(row: dict, to_person: bool, name: str, _, dates: DateWords) -> str:
    coach, kind = esc(row["coach"] or ""), row["kind"]
    asked = row["asked_by_person"]
    if kind == "began":
        title = _("Coaching began with %(coach)s") % {"coach": coach}
        if asked:
            title += " — " + (
                _("you asked for a coach") if to_person else _("they asked for a coach")
            )
    elif kind == "paused":
        until = row["paused_until"]
        title = (
            _("Coaching paused until %(day)s") % {"day": dates.day(until)}
            if until
            else _("Coaching paused")
        )
    elif kind == "restarted":
        title = _("Coaching restarted with %(coach)s") % {"coach": coach}
        if asked:
            title += " — " + (
                _("you asked for a coach again") if to_person else _("they asked for a coach again")
            )
    elif kind == "handed_over":
        if to_person:
            title = (
                _("Handed over: %(coach)s became your coach, as you asked, with the whole story")
                if asked
                else _("Handed over: %(coach)s became your coach, with the whole story")
            )
        else:
            title = (
                _("Handed over: %(coach)s became the coach, as they asked, with the whole story")
                if asked
                else _("Handed over: %(coach)s became the coach, with the whole story")
            )
        title = title % {"coach": coach}
    else:
        title = {"resumed": _("Coaching resumed"), "ended": _("Coaching ended")}.get(kind, "")
    parts = [f'<p class="timeline__title">{title}</p>']
    if row["reason"]:
        parts.append(_their_words(row["reason"]))
    if kind in _DECIDED and row["recorded_by"] and row["recorded_by__role"] != "person":
        recorded_by = esc(row["recorded_by"])
        decision = (
            _("Your decision, recorded by %(by)s") % {"by": recorded_by}
            if to_person
            else _("%(name)s's decision, recorded by %(by)s") % {"name": name, "by": recorded_by}
        )
        parts.append(f'<p class="muted small">{decision}</p>')
    return "".join(parts)


def _area(row: dict, to_person: bool, name: str, _, dates: DateWords) -> str:
    moved = {"from": esc(row["from_area"] or ""), "to": esc(row["to_area"] or ""), "name": name}
    if row["from_area"] and row["to_area"]:
        words = (
            _("You moved from %(from)s to %(to)s.")
            if to_person
            else _("%(name)s moved from %(from)s to %(to)s.")
        )
    elif row["from_area"]:
        words = _("You moved from %(from)s.") if to_person else _("%(name)s moved from %(from)s.")
    elif row["to_area"]:
        words = _("You moved to %(to)s.") if to_person else _("%(name)s moved to %(to)s.")
    else:
        words = _("You moved.") if to_person else _("%(name)s moved.")
    goes_on = _("Coaching goes on.")
    return f'<p class="timeline__title">{words % moved} {goes_on}</p>'


_DRAWN = {"contact": _contact, "step": _step, "area": _area}
# What the person can ask to have corrected (coaching.story_words).
_CORRECTABLE = {"contact", "step"}
