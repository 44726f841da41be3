"""What a contract has earned: outcomes against targets, value against the cap.

Counted: verified outcomes achieved within the contract's period, recorded while the
person was coached in one of the contract's teams, for people who allow reporting
(coaching.reporting.counted, the shared rule).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    QuerySet,
    prefetch_related_objects,
)

from coaching.reporting import counted
from outcomes.models import Contract, ContractTariff, Outcome


@dataclass(frozen=True)
class TariffLine:
    tariff: ContractTariff
    achieved: int

    @property
    def outcome_type(self):
        return self.tariff.outcome_type

    @property
    def value(self) -> Decimal:
        return self.tariff.tariff * self.achieved

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
class ContractReport:
    contract: Contract
    lines: list[TariffLine]
    # People with outcomes here who chose not to be counted; None where not asked for.
    left_out: int | None

    @property
    def value_achieved(self) -> Decimal:
        return sum((line.value for line in self.lines), Decimal("0.00"))

    @property
    def payable(self) -> Decimal:
        return min(self.value_achieved, self.contract.cap)

    @property
    def beyond_cap(self) -> Decimal:
        return max(Decimal("0.00"), self.value_achieved - self.contract.cap)

    @property
    def cap_remaining(self) -> Decimal:
        return max(Decimal("0.00"), self.contract.cap - self.value_achieved)


def contract_report(contract: Contract) -> ContractReport:
    return contract_reports([contract])[0]


def contract_reports(
    contracts: Iterable[Contract], *, count_left_out: bool = True
) -> list[ContractReport]:
    """The reports of these contracts, in their order: three queries however many (and
    one to read them, given a queryset); two without counting who is left out, which
    only a contract's own page shows."""
    contracts = list(contracts)
    prefetch_related_objects(
        contracts,
        Prefetch("tariffs", queryset=ContractTariff.objects.select_related("outcome_type")),
    )
    contract_ids = [c.pk for c in contracts]
    # Every (contract, type) is counted, paid for or not: only the contract's tariff
    # lines read the counts, and checking each of the period's outcomes against the
    # tariffs in the database took longer than the count itself.
    achieved = {
        (contract, kind): n
        for contract, kind, n in counted(_in_period_by_contract(contract_ids))
        .values_list("team__contracts", "type")
        .annotate(n=Count("*"))
        .order_by()
    }
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
    return [
        ContractReport(
            contract=contract,
            lines=[
                TariffLine(t, achieved.get((contract.pk, t.outcome_type_id), 0))
                for t in contract.tariffs.all()
            ],
            left_out=None if left_out is None else left_out.get(contract.pk, 0),
        )
        for contract in contracts
    ]


def _in_period_by_contract(contract_ids: list[int], *also) -> QuerySet:
    """Verified outcomes, before the reporting rule: each joined to every contract of
    its team, left only where it falls in that contract's period. One filter call, so one
    join, which `also` (conditions on that contract) share."""
    return Outcome.objects.verified().filter(
        *also,
        team__contracts__in=contract_ids,
        achieved_on__gte=F("team__contracts__starts_on"),
        achieved_on__lte=F("team__contracts__ends_on"),
    )


def _paid_for_by_contract() -> Exists:
    """The outcome is of a type its contract pays for."""
    return Exists(
        ContractTariff.objects.filter(
            contract=OuterRef("team__contracts"), outcome_type=OuterRef("type")
        )
    )
