"""Every page runs the same number of queries however much data there is.

Builds two organisations with the benchmark's generator, a small one and one several
times larger, and visits every page in the benchmark's table for each. A page whose
count grows with the data (an N+1, a query per row) fails here long before it is slow.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from benchmarks.pages import PAGES
from benchmarks.scale.generate import build
from benchmarks.scale.world import Size, bench_handles

SMALLER = Size(teams=1, coaches=2, people=6, contacts=60, long_history=25)
LARGER = Size(teams=3, coaches=6, people=40, contacts=900, long_history=90)


def queries_per_page(prefix: str) -> dict[str, int]:
    handles = bench_handles(prefix)
    counts = {}
    for page in PAGES:
        client = Client()
        client.force_login(handles[page.user])
        for attempt in ("warm", "counted"):
            with CaptureQueriesContext(connection) as queries:
                response = page.visit(client, handles)
            assert response.status_code == page.expect, (page.name, attempt)
        counts[page.name] = len(queries)
    return counts


@pytest.mark.django_db
def test_every_page_runs_the_same_queries_at_two_data_sizes():
    build(SMALLER, seed=1, prefix="small-", progress=lambda line: None)
    smaller = queries_per_page("small-")
    build(LARGER, seed=2, prefix="large-", progress=lambda line: None)
    larger = queries_per_page("large-")
    assert larger == smaller


@pytest.mark.django_db
def test_the_larger_organisation_really_is_larger():
    build(SMALLER, seed=1, prefix="small-", progress=lambda line: None)
    build(LARGER, seed=2, prefix="large-", progress=lambda line: None)
    small, large = bench_handles("small-"), bench_handles("large-")
    assert large["long_person"].contacts.count() == 90 > small["long_person"].contacts.count()
    assert large["coach"].relationships.count() > small["coach"].relationships.count()
