"""Recording and verifying outcomes; the sustainment date rules."""

from datetime import date

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.urls import reverse

from coaching.models import AccessLogEntry
from outcomes import services
from outcomes.export import outcomes as outcomes_export
from outcomes.export import wellbeing_scores as scores_export
from outcomes.models import Outcome, OutcomeType, add_months
from outcomes.scales import SWEMWBS
from tests.conftest import shows_word
from tests.outcomes.helpers import load_wording, make_outcome, outcome_type


def new_url(person):
    return reverse("outcomes:outcome_new", args=[person.pk])


def test_outcome_types_are_seeded_from_the_design(db):
    names = list(OutcomeType.objects.values_list("name", flat=True))
    assert names[0] == "Entered accommodation" and len(names) == 12
    # The last, counted from the contact log rather than recorded (outcomes/starts.py).
    assert names[-1] == "Successful start" and outcome_type("successful-start").from_contact_log
    assert outcome_type("accommodation-12-months").sustains == outcome_type("entered-accommodation")
    assert outcome_type("employment-26-weeks").sustain_weeks == 26


def test_coach_records_an_outcome_which_awaits_verification(coach_client, coach, person):
    response = coach_client.post(
        new_url(person),
        {
            "type": outcome_type("entered-employment").pk,
            "achieved_on": "2025-06-02",
            "evidence": "Contract seen",
        },
    )
    assert response.status_code == 302
    outcome = Outcome.objects.get(person=person)
    assert (outcome.recorded_by, outcome.team, outcome.is_verified) == (coach, coach.team, False)
    assert AccessLogEntry.objects.filter(person=person, viewer=coach).count() == 1


@pytest.mark.parametrize(
    ("slug", "entry", "earliest"),
    [
        ("accommodation-3-months", date(2025, 1, 15), date(2025, 4, 15)),
        ("accommodation-6-months", date(2025, 1, 15), date(2025, 7, 15)),
        ("accommodation-12-months", date(2025, 1, 15), date(2026, 1, 15)),
        ("accommodation-3-months", date(2024, 11, 30), date(2025, 2, 28)),
        ("employment-13-weeks", date(2025, 1, 6), date(2025, 4, 7)),
        ("employment-26-weeks", date(2025, 1, 6), date(2025, 7, 7)),
    ],
)
@time_machine.travel(date(2026, 6, 1))
def test_a_sustainment_cannot_be_dated_before_its_entry_plus_the_period(
    coach, person, slug, entry, earliest
):
    entry_slug = outcome_type(slug).sustains.slug
    entry_outcome = make_outcome(person, entry_slug, entry, by=coach)
    day_before = date.fromordinal(earliest.toordinal() - 1)
    with pytest.raises(ValueError, match="at the earliest"):
        make_outcome(person, slug, day_before, by=coach, sustains=entry_outcome)
    sustained = make_outcome(person, slug, earliest, by=coach, sustains=entry_outcome)
    assert sustained.sustains == entry_outcome


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert add_months(date(2025, 3, 15), 12) == date(2026, 3, 15)


def post_three_months_sustained(client, person, entry, achieved_on: str):
    """The outcome form, sent for accommodation sustained 3 months after `entry`."""
    return client.post(
        new_url(person),
        {
            "type": outcome_type("accommodation-3-months").pk,
            "sustains": entry.pk,
            "achieved_on": achieved_on,
            "evidence": "Rent account",
        },
    )


def test_the_form_refuses_an_early_sustainment_with_a_clear_message(coach_client, coach, person):
    entry = make_outcome(person, "entered-accommodation", date(2025, 1, 15), by=coach)
    response = post_three_months_sustained(coach_client, person, entry, "2025-04-14")
    assert response.status_code == 200
    assert response.context["form"].errors["achieved_on"] == [
        "Accommodation sustained 3 months can be dated 15 April 2025 at the earliest."
    ]
    assert Outcome.objects.count() == 1


def test_a_sustainment_needs_its_entry_and_the_right_kind(coach, person):
    job = make_outcome(person, "entered-employment", date(2024, 1, 1), by=coach)
    kind = outcome_type("accommodation-3-months")
    assert "Choose the entered accommodation" in services.sustainment_problem(
        kind, None, date.today()
    )
    assert "follows entered accommodation" in services.sustainment_problem(kind, job, date.today())
    volunteering = outcome_type("volunteering")
    assert "Only a sustainment" in services.sustainment_problem(volunteering, job, date.today())


def test_each_sustainment_is_recorded_once_per_entry(coach, person):
    entry = make_outcome(person, "entered-accommodation", date(2024, 1, 1), by=coach)
    make_outcome(person, "accommodation-3-months", date(2024, 4, 1), by=coach, sustains=entry)
    with pytest.raises(services.AlreadyRecorded, match="sustainment is already recorded"):
        make_outcome(person, "accommodation-3-months", date(2024, 5, 1), by=coach, sustains=entry)
    # Refused by the database itself, not only by the service's words.
    with pytest.raises(IntegrityError), transaction.atomic():
        Outcome.objects.create(
            person=person,
            type=outcome_type("accommodation-3-months"),
            achieved_on=date(2024, 5, 1),
            sustains=entry,
            recorded_by=coach,
        )


def test_the_form_says_plainly_when_a_sustainment_is_already_recorded(coach_client, coach, person):
    entry = make_outcome(person, "entered-accommodation", date(2024, 1, 1), by=coach)
    make_outcome(person, "accommodation-3-months", date(2024, 4, 1), by=coach, sustains=entry)
    response = post_three_months_sustained(coach_client, person, entry, "2024-05-01")
    page = response.content.decode()
    assert "That sustainment is already recorded for this outcome." in page
    assert "Constraint" not in page and "outcome_one_sustainment" not in page
    assert Outcome.objects.count() == 2


def test_future_outcomes_are_refused(coach_client, person):
    response = coach_client.post(
        new_url(person),
        {"type": outcome_type("volunteering").pk, "achieved_on": "2999-01-01", "evidence": "x"},
    )
    assert response.context["form"].errors["achieved_on"]
    assert not Outcome.objects.exists()


@time_machine.travel(date(2025, 4, 1))
def test_coach_page_shows_sustainment_checks_falling_due_soon(coach_client, coach, person):
    entry = make_outcome(person, "entered-accommodation", date(2025, 1, 10), by=coach)
    make_outcome(person, "entered-employment", date(2025, 3, 1), by=coach)
    outcomes = Outcome.objects.filter(person=person).select_related("person", "type")
    checks = services.due_sustainment_checks(list(outcomes))
    assert [(c.outcome_type.slug, c.due_on) for c in checks] == [
        ("accommodation-3-months", date(2025, 4, 10))
    ]
    page = coach_client.get(person.get_absolute_url()).content.decode()
    assert "Sustainment checks due" in page
    assert f"?type={checks[0].outcome_type.pk}&amp;sustains={entry.pk}" in page


def test_manager_verifies_an_outcome_and_the_look_is_logged(client, manager, coach, person):
    outcome = make_outcome(person, "volunteering", date(2025, 2, 1), by=coach)
    client.force_login(manager)
    listing = client.get(reverse("outcomes:outcomes_to_verify")).content.decode()
    assert "Volunteering" in listing and not shows_word(listing, "Sam")
    url = reverse("outcomes:outcome_verify", args=[outcome.pk])
    assert "Seen the letter" in client.get(url).content.decode()
    assert AccessLogEntry.objects.filter(person=person, viewer=manager).count() == 1
    client.post(url)
    outcome.refresh_from_db()
    assert (outcome.verified_by, outcome.is_verified) == (manager, True)
    assert services.outcome_verify(outcome=outcome, by=manager) is False


def test_outcome_pages_refuse_outsiders_wrong_roles_and_anonymous(client, outsider, coach, person):
    outcome = make_outcome(person, "volunteering", date(2025, 2, 1), by=coach)
    verify = reverse("outcomes:outcome_verify", args=[outcome.pk])
    client.force_login(outsider)
    assert client.get(new_url(person)).status_code == 404
    assert client.post(new_url(person), {"type": outcome.type_id}).status_code == 404
    for user in (coach, person.user):
        client.force_login(user)
        assert client.get(verify).status_code == 403
        assert client.post(verify).status_code == 403
    client.force_login(person.user)
    assert client.get(new_url(person)).status_code == 403
    client.logout()
    for url in (new_url(person), verify):
        assert "/accounts/login/" in client.get(url)["Location"]
    outcome.refresh_from_db()
    assert not outcome.is_verified
    assert Outcome.objects.count() == 1


def test_manager_gets_404_for_an_outcome_that_does_not_exist(manager_client):
    assert manager_client.get(reverse("outcomes:outcome_verify", args=[999])).status_code == 404


def test_the_person_sees_their_outcomes_and_their_export_has_scores_and_outcomes(
    person_client, coach, manager, person
):
    make_outcome(person, "gained-qualification", date(2025, 2, 1), by=coach, verified_by=manager)
    load_wording()
    services.wellbeing_record(
        person=person, answers=dict.fromkeys(SWEMWBS.items, 3), by=person.user
    )
    page = person_client.get(reverse("coaching:me")).content.decode()
    assert "Gained a qualification" in page
    scores = scores_export(person)
    assert scores.title == "Your wellbeing scores"
    assert scores.rows[0]["score"] == "19.25" and scores.rows[0]["raw_score"] == 21
    assert scores.rows[0]["answers"] == {str(n): 3 for n in SWEMWBS.items}
    outcomes = outcomes_export(person)
    assert outcomes.title == "Outcomes"
    assert outcomes.rows[0]["outcome"] == "Gained a qualification"
    assert outcomes.rows[0]["verified"] is True


def test_the_export_registry_holds_both_sections(person):
    from coaching.export import gather

    keys = [section.key for section in gather(person)]
    assert "wellbeing_scores" in keys and "outcomes" in keys


def test_the_same_outcome_on_the_same_day_is_refused_with_a_clear_message(
    coach_client, coach, person
):
    posted = {
        "type": outcome_type("entered-employment").pk,
        "achieved_on": "2025-06-02",
        "evidence": "Contract seen",
    }
    assert coach_client.post(new_url(person), posted).status_code == 302
    response = coach_client.post(new_url(person), posted)
    assert response.status_code == 200
    assert "already has Entered employment on that day" in response.content.decode()
    assert Outcome.objects.filter(person=person).count() == 1
    on_another_day = {**posted, "achieved_on": "2025-09-01"}
    assert coach_client.post(new_url(person), on_another_day).status_code == 302


def test_the_database_refuses_the_same_outcome_sent_twice_at_once(
    coach_client, coach, person, monkeypatch
):
    """Two coaches sending it at the same moment both pass the form's check: the
    database keeps one, and the second is told why, not shown an error page."""
    from outcomes import forms as outcome_forms

    kind = outcome_type("entered-employment")
    services.outcome_record(
        person=person, outcome_type=kind, achieved_on=date(2025, 6, 2), evidence="Seen", by=coach
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Outcome.objects.create(
            person=person, type=kind, achieved_on=date(2025, 6, 2), recorded_by=coach
        )
    with pytest.raises(services.AlreadyRecorded, match="already has Entered employment"):
        services.outcome_record(
            person=person,
            outcome_type=kind,
            achieved_on=date(2025, 6, 2),
            evidence="Seen",
            by=coach,
        )
    monkeypatch.setattr(outcome_forms, "recorded_that_day", lambda *args: None)  # the race
    posted = {"type": kind.pk, "achieved_on": "2025-06-02", "evidence": "Contract seen"}
    response = coach_client.post(new_url(person), posted)
    assert response.status_code == 200
    assert "already has Entered employment on that day" in response.content.decode()
    assert "already has Entered employment" in response.context["form"].errors["achieved_on"][0]
    assert Outcome.objects.filter(person=person).count() == 1


@pytest.mark.postgres
def test_the_migration_names_what_was_recorded_twice_before_it(coach, person):
    """Data from before the constraint may hold an outcome twice: the migration says
    which, rather than failing on the index. (PostgreSQL: the constraint comes off and
    back inside the test's transaction.)"""
    import importlib

    from django.apps import apps
    from django.db import connection

    migration = importlib.import_module(
        "outcomes.migrations.0008_one_outcome_a_day_and_one_contract_a_name"
    )
    migration.refuse_if_recorded_twice(apps, None)  # nothing twice: nothing said
    [constraint] = [
        c for c in Outcome._meta.constraints if c.name == "outcome_once_a_day_of_each_type"
    ]
    with connection.schema_editor() as editor:
        editor.remove_constraint(Outcome, constraint)
    kind = outcome_type("entered-employment")
    for _ in range(2):
        Outcome.objects.create(
            person=person, type=kind, achieved_on=date(2025, 6, 2), recorded_by=coach
        )
    with pytest.raises(
        RuntimeError, match=f"outcome {kind.pk} for person {person.pk} on 2025-06-02"
    ):
        migration.refuse_if_recorded_twice(apps, None)
