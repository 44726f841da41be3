"""`page_of` gives the pages Django's Paginator gives, counting only when it must."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coaching.models import Theme
from helpers.paging import page_of


def themes(n: int):
    Theme.objects.all().delete()
    Theme.objects.bulk_create(
        Theme(slug=f"theme-{i}", name=f"Theme {i}", position=i) for i in range(n)
    )
    return Theme.objects.order_by("position")


def described(page) -> tuple:
    return (
        [theme.name for theme in page.object_list],
        page.number,
        page.paginator.count,
        page.paginator.num_pages,
        page.has_next(),
        page.has_previous(),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("n", [0, 1, 4, 5, 6, 12])
@pytest.mark.parametrize("number", [None, "", "1", "2", "3", "99", "nonsense"])
def test_the_same_pages_as_djangos_paginator(n, number):
    rows = themes(n)
    assert described(page_of(rows, number, 5)) == described(Paginator(rows, 5).get_page(number))


@pytest.mark.django_db
def test_a_first_page_that_holds_everything_is_read_in_one_query():
    rows = themes(4)
    with CaptureQueriesContext(connection) as captured:
        page = page_of(rows, None, 5)
        assert page.paginator.count == 4 and not page.has_next()
    assert len(captured) == 1


@pytest.mark.django_db
def test_a_full_first_page_counts_the_rest():
    rows = themes(12)
    with CaptureQueriesContext(connection) as captured:
        page = page_of(rows, "1", 5)
        assert page.paginator.num_pages == 3 and page.has_next()
    assert [query["sql"].startswith("SELECT COUNT") for query in captured] == [False, True]
