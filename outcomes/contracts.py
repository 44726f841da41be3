"""What a contract has earned: outcomes against targets, value against the cap.

Counted: verified outcomes achieved within the contract's period, recorded while the
person was coached in one of the contract's teams, for people who allow reporting
(coaching.reporting.counted, the shared rule).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count

from coaching.models import Person
from coaching.reporting import counted, left_out_count
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
    left_out: int

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


def qualifying_outcomes(contract: Contract):
    """Every outcome that would count, before the reporting rule."""
    return Outcome.objects.verified().filter(
        achieved_on__gte=contract.starts_on,
        achieved_on__lte=contract.ends_on,
        team__in=contract.teams.all(),
        type__in=contract.tariffs.values("outcome_type"),
    )


def contract_report(contract: Contract) -> ContractReport:
    outcomes = qualifying_outcomes(contract)
    achieved = dict(counted(outcomes).values_list("type").annotate(n=Count("pk")).order_by())
    tariffs = contract.tariffs.select_related("outcome_type")
    lines = [TariffLine(t, achieved.get(t.outcome_type_id, 0)) for t in tariffs]
    left_out = left_out_count(Person.objects.filter(pk__in=outcomes.values("person")))
    return ContractReport(contract=contract, lines=lines, left_out=left_out)
