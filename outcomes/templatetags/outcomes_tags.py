"""Pure formatting for this app's templates: nothing here reads the database (a page's
panels read what they show in outcomes.panels, before the page is rendered)."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from helpers.display import DateWords, date_words, fixed_words, iso, month_year, number
from helpers.display import translated as _
from helpers.escaping import esc
from outcomes.scales import COPYRIGHT

register = template.Library()


@register.simple_tag
def wellbeing_copyright():
    return COPYRIGHT


# The wellbeing chart and its table are on the person's page and /me/, read more than any
# other; as template markup most of their cost was Django's looking up and escaping each
# value, so they are drawn here, with every value escaped once (esc), as the story tag does.


@register.simple_tag
def wellbeing_chart(history) -> SafeString:
    """{% wellbeing_chart history %}: the SVG chart of wellbeing_history.html, numbers
    unlocalised (SVG reads 12.5, never 12,5)."""
    h, rows = history, history.rows
    ticks = "".join(
        f'<text x="{h.tick_x}" y="{y}" class="chart-label" text-anchor="end" '
        f'dominant-baseline="middle">{esc(value)}</text>'
        for y, value in h.axis_ticks
    )
    line = f'<polyline points="{esc(h.points)}" class="chart-line"/>' if len(rows) > 1 else ""
    points = "".join(
        f'<circle cx="{row.x}" cy="{row.y}" r="7" class="chart-point chart-point--meaningful"/>'
        if row.meaningful
        else f'<circle cx="{row.x}" cy="{row.y}" r="5" class="chart-point"/>'
        for row in rows
    )
    first, last = rows[0], rows[-1]
    title = _("%(scale)s scores over time") % {"scale": esc(h.scale.name)}
    reference_line = _(
        "The dashed line is the reference mean for adults in England, %(reference)s. "
        "The numbers are in the table."
    ) % {"reference": esc(h.reference)}
    reference_label = _("Reference mean %(reference)s") % {"reference": esc(h.reference)}
    last_date = (
        f'<text x="{h.right}" y="{h.date_y}" class="chart-label" text-anchor="end">'
        f"{esc(month_year(last.score.completed_at))}</text>"
        if len(rows) > 1
        else ""
    )
    return mark_safe(  # noqa: S308 - every value is escaped (esc), a number or our own words
        f'<svg viewBox="0 0 {h.width} {h.height}" role="img" '
        'aria-labelledby="wellbeing-chart-title wellbeing-chart-desc" focusable="false">'
        f'<title id="wellbeing-chart-title">{title}</title>'
        f'<desc id="wellbeing-chart-desc">{esc(h.summary)} {reference_line}</desc>'
        f'<rect x="{h.left}" y="{h.top}" width="{h.plot_width}" height="{h.plot_height}" '
        'class="chart-plot"/>'
        f"{ticks}"
        f'<line x1="{h.left}" x2="{h.right}" y1="{h.reference_y}" y2="{h.reference_y}" '
        'class="chart-reference"/>'
        f'<text x="{h.reference_label_x}" y="{h.reference_label_y}" class="chart-label">'
        f"{reference_label}</text>"
        f"{line}{points}"
        f'<text x="{h.left}" y="{h.date_y}" class="chart-label">'
        f"{esc(month_year(first.score.completed_at))}</text>"
        f"{last_date}</svg>"
    )


@register.simple_tag
def wellbeing_rows(history, viewer: str, person) -> SafeString:
    """{% wellbeing_rows history viewer person %}: the rows of the chart's table, latest
    first, for `viewer` ("person" or "coach")."""
    _, dates = fixed_words(), date_words()
    return mark_safe(  # noqa: S308 - every value is escaped (esc) or our own words
        "".join(_wellbeing_row(row, viewer, person, _, dates) for row in reversed(history.rows))
    )


def _wellbeing_row(row, viewer: str, person, _, dates: DateWords) -> str:
    score = row.score
    if row.change is None:
        first = _("first")
        change = f'<span class="muted">{first}</span>'
    else:
        sign = "+" if row.change > 0 else ""
        word = _("meaningful")
        meaningful = f' <span class="meaningful">{word}</span>' if row.meaningful else ""
        change = f"{sign}{number(row.change)}{meaningful}"
    if score.completed_with == "self":
        who = _("by you") if viewer == "person" else _("by %(name)s") % {"name": esc(person.name)}
    elif coach := (score.completed_by.display_name if score.completed_by else ""):
        who = _("with %(coach)s") % {"coach": esc(coach)}
    else:
        who = _("with a coach")
    paper = _(", on the paper form") if score.answered_from == "paper" else ""
    return (
        f'<tr><th scope="row"><time datetime="{iso(score.completed_at)}">'
        f"{dates.day(score.completed_at)}</time></th>"
        f'<td class="num">{number(score.score)}</td>'
        f'<td class="num">{change}</td><td>{who}{paper}</td></tr>'
    )
