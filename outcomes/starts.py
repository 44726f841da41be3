"""Successful starts: counted from the contact log by a contract's own rule.

A contract may pay for a "successful start" (the outcome type whose `from_contact_log`
is set): at least `start_contacts` contacts within `start_weeks` weeks of the contract
taking the person on. Taking on is the day of their enrolment, for a contract that
counts the people enrolled, or the first day their coaching began or began again with a
coach of its teams within its period, for one that counts everyone in its teams.

Nobody types a start in: `record()` reads the contact log and records each start it
finds as an outcome, on the day of the contact that made it, for the team of the coach
who had that contact, verified by whoever asked for the count (the contact log is the
evidence). From there it is an outcome like any other: counted, claimed and paid as the
contract's figures and claims count every outcome. `record()` runs when a claim is
prepared, and from the contract's page.

A person has at most one successful start each time a contract takes them on; people
who turned reporting off are not counted (their start is counted if they turn it back on).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from coaching.audit import audit_each
from coaching.models import AuditEvent, Contact, Person, RelationshipEvent, User
from coaching.reporting import counted
from outcomes.models import Contract, Outcome, OutcomeType
from outcomes.summary import day_starts

SUCCESSFUL_START = "successful-start"


def start_type() -> OutcomeType | None:
    return OutcomeType.objects.filter(from_contact_log=True, active=True).first()


def pays_for_starts(contract: Contract) -> bool:
    """The contract has a rule for a start and a tariff for one."""
    return (
        bool(contract.start_contacts)
        and contract.tariffs.filter(outcome_type__from_contact_log=True).exists()
    )


@dataclass(frozen=True)
class Start:
    person_id: int
    achieved_on: date
    team_id: int
    taken_on: date


def taken_on(contract: Contract) -> dict[int, date]:
    """Each person the contract takes, by id, with the day it took them on."""
    if contract.takes == Contract.Takes.ENROLLED:
        rows = contract.enrolments.filter(eligible=True).values_list("person_id", "enrolled_on")
        return dict(rows)
    first: dict[int, date] = {}
    began = RelationshipEvent.objects.filter(
        kind__in=[RelationshipEvent.Kind.BEGAN, RelationshipEvent.Kind.RESTARTED],
        coach__team__in=contract.teams.all(),
        occurred_at__gte=day_starts(contract.starts_on),
        occurred_at__lt=day_starts(contract.ends_on + timedelta(days=1)),
    ).order_by("occurred_at")
    for person_id, at in began.values_list("relationship__person_id", "occurred_at"):
        first.setdefault(person_id, timezone.localdate(at))
    return first


def starts_found(contract: Contract, kind: OutcomeType) -> list[Start]:
    """The successful starts (of the outcome type `kind`) the contact log shows, not
    recorded yet."""
    if not contract.start_contacts:
        return []
    people = taken_on(contract)
    allowed = set(counted(Person.objects.filter(pk__in=people), "").values_list("pk", flat=True))
    latest = dict(
        Outcome.objects.filter(type=kind, person__in=allowed)
        .values_list("person")
        .annotate(latest=Max("achieved_on"))
        .order_by()
    )
    window = timedelta(weeks=contract.start_weeks)
    teams = set(contract.teams.values_list("pk", flat=True))
    # Left out: people whose start since the contract took them on is recorded already.
    people = {
        pk: day
        for pk, day in people.items()
        if pk in allowed and not (pk in latest and latest[pk] >= day)
    }
    if not people:
        return []
    contacts = (
        Contact.objects.filter(
            person__in=people,
            occurred_at__gte=day_starts(min(people.values())),
            occurred_at__lt=day_starts(max(people.values()) + window),
        )
        .order_by("person_id", "occurred_at", "pk")
        .values_list("person_id", "occurred_at", "coach__team_id")
    )
    seen: dict[int, int] = {}
    found: dict[int, Start] = {}
    for person_id, at, team_id in contacts:
        began = people[person_id]
        if person_id in found or not day_starts(began) <= at < day_starts(began + window):
            continue
        seen[person_id] = seen.get(person_id, 0) + 1
        if seen[person_id] == contract.start_contacts and team_id in teams:
            found[person_id] = Start(person_id, timezone.localdate(at), team_id, began)
    return list(found.values())


class CountedMeanwhile(Exception):
    """Another count recorded one of these starts a moment ago: count again."""


def record(*, contract: Contract, by: User) -> int:
    """Record the successful starts the contact log shows for the contract, verified
    by `by`, all in one write. Returns how many. Under a lock on the contract's row, so
    two counts at once record each start once; a start recorded meanwhile by another
    contract's count (one outcome of a type a day) raises CountedMeanwhile, keeping
    nothing."""
    if not pays_for_starts(contract):
        return 0
    kind = start_type()
    now = timezone.now()
    try:
        with transaction.atomic():
            Contract.objects.select_for_update().filter(pk=contract.pk).first()
            made = Outcome.objects.bulk_create(
                Outcome(
                    person_id=start.person_id,
                    type=kind,
                    achieved_on=start.achieved_on,
                    evidence=(
                        f"{contract.start_contacts} contacts within {contract.start_weeks} "
                        f"weeks of {start.taken_on:%-d %B %Y}, counted from the contact log."
                    ),
                    team_id=start.team_id,
                    recorded_by=by,
                    recorded_at=now,
                    verified_by=by,
                    verified_at=now,
                )
                for start in starts_found(contract, kind)
            )
            audit_each(AuditEvent.Action.OUTCOME_RECORDED, actor=by, objs=made)
    except IntegrityError as clash:
        raise CountedMeanwhile from clash
    return len(made)
