"""Django's pages, without a COUNT when the first page holds every row.

Most coaches' lists and most people's stories fit on one page. Asked for the first
page, `page_of` reads one row more than a page holds: if that row is not there, the
rows it has are all of them and the count is their number. Otherwise, and for every
later page, it is Django's Paginator as it is, counting when a template asks.
"""

from django.core.paginator import Page, Paginator


def page_of(rows, number, per_page: int, first: list | None = None) -> Page:
    """The page `number` of `rows`; `first`, the first page's rows and one more if there
    are more, where the caller has read them already."""
    paginator = Paginator(rows, per_page)
    if str(number or 1) != "1":
        return paginator.get_page(number)
    first = list(rows[: per_page + 1]) if first is None else first
    if len(first) <= per_page:
        paginator.count = len(first)  # a cached_property: this is its value
    return Page(first[:per_page], 1, paginator)
