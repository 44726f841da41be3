"""The generated organisation's outcomes and contracts hold to the services' rules."""

import pytest
from django.utils import timezone

from benchmarks.scale.generate import build
from benchmarks.scale.world import Size, bench_handles
from outcomes.contracts import contract_reports
from outcomes.demo import SIB_TARIFFS
from outcomes.models import Contract, Outcome
from outcomes.services import due_sustainment_checks, sustainment_problem


@pytest.mark.django_db
def test_the_generator_writes_outcomes_the_services_would_accept():
    size = Size(teams=2, coaches=4, people=80, contacts=800, long_history=40)
    build(size, seed=4, prefix="g-", progress=lambda line: None)
    outcomes = list(
        Outcome.objects.select_related("type", "sustains", "person__current_relationship__coach")
    )
    assert len(outcomes) > size.people / 2
    for outcome in outcomes:
        assert outcome.achieved_on <= timezone.localdate()
        assert outcome.team_id == outcome.person.current_relationship.coach.team_id
        if outcome.type.is_sustainment:
            assert outcome.sustains.person_id == outcome.person_id
            assert not sustainment_problem(outcome.type, outcome.sustains, outcome.achieved_on)
        else:
            assert outcome.sustains is None
    assert Outcome.objects.verified().exists()
    assert Outcome.objects.awaiting_verification().exists()
    assert Outcome.objects.filter(type__slug="moved-on").exists()
    # The bench's long story has a sustainment check due on its coach's page.
    long_person = bench_handles("g-")["long_person"]
    theirs = list(long_person.outcomes.select_related("person", "type"))
    assert [check.person for check in due_sustainment_checks(theirs)] == [long_person]
    (report,) = contract_reports(Contract.objects.all())
    assert len(report.lines) == len(SIB_TARIFFS) and report.contract.teams.count() == 2
    assert report.value_achieved > 0
