"""What a contract has earned: outcomes against targets, value against each payer's cap,
and what has been claimed and paid.

Counted: verified outcomes achieved within the contract's period, recorded while the
person was coached in one of the contract's teams, for people who allow reporting
(coaching.reporting.counted, the shared rule); for a contract that counts the people
enrolled in it, only those enrolled and eligible. An outcome in a submitted claim counts
as it was claimed (its line), whatever has happened to the person since: the money
claimed never changes.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    prefetch_related_objects,
)

from budgets.money import to_pence
from coaching.reporting import counted
from outcomes.models import (
    Claim,
    ClaimLine,
    ClaimShare,
    Contract,
    ContractTariff,
    Enrolment,
    Outcome,
    OutcomeType,
    Payer,
    Payment,
)

NOTHING = Decimal("0.00")


@dataclass(frozen=True)
class TariffLine:
    tariff: ContractTariff
    # Every outcome counted: those not yet claimed, and those in submitted claims.
    achieved: int
    claimed_count: int = 0
    # The claimed outcomes' value at the tariff they were claimed at.
    claimed_value: Decimal = NOTHING

    @property
    def outcome_type(self):
        return self.tariff.outcome_type

    @property
    def value(self) -> Decimal:
        return self.tariff.tariff * (self.achieved - self.claimed_count) + self.claimed_value

    def short_of(self, target: int) -> int:
        return max(0, target - self.achieved)

    @property
    def short_of_low(self) -> int:
        return self.short_of(self.tariff.target_low)

    @property
    def short_of_median(self) -> int:
        return self.short_of(self.tariff.target_median)

    @property
    def short_of_high(self) -> int:
        return self.short_of(self.tariff.target_high)

    @property
    def beyond_high(self) -> int:
        return max(0, self.achieved - self.tariff.target_high)


@dataclass(frozen=True)
class PayerLine:
    """One payer's part: its share of the value achieved, against its own cap."""

    payer: Payer
    achieved: Decimal
    claimed: Decimal
    paid: Decimal

    @property
    def payable(self) -> Decimal:
        return min(self.achieved, self.payer.cap)

    @property
    def beyond_cap(self) -> Decimal:
        return self.achieved - self.payable

    @property
    def claimed_not_paid(self) -> Decimal:
        return max(NOTHING, self.claimed - self.paid)


@dataclass(frozen=True)
class ContractReport:
    contract: Contract
    lines: list[TariffLine]
    # People with outcomes here who chose not to be counted; None where not asked for.
    left_out: int | None
    payers: list[PayerLine] = field(default_factory=list)

    @property
    def value_achieved(self) -> Decimal:
        return sum((line.value for line in self.lines), NOTHING)

    @property
    def payable(self) -> Decimal:
        return sum((p.payable for p in self.payers), NOTHING)

    @property
    def beyond_cap(self) -> Decimal:
        return self.value_achieved - self.payable

    @property
    def cap_remaining(self) -> Decimal:
        return max(NOTHING, self.contract.cap - self.value_achieved)

    @property
    def claimed(self) -> Decimal:
        return sum((p.claimed for p in self.payers), NOTHING)

    @property
    def paid(self) -> Decimal:
        return sum((p.paid for p in self.payers), NOTHING)


def split_by_share(amount: Decimal, payers: list[Payer]) -> list[Decimal]:
    """Each payer's part of an amount, to the penny; the last takes what rounding left,
    so the parts always add up to the whole."""
    parts = [to_pence(amount * p.share / 100) for p in payers[:-1]]
    return [*parts, amount - sum(parts, NOTHING)] if payers else []


def contract_report(contract: Contract) -> ContractReport:
    return contract_reports([contract])[0]


def contract_reports(
    contracts: Iterable[Contract], *, count_left_out: bool = True
) -> list[ContractReport]:
    """The reports of these contracts, in their order: six queries however many (and
    one to read them, given a queryset); five without counting who is left out, which
    only a contract's own page shows."""
    contracts = list(contracts)
    prefetch_related_objects(
        contracts,
        Prefetch("tariffs", queryset=ContractTariff.objects.select_related("outcome_type")),
        Prefetch("payers", queryset=Payer.objects.order_by("-share", "pk")),
    )
    contract_ids = [c.pk for c in contracts]
    # Every (contract, type) is counted, paid for or not: only the contract's tariff
    # lines read the counts, and checking each of the period's outcomes against the
    # tariffs in the database took longer than the count itself.
    achieved = {
        (contract, kind): n
        for contract, kind, n in counted(_in_period_by_contract(contract_ids).exclude(claimed=True))
        .values_list("team__contracts", "type")
        .annotate(n=Count("*"))
        .order_by()
    }
    claimed_lines = {
        (contract, kind): (n, value)
        for contract, kind, n, value in _submitted(ClaimLine.objects, "claim__")
        .filter(claim__contract__in=contract_ids)
        .values_list("claim__contract", "outcome_type")
        .annotate(n=Count("*"), value=Sum("tariff"))
        .order_by()
    }
    claimed = dict(
        _submitted(ClaimShare.objects, "line__claim__")
        .filter(payer__contract__in=contract_ids)
        .values_list("payer")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    paid = dict(
        Payment.objects.filter(payer__contract__in=contract_ids)
        .values_list("payer")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    left_out = (
        dict(
            _in_period_by_contract(contract_ids, _paid_for_by_contract())
            .filter(person__share_reporting=False)
            .values_list("team__contracts")
            .annotate(n=Count("person", distinct=True))
            .order_by()
        )
        if count_left_out
        else None
    )
    reports = []
    for contract in contracts:
        lines = []
        for t in contract.tariffs.all():
            n, value = claimed_lines.get((contract.pk, t.outcome_type_id), (0, NOTHING))
            live = achieved.get((contract.pk, t.outcome_type_id), 0)
            lines.append(TariffLine(t, live + n, n, to_pence(value)))
        payers = list(contract.payers.all())
        total = sum((line.value for line in lines), NOTHING)
        reports.append(
            ContractReport(
                contract=contract,
                lines=lines,
                left_out=None if left_out is None else left_out.get(contract.pk, 0),
                payers=[
                    PayerLine(
                        payer,
                        part,
                        to_pence(claimed.get(payer.pk, NOTHING)),
                        to_pence(paid.get(payer.pk, NOTHING)),
                    )
                    for payer, part in zip(payers, split_by_share(total, payers), strict=True)
                ],
            )
        )
    return reports


def counted_for_contract(contract: Contract) -> QuerySet:
    """The outcomes this contract counts, not yet in a submitted claim: what a claim
    may take. With `type` and `person`, earliest first."""
    return (
        counted(_in_period_by_contract([contract.pk]))
        .filter(team__contracts=contract)
        .exclude(claimed=True)
    )


def _in_period_by_contract(contract_ids: list[int], *also) -> QuerySet:
    """Verified outcomes, before the reporting rule: each joined to every contract of
    its team, left only where it falls in that contract's period and the contract takes
    the person. One filter call, so one join, which `also` (conditions on that
    contract) share."""
    return Outcome.objects.verified().filter(
        _taken_by_contract(),
        *also,
        team__contracts__in=contract_ids,
        achieved_on__gte=F("team__contracts__starts_on"),
        achieved_on__lte=F("team__contracts__ends_on"),
    )


def _taken_by_contract() -> Q:
    """The contract counts everyone in its teams, or the person is enrolled in it and
    was eligible."""
    enrolled = Enrolment.objects.filter(
        contract=OuterRef("team__contracts"), person=OuterRef("person"), eligible=True
    )
    return Q(team__contracts__takes=Contract.Takes.TEAMS) | Q(Exists(enrolled))


def _submitted(manager, claim_path: str) -> QuerySet:
    return manager.filter(**{f"{claim_path}state": Claim.State.SUBMITTED})


def _paid_for_by_contract() -> Exists:
    """The outcome is of a type its contract pays for."""
    return Exists(
        ContractTariff.objects.filter(
            contract=OuterRef("team__contracts"), outcome_type=OuterRef("type")
        )
    )


@dataclass(frozen=True)
class EndedBefore:
    """How many entry outcomes ended before a sustainment point."""

    sustainment: OutcomeType
    ended: int


def contract_page_figures(contract: Contract) -> dict:
    """What only a contract's own page shows: how many enrolled were not eligible, and
    how many jobs or tenancies ended before each sustainment point. Two queries."""
    not_eligible = counted(contract.enrolments.filter(eligible=False)).count()
    types = {t.outcome_type_id: t.outcome_type for t in contract.tariffs.all()}
    sustainments = [t for t in types.values() if t.sustains_id in types]
    entries = list(
        counted(_in_period_by_contract([contract.pk]))
        .filter(ended_on__isnull=False, type__in=[t.sustains_id for t in sustainments])
        .values_list("type", "achieved_on", "ended_on")
    )
    return {
        "not_eligible": not_eligible,
        "ended_before": [
            EndedBefore(
                kind,
                sum(
                    1
                    for entry_type, began, ended in entries
                    if entry_type == kind.sustains_id and ended < kind.due_after(began)
                ),
            )
            for kind in sustainments
        ],
    }


def reporting_off_count(contract: Contract, **in_period) -> int:
    """How many people the contract would count in the period, with outcomes it pays
    for, but who turned reporting off: a claim says how many, never who."""
    return (
        _in_period_by_contract([contract.pk], _paid_for_by_contract())
        .filter(team__contracts=contract, person__share_reporting=False, **in_period)
        .values("person")
        .distinct()
        .count()
    )


def age_on(born: date, on: date) -> int:
    """Age in whole years on a day."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
