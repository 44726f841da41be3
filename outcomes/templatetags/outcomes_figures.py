from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from coaching import small_counts
from helpers.escaping import esc
from outcomes.charts import PALETTE

register = template.Library()


@register.filter
def suppressed(count: int) -> str:
    return small_counts.suppressed(count)


@register.filter
def is_small(count: int) -> bool:
    return small_counts.is_small(count)


@register.simple_tag
def figures_table(table) -> SafeString:
    """{% figures_table table %}: a dashboard table (coaching.tables.Table), its
    caption, head and rows, the first cell of a row its header and the figures after
    `table.words` marked as numbers.

    The dashboard's tables hold a thousand cells and more (a row for each contract and
    outcome, a year of months): through the template, each cell's tests and escaping
    cost more than the rest of the page's drawing.
    """
    head = "".join(
        f'<th scope="col"{_number_class(n, table)}>{esc(column)}</th>'
        for n, column in enumerate(table.columns, start=1)
    )
    rows = "".join(
        "<tr>"
        + "".join(
            f'<th scope="row">{esc(cell)}</th>'
            if n == 1
            else f"<td{_number_class(n, table)}>{esc(cell)}</td>"
            for n, cell in enumerate(row, start=1)
        )
        + "</tr>"
        for row in table.shown_rows()
    )
    return mark_safe(  # noqa: S308 - every value above is escaped
        f'<table class="figures"><caption class="visually-hidden">{esc(table.title)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )


def _number_class(n: int, table) -> str:
    return ' class="num"' if n > table.words else ""


@register.simple_tag
def figures_chart(table, chart) -> SafeString:
    """{% figures_chart table chart %}: the SVG bar chart of a dashboard table
    (outcomes.charts.bar_chart), written here for the reason figures_table is: as wide
    as its column, x in percent, y in pixels. Coordinates are plain numbers, never
    localised: SVG reads "1,234" as two."""
    if chart.sentence:
        return format_html('<p class="chart-sentence">{}</p>', chart.sentence)
    key = esc(table.key)
    legend = "".join(
        f'<rect x="{k.x}%" y="{k.y}" width="12" height="12" fill="{esc(k.colour)}"></rect>'
        f'<text x="{k.x}%" dx="16" y="{k.y + 10}" class="bar-chart__text">{esc(k.text)}</text>'
        for k in chart.keys
    )
    labels = "".join(
        f'<text x="0" y="{label.y}" class="bar-chart__text">{esc(label.text)}</text>'
        for label in chart.labels
    )
    bars = "".join(
        f'<rect x="{bar.x}%" y="{bar.y}" width="{bar.width}%" height="12" '
        f'fill="{esc(bar.colour)}"></rect><text x="{bar.text_x}%" dx="4" y="{bar.text_y}" '
        f'class="bar-chart__text">{esc(bar.text)}</text>'
        for bar in chart.bars
    )
    return mark_safe(  # noqa: S308 - every value above is escaped or a number
        f'<svg class="bar-chart" role="img" aria-labelledby="c-{key}-title c-{key}-desc" '
        f'width="100%" height="{chart.height}">\n'
        f'  <title id="c-{key}-title">{esc(chart.title)}</title>\n'
        f'  <desc id="c-{key}-desc">{esc(chart.description)}</desc>\n'
        f"  {legend}\n  {labels}\n  {bars}\n</svg>"
    )


@register.simple_tag
def wellbeing_chart(answers) -> SafeString:
    """{% wellbeing_chart answers %}: the mean first and latest scores as two bars, with
    the national average marked, for the dashboard's top answers (insights.Answers)."""
    if answers.first_mean is None:
        return format_html(
            '<p class="chart-sentence">{}</p>',
            "Too few people have two scores yet for a chart."
            if answers.wellbeing["people"] != "0"
            else "Nobody has two scores in this period yet.",
        )
    highest = Decimal(answers.highest)

    def at(value) -> str:
        return f"{float(value / highest * 80):.1f}"

    rows = [
        ("First score, mean", answers.first_mean, 0),
        ("Latest score, mean", answers.latest_mean, 1),
    ]
    bars = "".join(
        f'<text x="0" y="{12 + n * 34}" class="bar-chart__text">{esc(label)}</text>'
        f'<rect x="0" y="{16 + n * 34}" width="{at(value)}%" height="12" '
        f'fill="{PALETTE[n]}"></rect><text x="{at(value)}%" dx="4" y="{27 + n * 34}" '
        f'class="bar-chart__text">{esc(value)}</text>'
        for label, value, n in rows
    )
    average = at(answers.reference_mean)
    # The national average as a dashed mark across each bar, clear of the labels.
    marks = "".join(
        f'<line x1="{average}%" x2="{average}%" y1="{14 + n * 34}" y2="{30 + n * 34}" '
        'stroke="#1d2327" stroke-dasharray="3 2"></line>'
        for n in range(2)
    )
    description = (
        f"Mean first score {answers.first_mean}, mean latest score {answers.latest_mean}, "
        f"national average {answers.reference_mean}."
    )
    return mark_safe(  # noqa: S308 - every value above is escaped or a number
        '<svg class="bar-chart" role="img" aria-labelledby="c-top-wellbeing" width="100%" '
        f'height="84"><title id="c-top-wellbeing">{esc(description)}</title>{bars}{marks}'
        f'<text x="{average}%" y="80" text-anchor="middle" class="bar-chart__text">'
        "national average</text></svg>"
    )
