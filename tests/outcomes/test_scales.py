"""Scoring WEMWBS and SWEMWBS exactly as published."""

from decimal import Decimal

import pytest

from outcomes.scales import SWEMWBS, SWEMWBS_METRIC, THEMES, WEMWBS, metric_score

# The published SWEMWBS conversion table, raw 7 to 35.
PUBLISHED_TABLE = (
    "7.00, 9.51, 11.25, 12.40, 13.33, 14.08, 14.75, 15.32, 15.84, 16.36, 16.88, 17.43, 17.98, "
    "18.59, 19.25, 19.98, 20.73, 21.54, 22.35, 23.21, 24.11, 25.03, 26.02, 27.03, 28.13, 29.31, "
    "30.70, 32.55, 35.00"
)
PUBLISHED = PUBLISHED_TABLE.split(", ")


def answers_summing_to(raw: int) -> dict[int, int]:
    """Seven SWEMWBS answers that add up to `raw`."""
    answers, left = {}, raw
    for index, item in enumerate(SWEMWBS.items):
        still_to_fill = len(SWEMWBS.items) - index - 1
        answer = min(5, left - still_to_fill)
        answers[item], left = answer, left - answer
    return answers


@pytest.mark.parametrize(("raw", "metric"), list(zip(range(7, 36), PUBLISHED, strict=True)))
def test_every_swemwbs_raw_score_converts_by_the_published_table(raw, metric):
    answers = answers_summing_to(raw)
    assert sum(answers.values()) == raw
    assert SWEMWBS.raw_score(answers) == raw
    assert SWEMWBS.score(answers) == Decimal(metric)
    assert metric_score(raw) == Decimal(metric)


def test_the_conversion_table_has_exactly_the_29_raw_scores():
    assert sorted(SWEMWBS_METRIC) == list(range(7, 36))


def test_swemwbs_items_are_1_2_3_6_7_9_11():
    assert SWEMWBS.items == (1, 2, 3, 6, 7, 9, 11)


@pytest.mark.parametrize(
    ("scale", "answer", "raw", "score"),
    [
        (WEMWBS, 1, 14, Decimal(14)),
        (WEMWBS, 5, 70, Decimal(70)),
        (SWEMWBS, 1, 7, Decimal("7.00")),
        (SWEMWBS, 5, 35, Decimal("35.00")),
    ],
)
def test_scores_at_the_boundaries(scale, answer, raw, score):
    answers = dict.fromkeys(scale.items, answer)
    assert scale.raw_score(answers) == raw
    assert scale.score(answers) == score
    assert (scale.lowest, scale.highest) == ((14, 70) if scale is WEMWBS else (7, 35))


@pytest.mark.parametrize("scale", [WEMWBS, SWEMWBS])
@pytest.mark.parametrize("missing", ["dropped", "none"])
def test_a_missing_item_gives_no_score(scale, missing):
    for item in scale.items:
        answers = dict.fromkeys(scale.items, 3)
        if missing == "dropped":
            del answers[item]
        else:
            answers[item] = None
        assert scale.raw_score(answers) is None
        assert scale.score(answers) is None


@pytest.mark.parametrize("bad", [0, 6, -1, 99])
def test_an_answer_out_of_range_is_refused(bad):
    answers = dict.fromkeys(SWEMWBS.items, 3)
    answers[6] = bad
    with pytest.raises(ValueError, match="not an answer from 1 to 5"):
        SWEMWBS.score(answers)


def test_an_item_outside_the_short_scale_is_refused():
    answers = dict.fromkeys(SWEMWBS.items, 3) | {4: 3}
    with pytest.raises(ValueError, match="not part of SWEMWBS"):
        SWEMWBS.score(answers)


@pytest.mark.parametrize("raw", [6, 36])
def test_a_raw_score_outside_7_to_35_has_no_metric_score(raw):
    with pytest.raises(ValueError):
        metric_score(raw)


def test_every_item_has_a_short_neutral_theme_of_our_own():
    assert sorted(THEMES) == list(range(1, 15))
    assert all(1 <= len(theme.split()) <= 3 for theme in THEMES.values())
