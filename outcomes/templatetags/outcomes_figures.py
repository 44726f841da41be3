from django import template
from django.utils.safestring import SafeString, mark_safe

from coaching import small_counts
from helpers.escaping import esc

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
    (outcomes.charts.bar_chart), written here for the reason figures_table is.
    Coordinates are plain numbers, never localised: SVG reads "1,234" as two."""
    key = esc(table.key)
    legend = "".join(
        f'<rect x="{k.x}" y="{k.y}" width="12" height="12" fill="{esc(k.colour)}"></rect>'
        f'<text x="{k.x + 16}" y="{k.y + 10}" class="bar-chart__text">{esc(k.text)}</text>'
        for k in chart.keys
    )
    labels = "".join(
        f'<text x="0" y="{label.y}" class="bar-chart__text">{esc(label.text)}</text>'
        for label in chart.labels
    )
    bars = "".join(
        f'<rect x="{bar.x}" y="{bar.y}" width="{bar.width}" height="12" fill="{esc(bar.colour)}">'
        f'</rect><text x="{bar.text_x}" y="{bar.text_y}" class="bar-chart__text">'
        f"{esc(bar.text)}</text>"
        for bar in chart.bars
    )
    return mark_safe(  # noqa: S308 - every value above is escaped or a number
        f'<svg class="bar-chart" role="img" aria-labelledby="c-{key}-title c-{key}-desc" '
        f'viewBox="0 0 {chart.width} {chart.height}" width="{chart.width}" '
        f'height="{chart.height}">\n  <title id="c-{key}-title">{esc(chart.title)}</title>\n'
        f'  <desc id="c-{key}-desc">{esc(chart.description)}</desc>\n'
        f"  {legend}\n  {labels}\n  {bars}\n</svg>"
    )
