"""Rows read together (coaching.reading) and made into instances."""

from datetime import date

import pytest
from django.db.models.functions import TruncDate

from coaching import services
from coaching.models import Goal, KeepingInTouch, Person
from coaching.reading import (
    Part,
    as_instances,
    display_name,
    read_one,
    read_together,
    rows_planned,
)
from tests.conftest import make_person


@pytest.mark.django_db
def test_rows_become_instances_with_the_rest_deferred(coach, django_assert_num_queries):
    person = make_person("Sam", coach, with_login=False)
    goal = Goal.objects.create(person=person, text="Find a flat", added_by=coach)
    part = Part(
        "goals",
        Goal.objects.filter(person=person),
        ("pk", "text"),
        computed={"by": display_name("added_by")},
    )
    (made,) = as_instances(Goal, read_together([part])["goals"], users=["by"])
    with django_assert_num_queries(0):
        assert (made.pk, made.text, made.by.display_name) == (
            goal.pk,
            "Find a flat",
            coach.display_name,
        )
    assert made.get_deferred_fields() >= {"added_at", "person_id"}
    with django_assert_num_queries(1):  # a field not read is read when asked for, never made up
        assert made.added_at == goal.added_at


def test_a_key_that_is_no_field_is_refused():
    with pytest.raises(TypeError, match="Goal has no fields"):
        as_instances(Goal, [{"pk": 1, "txet": "typo"}])


RELATED = ["current_relationship__coach", "keeping_in_touch__latest_ask", "user"]


def _read_one(person_id: int):
    return read_one(
        ("test", tuple(RELATED)),
        lambda: Person.objects.filter(pk=-1),
        {-1: person_id},
        RELATED,
    )


def _fields(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


@pytest.mark.django_db
def test_read_one_makes_what_select_related_makes(coach, django_assert_num_queries):
    person = make_person("Sam", coach)
    ask = services.contact_ask_make(person=person, how="call", words="After 3, please")
    expected = Person.objects.select_related(*RELATED).get(pk=person.pk)
    with django_assert_num_queries(1):
        found = _read_one(person.pk)
        pairs = [
            (found, expected),
            (found.current_relationship, expected.current_relationship),
            (found.current_relationship.coach, expected.current_relationship.coach),
            (found.keeping_in_touch, expected.keeping_in_touch),
            (found.keeping_in_touch.latest_ask, ask),
            (found.user, expected.user),
        ]
        for made, read in pairs:
            assert _fields(made) == _fields(read)


@pytest.mark.django_db
def test_read_one_keeps_a_missing_related_row_as_missing(coach, django_assert_num_queries):
    person = make_person("Sam", coach, with_login=False)
    with django_assert_num_queries(1):
        found = _read_one(person.pk)
        assert found.user is None
        with pytest.raises(KeepingInTouch.DoesNotExist):
            found.keeping_in_touch  # noqa: B018 - the look is the test
    assert _read_one(person.pk + 1000) is None


@pytest.mark.django_db
def test_rows_planned_are_built_once_and_read_with_each_real_value(coach):
    """Built from stand-ins once; every read gives what the queryset itself would, with
    values converted as Django converts them (a day, not SQLite's text)."""
    people = [make_person(name, coach, with_login=False) for name in ("Ann", "Bo")]
    built = []

    def build(person_id):
        def make():
            built.append(person_id)
            return (
                Person.objects.filter(pk=person_id)
                .annotate(day=TruncDate("created_at"))
                .values_list("name", "day")
            )

        return make

    stand_in = -7_399_001
    for person in people:
        rows = rows_planned("people by id", build(stand_in), {stand_in: person.pk})
        assert rows == list(build(person.pk)())
        assert rows[0][0] == person.name and isinstance(rows[0][1], date)
    assert built.count(stand_in) == 1
