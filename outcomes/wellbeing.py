"""A person's wellbeing over time: the rows, a plain-words summary, and the geometry
of a small server-rendered SVG chart (no JavaScript)."""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext

from outcomes.models import WellbeingScore, WellbeingWording
from outcomes.scales import THEMES, Scale, current_scale

CHART_WIDTH, CHART_HEIGHT = 560, 220
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 44, 548, 12, 188


@dataclass(frozen=True)
class ScoreRow:
    score: WellbeingScore
    value: Decimal
    change: Decimal | None
    meaningful: bool
    x: float = 0
    y: float = 0


@dataclass
class WellbeingHistory:
    scale: Scale
    rows: list[ScoreRow]  # the scores that count, for the summary and the chart
    # Scores answered against one-word themes only: shown, marked, never counted.
    set_aside: list[WellbeingScore] = field(default_factory=list)
    wording_loaded: bool | None = None  # read only when asked for

    def number(self, value: Decimal) -> str:
        return f"{value:.2f}" if self.scale.has_metric else f"{value:.0f}"

    def change_words(self, change: Decimal) -> str:
        size = self.number(abs(change))
        unit = "point" if abs(change) == 1 else "points"
        return f"up {size} {unit}" if change > 0 else f"down {size} {unit}"

    @property
    def summary(self) -> str:
        """ "Up 6 points since March 2025", from the first score to the latest."""
        if not self.rows:
            return ""
        first, latest = self.rows[0], self.rows[-1]
        since = timezone.localtime(first.score.completed_at).strftime("%B %Y")
        if len(self.rows) == 1:
            return f"One score so far: {self.number(first.value)}, in {since}."
        change = latest.value - first.value
        if change == 0:
            return f"The same as in {since}: {self.number(latest.value)}."
        words = self.change_words(change).capitalize()
        mark = " (a meaningful change)" if abs(change) >= self.scale.meaningful_change else ""
        numbers = f"from {self.number(first.value)} to {self.number(latest.value)}"
        return f"{words} since {since}{mark}: {numbers}."

    @property
    def plain_summary(self) -> str:
        """For the person: "From 17 to 24: a big rise. That is about the same as most
        people in the UK." Whole numbers, no scale name; the rest is in "more detail"."""
        if not self.rows:
            return ""
        first, latest = self.rows[0].value, self.rows[-1].value
        if len(self.rows) == 1:
            words = gettext("Your first score is %(latest)s.") % {"latest": _whole(latest)}
        else:
            words = gettext("From %(first)s to %(latest)s: %(size)s.") % {
                "first": _whole(first),
                "latest": _whole(latest),
                "size": self._size(latest - first),
            }
        return f"{words} {self._against_most_people(latest)}"

    def _size(self, change: Decimal) -> str:
        step = self.scale.meaningful_change
        if abs(change) < step:
            return gettext("about the same")
        if change > 0:
            return gettext("a big rise") if change >= 2 * step else gettext("a rise")
        return gettext("a big drop") if -change >= 2 * step else gettext("a drop")

    def _against_most_people(self, value: Decimal) -> str:
        gap = value - self.scale.reference_mean
        if abs(gap) < self.scale.meaningful_change:
            return gettext("That is about the same as most people in the UK.")
        if gap > 0:
            return gettext("That is higher than most people in the UK.")
        return gettext("That is lower than most people in the UK.")

    # The chart's geometry, in SVG user units.
    width, height = CHART_WIDTH, CHART_HEIGHT
    left, right, top, bottom = PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM

    def y_for(self, value) -> float:
        span = self.scale.highest - self.scale.lowest
        return round(
            self.bottom - (float(value) - self.scale.lowest) / span * (self.bottom - self.top), 1
        )

    @property
    def reference_y(self) -> float:
        return self.y_for(self.scale.reference_mean)

    @property
    def reference_label_y(self) -> float:
        return self.reference_y - 6

    plot_width, plot_height = PLOT_RIGHT - PLOT_LEFT, PLOT_BOTTOM - PLOT_TOP
    tick_x, date_y, reference_label_x = PLOT_LEFT - 6, CHART_HEIGHT - 8, PLOT_LEFT + 6

    @property
    def axis_ticks(self):
        return [(self.y_for(v), v) for v in (self.scale.lowest, self.scale.highest)]

    @property
    def points(self) -> str:
        return " ".join(f"{row.x},{row.y}" for row in self.rows)

    @property
    def reference(self) -> str:
        return f"{self.scale.reference_mean:g}"

    @property
    def threshold(self) -> str:
        return f"{self.scale.meaningful_change:g}"


def _x_positions(moments: list[datetime]) -> list[float]:
    if len(moments) == 1:
        return [(PLOT_LEFT + PLOT_RIGHT) / 2]
    start, span = moments[0], (moments[-1] - moments[0]).total_seconds() or 1
    inner_left, inner_right = PLOT_LEFT + 12, PLOT_RIGHT - 12
    return [
        round(inner_left + (m - start).total_seconds() / span * (inner_right - inner_left), 1)
        for m in moments
    ]


def _whole(value: Decimal) -> str:
    return str(value.quantize(Decimal("1"), ROUND_HALF_UP))


def wellbeing_history(
    person,
    scale: Scale | None = None,
    *,
    scores: list | None = None,
    loaded_wording: bool | None = None,
) -> WellbeingHistory:
    """The person's scores on the organisation's scale, oldest first, with the change
    from each to the next marked when it reaches the meaningful-change threshold.

    `scores`: those scores, oldest first, when the page has read them already; and
    `loaded_wording`, whether the licensed wording is loaded, when it was read with
    them (the person is offered the scale only then)."""
    scale = scale or current_scale()
    if scores is None:
        scores = list(
            WellbeingScore.objects.filter(person=person, scale=scale.code).select_related(
                "completed_by"
            )
        )
    history = WellbeingHistory(
        scale=scale, rows=[], set_aside=[score for score in scores if not score.counts]
    )
    if loaded_wording is not None:
        history.wording_loaded = loaded_wording
    scores = [score for score in scores if score.counts]
    xs = _x_positions([s.completed_at for s in scores]) if scores else []
    previous = None
    for score, x in zip(scores, xs, strict=True):
        value = Decimal(score.score)
        change = None if previous is None else value - previous
        meaningful = change is not None and abs(change) >= scale.meaningful_change
        history.rows.append(ScoreRow(score, value, change, meaningful, x, history.y_for(value)))
        previous = value
    return history


@dataclass(frozen=True)
class Item:
    number: int
    theme: str
    wording: str


def wording_loaded(scale: Scale | None = None) -> bool:
    """Whether the licensed wording of every item of the scale is loaded."""
    scale = scale or current_scale()
    return WellbeingWording.objects.filter(item__in=scale.items).count() == len(scale.items)


def scale_items(scale: Scale | None = None) -> tuple[list[Item], bool]:
    """The items to show, and whether the licensed wording is loaded for all of them."""
    scale = scale or current_scale()
    wording = dict(
        WellbeingWording.objects.filter(item__in=scale.items).values_list("item", "wording")
    )
    items = [Item(n, THEMES[n], wording.get(n, "")) for n in scale.items]
    return items, all(item.wording for item in items)
