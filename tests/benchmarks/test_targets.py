"""The bench holds each kind of page to the targets docs/benchmarks.md sets."""

import pytest

from benchmarks.bench import target_for
from benchmarks.pages import DASHBOARD, EVERYDAY, FLOOR


@pytest.mark.parametrize(
    ("kind", "ratio", "p95", "met"),
    [
        (EVERYDAY, 3.0, 40.0, True),
        (EVERYDAY, 3.01, 40.0, False),
        (EVERYDAY, 2.9, 120.0, True),  # held to its ratio alone
        (DASHBOARD, 15.0, 499.0, True),
        (DASHBOARD, 15.5, 300.0, False),  # a fast host's p95 does not excuse the ratio
        (DASHBOARD, 10.0, 500.0, False),
        (FLOOR, 1.0, 1000.0, True),
    ],
)
def test_each_kind_of_page_is_held_to_its_own_target(kind, ratio, p95, met):
    assert target_for(kind, ratio, p95)[1] is met


def test_the_target_says_what_it_holds_a_page_to():
    assert target_for(EVERYDAY, 1, 1)[0] == "p50 <= 3x floor"
    assert target_for(DASHBOARD, 1, 1)[0] == "p50 <= 15x floor, p95 < 500 ms"
