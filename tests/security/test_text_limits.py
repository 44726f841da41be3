"""Every text a user types has a limit, in the form and in the database.

The form's limit comes from the model field's max_length; the database's from a
LengthLimit check constraint, which SQLite and PostgreSQL both keep. These tests run
on both (CI's PostgreSQL pass runs them there).
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, connection, models, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from budgets.models import BudgetRequest, Fund
from coaching.models import (
    CoachRequest,
    Contact,
    Goal,
    Person,
    PersonalDetails,
    RelationshipEvent,
    SystemBarrier,
)
from helpers.limits import LengthLimit
from tests.conftest import is_postgres, make_team


def text_fields():
    for app in ["coaching", "budgets", "outcomes"]:
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, models.TextField):
                    yield model, field


def test_every_text_field_has_a_limit_in_the_form_and_the_database():
    found = list(text_fields())
    assert len(found) >= 8
    for model, field in found:
        where = f"{model.__name__}.{field.name}"
        assert field.max_length, f"{where} has no max_length"
        limits = [
            c
            for c in model._meta.constraints
            if isinstance(c, LengthLimit) and c.field_name == field.name
        ]
        assert [c.limit for c in limits] == [field.max_length], f"{where} has no LengthLimit"


@pytest.fixture
def contact(person, coach):
    return Contact.objects.create(person=person, coach=coach, channel="phone")


def over_long(request_fixture, case: str):
    """A row of each kind with one text a character over its limit."""
    person = request_fixture.getfixturevalue("person")
    coach = request_fixture.getfixturevalue("coach")
    if case == "connections":
        return Contact(person=person, coach=coach, channel="phone", connections="x" * 2001)
    if case == "notes":
        return Contact(person=person, coach=coach, channel="phone", notes="x" * 10_001)
    if case == "place":
        return Contact(person=person, coach=coach, channel="phone", place="x" * 201)
    if case == "what_happened":
        contact = request_fixture.getfixturevalue("contact")
        return SystemBarrier(contact=contact, service="Council", what_happened="x" * 2001)
    if case == "reason":
        return RelationshipEvent(
            relationship=person.current_relationship, kind="ended", reason="x" * 2001
        )
    if case == "goal":
        return Goal(person=person, text="x" * 501)
    if case == "message":
        return CoachRequest(
            name="Kez", reach_by="phone", reach_details="07700 900123", message="x" * 2001,
            team=make_team(),
        )  # fmt: skip
    if case == "person name":
        return Person(name="x" * 121)
    if case == "pronouns":
        return PersonalDetails(person=person, pronouns="x" * 41)
    if case == "purpose":
        return BudgetRequest(
            person=person, purpose="x" * 2001, amount=Decimal("10"), payment_method="voucher",
            raised_by=person.user,
        )  # fmt: skip
    if case == "fund name":
        today = timezone.localdate()
        return Fund(
            name="x" * 121, funder="A trust", total=Decimal("100"), starts_on=today,
            ends_on=today + timedelta(days=1),
        )  # fmt: skip
    raise AssertionError(case)


CASES = [
    "connections",
    "notes",
    "place",
    "what_happened",
    "reason",
    "goal",
    "message",
    "person name",
    "pronouns",
    "purpose",
    "fund name",
]


# Of these a varchar: PostgreSQL refuses the value for its type (DataError) before the
# check constraint is asked; SQLite keeps no varchar's length, and only the check refuses.
VARCHARS = {"place", "person name", "pronouns", "fund name"}


@pytest.mark.parametrize("case", CASES)
def test_the_database_refuses_a_text_over_its_limit(request, case):
    row = over_long(request, case)
    refusal = DataError if case in VARCHARS and is_postgres() else IntegrityError
    with pytest.raises(refusal), transaction.atomic():
        # save() would be refused for a relationship event for another reason first.
        type(row).objects.bulk_create([row])


@pytest.mark.parametrize("case", CASES)
def test_a_text_over_its_limit_is_told_in_plain_words_without_asking_the_database(request, case):
    row = over_long(request, case)
    with CaptureQueriesContext(connection) as queries, pytest.raises(ValidationError) as refused:
        row.validate_constraints()
    assert any("Please keep this to" in m for m in refused.value.messages)
    assert not [q for q in queries.captured_queries if "LENGTH" in q["sql"].upper()]


def test_a_text_at_its_limit_is_kept(contact):
    contact.connections = "x" * 2000
    contact.save()
    barrier = SystemBarrier.objects.create(
        contact=contact, service="x" * 200, what_happened="é" * 2000
    )
    contact.refresh_from_db()
    barrier.refresh_from_db()
    assert len(contact.connections) == len(barrier.what_happened) == 2000
