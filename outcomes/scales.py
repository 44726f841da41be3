"""WEMWBS and SWEMWBS: item numbers, scoring and our own neutral themes.

The licensed item wording never lives in this repository (the free licence does not
allow publishing it). An organisation loads its own copy with
`manage.py load_wellbeing_wording FILE`; see docs/wellbeing.md. The themes below are
our own one- or two-word labels, shown until the wording is loaded.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

COPYRIGHT = (
    "WEMWBS © NHS Health Scotland, University of Warwick and University of Edinburgh, "
    "2006, all rights reserved."
)

ANSWERS = [
    (1, "None of the time"),
    (2, "Rarely"),
    (3, "Some of the time"),
    (4, "Often"),
    (5, "All of the time"),
]
LOWEST_ANSWER, HIGHEST_ANSWER = 1, 5

# Neutral themes of our own, one per item number; never the item wording.
THEMES = {
    1: "outlook",
    2: "usefulness",
    3: "relaxation",
    4: "interest in others",
    5: "energy",
    6: "handling problems",
    7: "clear thinking",
    8: "self-regard",
    9: "closeness",
    10: "confidence",
    11: "own decisions",
    12: "affection",
    13: "curiosity",
    14: "cheerfulness",
}

# SWEMWBS raw score 7..35 -> metric score (the published conversion table).
SWEMWBS_METRIC = dict(
    zip(
        range(7, 36),
        (
            Decimal(value)
            for value in (  # noqa: SIM905 - the table reads as the published one does
                "7.00 9.51 11.25 12.40 13.33 14.08 14.75 15.32 15.84 16.36 16.88 17.43 "
                "17.98 18.59 19.25 19.98 20.73 21.54 22.35 23.21 24.11 25.03 26.02 27.03 "
                "28.13 29.31 30.70 32.55 35.00"
            ).split()
        ),
        strict=True,
    )
)


@dataclass(frozen=True)
class Scale:
    code: str
    name: str
    items: tuple[int, ...]
    reference_mean: Decimal
    reference_source: str
    # The usual mark of meaningful change for one person. For SWEMWBS the literature
    # says 1 to 3 metric points; we take the top of that range so as never to overclaim.
    meaningful_change: Decimal

    @property
    def lowest(self) -> int:
        return LOWEST_ANSWER * len(self.items)

    @property
    def highest(self) -> int:
        return HIGHEST_ANSWER * len(self.items)

    @property
    def has_metric(self) -> bool:
        return self.code == SWEMWBS.code

    def raw_score(self, answers: dict[int, int]) -> int | None:
        """The sum of the answers, or None unless every item is answered.

        An answer outside 1..5 is refused outright, never scored.
        """
        for item, answer in answers.items():
            if item not in self.items:
                raise ValueError(f"Item {item} is not part of {self.name}.")
            if answer is not None and not LOWEST_ANSWER <= answer <= HIGHEST_ANSWER:
                raise ValueError(f"Item {item}: {answer!r} is not an answer from 1 to 5.")
        if any(answers.get(item) is None for item in self.items):
            return None
        return sum(answers[item] for item in self.items)

    def value(self, score) -> Decimal:
        """The score a stored `WellbeingScore` shows: its metric score, or its sum."""
        return score.metric_score if self.has_metric else Decimal(score.raw_score)

    def score(self, answers: dict[int, int]) -> Decimal | None:
        """The score people see: the WEMWBS sum, or the SWEMWBS metric score."""
        raw = self.raw_score(answers)
        if raw is None:
            return None
        return metric_score(raw) if self.has_metric else Decimal(raw)


def metric_score(raw: int) -> Decimal:
    if raw not in SWEMWBS_METRIC:
        raise ValueError(f"A SWEMWBS raw score runs from 7 to 35, not {raw!r}.")
    return SWEMWBS_METRIC[raw]


WEMWBS = Scale(
    code="wemwbs",
    name="WEMWBS",
    items=tuple(range(1, 15)),
    reference_mean=Decimal("50"),
    reference_source="Health Survey for England 2016, adults",
    meaningful_change=Decimal("3"),
)
SWEMWBS = Scale(
    code="swemwbs",
    name="SWEMWBS",
    items=(1, 2, 3, 6, 7, 9, 11),
    reference_mean=Decimal("23.5"),
    reference_source="Health Survey for England 2010–13",
    meaningful_change=Decimal("3"),
)
SCALES = {WEMWBS.code: WEMWBS, SWEMWBS.code: SWEMWBS}


def current_scale() -> Scale:
    """The scale this organisation uses: the WELLBEING_SCALE setting."""
    return SCALES[settings.WELLBEING_SCALE]
