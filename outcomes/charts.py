"""Small horizontal bar charts for the dashboard, as geometry for an inline SVG template.

No JavaScript: the server works out every bar. The same numbers are in the table
beside each chart; a count from 1 to 4 shows no bar and reads "fewer than 5".

Each row's label sits above its bars, and the chart is rendered at its own size, 400
units wide: a phone (about 360 pixels) shrinks it a little and its words stay
readable. With labels beside the bars it was 640 wide, and a phone drew its words at
7 pixels.
"""

from dataclasses import dataclass

from coaching.small_counts import HELD_BACK, SMALL_COUNT_LIMIT, suppressed

WIDTH = 400
BAR_SPACE = 320  # what is left is for the count after the longest bar
BAR_HEIGHT = 14
LABEL_HEIGHT = 16
ROW_GAP = 10
LEGEND_LINE = 20
# Two keys a line: a theme's name ("Rights and systems") needs about 130 units.
KEY_SPACING = 200
KEYS_PER_LINE = WIDTH // KEY_SPACING
# About what fits in the width at the chart's 12-unit text; the table has the rest.
LABEL_CHARACTERS = 60
# Colours distinguishable in greyscale and against white (3:1 or better).
PALETTE = ["#1d5f8a", "#b8501f", "#4b7b2a", "#7a3e8e", "#8a6d00", "#3d3d3d"]
TOTAL_ROWS = {"Whole period", "All requests"}


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: float
    colour: str
    text: str
    text_x: float
    text_y: int


@dataclass(frozen=True)
class Label:
    text: str
    y: int


def _label(text: str) -> str:
    return text if len(text) <= LABEL_CHARACTERS else text[: LABEL_CHARACTERS - 1] + "…"


@dataclass(frozen=True)
class Key:
    text: str
    colour: str
    x: int
    y: int


@dataclass
class Chart:
    title: str
    description: str
    height: int
    bars: list[Bar]
    labels: list[Label]
    keys: list[Key]
    width: int = WIDTH


def bar_chart(table) -> Chart | None:
    """A chart of the table's chart columns, one group of bars per row; None when
    there is nothing to show."""
    if not table.chart:
        return None
    held = table.held_back()
    rows = [
        (r, row)
        for r, row in enumerate(table.rows)
        if row[0] not in TOTAL_ROWS and all(isinstance(row[i], int) for i in table.chart)
    ]
    if not rows:
        return None

    def hidden(r: int, column: int) -> bool:
        return (r, column) in held or table.rows[r][column] < SMALL_COUNT_LIMIT

    # A figure held back shows no bar, nor sets the scale of the others.
    drawable = [row[i] for r, row in rows for i in table.chart if not hidden(r, i)]
    largest = max(drawable, default=0) or 1
    series = len(table.chart)
    legend_lines = -(-series // KEYS_PER_LINE) if series > 1 else 0
    top = legend_lines * LEGEND_LINE + 4
    group = LABEL_HEIGHT + series * BAR_HEIGHT + ROW_GAP
    bars, labels = [], []
    for n, (r, row) in enumerate(rows):
        y0 = top + n * group
        labels.append(Label(_label(str(row[0])), y0 + LABEL_HEIGHT - 4))
        for s, column in enumerate(table.chart):
            value = row[column]
            width = 0 if hidden(r, column) else round(value / largest * BAR_SPACE, 1)
            y = y0 + LABEL_HEIGHT + s * BAR_HEIGHT
            bars.append(
                Bar(
                    x=0,
                    y=y,
                    width=width,
                    colour=PALETTE[s % len(PALETTE)],
                    text=HELD_BACK if (r, column) in held else suppressed(value),
                    text_x=width + 4,
                    text_y=y + BAR_HEIGHT - 3,
                )
            )
    keys = (
        [
            Key(
                table.columns[c],
                PALETTE[s % len(PALETTE)],
                x=s % KEYS_PER_LINE * KEY_SPACING,
                y=s // KEYS_PER_LINE * LEGEND_LINE + 4,
            )
            for s, c in enumerate(table.chart)
        ]
        if series > 1
        else []
    )
    names = ", ".join(table.columns[c] for c in table.chart)
    return Chart(
        title=table.title,
        description=f"Bar chart of {names.lower()} for each row of the table that follows; "
        "counts from 1 to 4, and figures not shown, have no bar.",
        height=top + len(rows) * group,
        bars=bars,
        labels=labels,
        keys=keys,
    )
