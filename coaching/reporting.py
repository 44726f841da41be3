"""The reporting rule, in one place.

A person who turned "reporting" off is left out of every dashboard figure and
every export. Every figure for managers or funders starts from `counted()` (or
`Person.objects.counted_in_reports()`), and says how many were left out with
`left_out_count()`. Tests in tests/coaching/test_reporting.py hold it.
"""

from django.db.models import Exists, OuterRef, QuerySet

from coaching.models import Person


def counted(queryset: QuerySet, person_path: str = "person") -> QuerySet:
    """Rows about people who allow reporting. `person_path` leads from a row to its one
    person, e.g. "person", "request__person" (never through a relation of many, which
    would repeat rows); "" when the queryset is of people."""
    if not person_path:
        return queryset.filter(share_reporting=True)
    # Leave out the few who said no: NOT EXISTS, an anti-join on a small index, rather
    # than joining every row to its person to find the many who said yes. Not NOT IN: the
    # database cannot turn that into an anti-join, guesses it keeps half the rows, and
    # plans a small day's figures as if they were half the network's.
    said_no = Person.objects.filter(pk=OuterRef(person_path), share_reporting=False)
    return queryset.filter(~Exists(said_no))


def not_counted() -> QuerySet:
    """The ids of the people who turned reporting off (see the person_not_counted index)."""
    return Person.objects.filter(share_reporting=False).values("pk")


def left_out_count(people: QuerySet | None = None) -> int:
    """How many people chose not to be counted, for the "N people chose not to" line."""
    people = Person.objects.all() if people is None else people
    return people.filter(share_reporting=False).count()
