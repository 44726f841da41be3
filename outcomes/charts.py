"""Small horizontal bar charts for the dashboard, as geometry for an inline SVG template.

No JavaScript: the server works out every bar. The same numbers are in the table
beside each chart; a count from 1 to 4 shows no bar and reads "fewer than 5", and a
chart where most of the figures are held back so is one plain sentence instead.

The chart uses the width it has: it is as wide as its column (width 100%), each
bar's length a share of that width, while its words and rows keep their size.
A viewBox would scale the words with the width: 7 pixels on a phone, or 30 on a wide
screen. Each row's label sits above its bars, so a phone has room for them.
"""

from dataclasses import dataclass, field

from coaching.small_counts import FEWER_THAN, HELD_BACK, SMALL_COUNT_LIMIT, suppressed

# The longest bar's share of the width, in percent: the rest is for its count.
BAR_SPACE = 80
BAR_HEIGHT = 14
LABEL_HEIGHT = 16
ROW_GAP = 10
LEGEND_LINE = 20
# Two keys a line, each in half the width: a theme's name ("Rights and systems") needs
# about 130 pixels, half a phone's width.
KEYS_PER_LINE = 2
KEY_SPACING = 100 // KEYS_PER_LINE  # percent
# About what fits in a phone's width at the chart's 12-pixel text; the table has the rest.
LABEL_CHARACTERS = 50
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
    """Bars, labels and keys: x and widths in percent of the chart's width, y in pixels.
    Or, where most figures are held back, only `sentence`."""

    title: str
    description: str = ""
    height: int = 0
    bars: list[Bar] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    keys: list[Key] = field(default_factory=list)
    sentence: str = ""


MOSTLY_HELD_BACK = (
    f"Most of these figures are {FEWER_THAN} or not shown, so there is no chart: "
    "the table has them."
)


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
    figures = [(r, i) for r, row in rows for i in table.chart if row[i]]
    if 2 * sum(hidden(r, i) for r, i in figures) > len(figures):
        return Chart(title=table.title, sentence=MOSTLY_HELD_BACK)
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
                    text_x=width,
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
