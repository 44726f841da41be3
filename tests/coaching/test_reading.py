"""Rows read together (coaching.reading) and made into instances."""

import pytest

from coaching.models import Goal
from coaching.reading import Part, as_instances, display_name, read_together
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
