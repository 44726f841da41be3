"""The outcomes app's files of an import (coaching/importer.py, docs/import.md):
wellbeing.csv, outcomes.csv, and contracts with their tariffs, payers, enrolments, past
claims and payments, each written through this app's own service."""

import functools
from decimal import Decimal, InvalidOperation

from coaching.importer import ImportFile, import_file, parse_date, parse_moment
from coaching.models import Team, User
from outcomes.models import (
    Claim,
    Contract,
    Enrolment,
    Outcome,
    OutcomeType,
    Payment,
    WellbeingScore,
)
from outcomes.scales import SCALES, current_scale
from outcomes.services import (
    ContractRefused,
    PayerTerms,
    WellbeingNotShared,
    claim_record_past,
    contract_create,
    enrolment_make,
    outcome_record,
    payment_record,
    wellbeing_record,
)

# The longest texts the models hold, as the forms hold them.
EVIDENCE_LIMIT = Outcome._meta.get_field("evidence").max_length
CONTRACT_WORDS_LIMIT = Contract._meta.get_field("name").max_length


def _answer(text: str) -> int:
    if text not in {"1", "2", "3", "4", "5"}:
        raise ValueError("an answer from 1 to 5")
    return int(text)


@import_file
class Wellbeing(ImportFile):
    name, order, required = "wellbeing", 60, ["ref", "person", "date"]
    refusals = (WellbeingNotShared,)

    def check(self, importing, rows):
        for number, row in importing.new_rows("wellbeing", WellbeingScore, rows):
            person = importing.person("wellbeing", number, row)
            when = importing.value("wellbeing", number, row, "date", parse_moment)
            code = row.get("scale", "").lower() or current_scale().code
            scale = SCALES.get(code)
            if scale is None:
                importing.problem("wellbeing", number, "scale", "is wemwbs or swemwbs")
                continue
            answers = {}
            for item in scale.items:
                answer = importing.value("wellbeing", number, row, f"item_{item}", _answer)
                if answer is not None:
                    answers[item] = answer
            # wellbeing_record refuses it too; named here, every one is reported at once.
            if person and not person["wellbeing"]:
                importing.problem(
                    "wellbeing",
                    number,
                    "person",
                    "this person chose not to record wellbeing scores",
                )
            importing.plan(
                "wellbeing",
                {**row, "_row": number, "when": when, "scale": scale, "answers": answers},
            )

    def write(self, importing, row):
        person = importing.saved_person(row["person"], "current_relationship__coach")
        score = wellbeing_record(
            person=person,
            answers=row["answers"],
            by=person.current_relationship.coach,
            scale=row["scale"],
            at=row["when"],
            # Answered outside Mayday, on the organisation's own forms.
            from_paper=True,
        )
        WellbeingScore.objects.filter(pk=score.pk).update(import_ref=row["ref"])


@import_file
class Outcomes(ImportFile):
    name, order, required = "outcomes", 70, ["ref", "person", "type", "date", "evidence"]

    def check(self, importing, rows):
        types = {}
        for kind in OutcomeType.objects.all():
            types[kind.slug.lower()] = types[kind.name.lower()] = kind
        named = {r.get("sustains", "") for _, r in rows} - {""}
        refs = {r["ref"] for _, r in rows} | set(
            Outcome.objects.filter(import_ref__in=named).values_list("import_ref", flat=True)
        )
        for number, row in importing.new_rows("outcomes", Outcome, rows):
            importing.person("outcomes", number, row)
            achieved = importing.value("outcomes", number, row, "date", parse_date)
            kind = types.get(row["type"].lower())
            if kind is None:
                importing.problem("outcomes", number, "type", f"no outcome type {row['type']!r}")
            if not row["evidence"]:
                importing.problem("outcomes", number, "evidence", "is empty")
            importing.within("outcomes", number, row, "evidence", EVIDENCE_LIMIT)
            sustains = row.get("sustains", "")
            if sustains and sustains not in refs:
                importing.problem(
                    "outcomes", number, "sustains", f"no outcome with ref {sustains!r}"
                )
            if kind and kind.is_sustainment and not sustains:
                importing.problem(
                    "outcomes", number, "sustains", f"{kind.name} names the outcome it sustains"
                )
            importing.plan("outcomes", {**row, "_row": number, "achieved": achieved, "kind": kind})

    def write(self, importing, row):
        person = importing.saved_person(row["person"], "current_relationship__coach")
        sustains = row.get("sustains", "")
        outcome = outcome_record(
            person=person,
            outcome_type=row["kind"],
            achieved_on=row["achieved"],
            evidence=row["evidence"],
            by=person.current_relationship.coach,
            sustains=Outcome.objects.get(import_ref=sustains) if sustains else None,
        )
        Outcome.objects.filter(pk=outcome.pk).update(import_ref=row["ref"])


# Contracts: set up with their tariffs and payers in one call to contract_create, so an
# imported contract is refused an overlap exactly as one set up on the page is.


def _money(text: str) -> Decimal:
    try:
        value = Decimal(text.replace("£", "").replace(",", ""))
    except InvalidOperation:
        raise ValueError("an amount in pounds") from None
    if value < 0 or value != value.quantize(Decimal("0.01")):
        raise ValueError("an amount in pounds and pence, not below 0")
    return value


def _whole(text: str) -> int:
    if not text.isdigit():
        raise ValueError("a whole number")
    return int(text)


def _known_contracts(importing) -> dict:
    """Contracts by name, lower case: those already there, then those this import sets
    up (as their planned rows)."""
    if not hasattr(importing, "contracts"):
        importing.contracts = {c.name.lower(): c for c in Contract.objects.all()}
    return importing.contracts


def _contract(importing, file, number, row, column="contract"):
    """A contract named by a row: one already there, or one this import sets up."""
    name = row.get(column, "").lower()
    found = _known_contracts(importing).get(name)
    if found is None:
        importing.problem(file, number, column, f"no contract named {row.get(column)!r}")
    return found


TARIFF_KEYS = ("outcome_type", "tariff", "target_low", "target_median", "target_high")


def _saved_contract(name: str) -> Contract:
    return Contract.objects.get(name__iexact=name)


@import_file
class Contracts(ImportFile):
    name, order = "contracts", 80
    required = ["name", "funder", "starts_on", "ends_on", "teams"]

    def check(self, importing, rows):
        known = _known_contracts(importing)
        for number, row in rows:
            if not row["name"]:
                importing.problem("contracts", number, "name", "is empty")
                continue
            if row["name"].lower() in known:
                importing.already_there("contracts")
                continue
            for column in ("name", "funder"):
                importing.within("contracts", number, row, column, CONTRACT_WORDS_LIMIT)
            starts = importing.value("contracts", number, row, "starts_on", parse_date)
            ends = importing.value("contracts", number, row, "ends_on", parse_date)
            cap = importing.value("contracts", number, row, "cap", _money, required=False)
            teams = [t.strip().lower() for t in row["teams"].split(";") if t.strip()]
            for team in teams:
                if team not in importing.teams:
                    importing.problem("contracts", number, "teams", f"no team named {team!r}")
            takes = row.get("takes", "").lower() or Contract.Takes.TEAMS
            if takes not in Contract.Takes.values:
                importing.problem("contracts", number, "takes", "is teams or enrolled")
            rules = {
                f: importing.value("contracts", number, row, f, _whole, required=False)
                for f in ("min_age", "max_age", "start_contacts", "start_weeks")
            }
            known[row["name"].lower()] = row
            importing.plan(
                "contracts",
                {
                    **row,
                    "_row": number,
                    "fields": {
                        "name": row["name"],
                        "funder": row["funder"],
                        "starts_on": starts,
                        "ends_on": ends,
                        "cap": cap,
                        "takes": takes,
                        **rules,
                    },
                    "team_names": teams,
                },
            )

    def write(self, importing, row):
        name = row["name"].lower()
        contract_create(
            fields=row["fields"],
            teams=[t for t in Team.objects.all() if t.name.lower() in row["team_names"]],
            tariffs=[
                {k: t[k] for k in TARIFF_KEYS}
                for t in importing.rows.get("contract_tariffs", [])
                if t["contract"].lower() == name
            ],
            payers=[
                PayerTerms(p["name"], p["share"], p["cap"])
                for p in importing.rows.get("contract_payers", [])
                if p["contract"].lower() == name
            ],
        )


@import_file
class ContractTariffs(ImportFile):
    """Written with their contract (Contracts.write)."""

    name, order = "contract_tariffs", 81
    required = ["contract", "type", "tariff", "low", "median", "high"]

    def check(self, importing, rows):
        types = {}
        for kind in OutcomeType.objects.all():
            types[kind.slug.lower()] = types[kind.name.lower()] = kind
        for number, row in rows:
            contract = _contract(importing, "contract_tariffs", number, row)
            if isinstance(contract, Contract):
                importing.already_there("contract_tariffs")
                continue
            kind = types.get(row["type"].lower())
            if kind is None:
                importing.problem(
                    "contract_tariffs", number, "type", f"no outcome type {row['type']!r}"
                )
            value = functools.partial(importing.value, "contract_tariffs", number, row)
            importing.plan(
                "contract_tariffs",
                {
                    **row,
                    "_row": number,
                    "outcome_type": kind,
                    "tariff": value("tariff", _money),
                    "target_low": value("low", _whole),
                    "target_median": value("median", _whole),
                    "target_high": value("high", _whole),
                },
            )

    def write(self, importing, row):
        pass


@import_file
class ContractPayers(ImportFile):
    """Written with their contract (Contracts.write)."""

    name, order = "contract_payers", 82
    required = ["contract", "name", "share"]

    def check(self, importing, rows):
        for number, row in rows:
            contract = _contract(importing, "contract_payers", number, row)
            if isinstance(contract, Contract):
                importing.already_there("contract_payers")
                continue
            value = functools.partial(importing.value, "contract_payers", number, row)
            importing.plan(
                "contract_payers",
                {
                    **row,
                    "_row": number,
                    "share": value("share", _money),
                    "cap": value("cap", _money, required=False),
                },
            )

    def write(self, importing, row):
        pass


@import_file
class Enrolments(ImportFile):
    name, order, required = "enrolments", 83, ["ref", "contract", "person", "date"]

    def check(self, importing, rows):
        for number, row in importing.new_rows("enrolments", Enrolment, rows):
            _contract(importing, "enrolments", number, row)
            importing.person("enrolments", number, row)
            on = importing.value("enrolments", number, row, "date", parse_date)
            importing.plan("enrolments", {**row, "_row": number, "on": on})

    def write(self, importing, row):
        person = importing.saved_person(row["person"], "current_relationship__coach")
        enrolment = enrolment_make(
            contract=_saved_contract(row["contract"]),
            person=person,
            enrolled_on=row["on"],
            by=person.current_relationship.coach,
        )
        Enrolment.objects.filter(pk=enrolment.pk).update(import_ref=row["ref"])


def _manager(importing, file, number, row) -> User | None:
    found = User.objects.filter(username__iexact=row.get("by", ""), role=User.Role.MANAGER).first()
    if found is None:
        importing.problem(file, number, "by", f"no manager with username {row.get('by')!r}")
    return found


@import_file
class Claims(ImportFile):
    """Past claims, as they were submitted; their lines in claim_lines.csv."""

    name, order = "claims", 84
    required = ["ref", "contract", "from", "to", "submitted_on", "by"]

    def check(self, importing, rows):
        for number, row in importing.new_rows("claims", Claim, rows):
            _contract(importing, "claims", number, row)
            value = functools.partial(importing.value, "claims", number, row)
            importing.plan(
                "claims",
                {
                    **row,
                    "_row": number,
                    "from": value("from", parse_date),
                    "to": value("to", parse_date),
                    "submitted_on": value("submitted_on", parse_date),
                    "manager": _manager(importing, "claims", number, row),
                },
            )

    def write(self, importing, row):
        refs = [
            line["outcome"]
            for line in importing.rows.get("claim_lines", [])
            if line["claim"] == row["ref"]
        ]
        claim = claim_record_past(
            contract=_saved_contract(row["contract"]),
            period_start=row["from"],
            period_end=row["to"],
            submitted_on=row["submitted_on"],
            outcomes=list(Outcome.objects.filter(import_ref__in=refs).select_related("type")),
            by=row["manager"],
        )
        Claim.objects.filter(pk=claim.pk).update(import_ref=row["ref"])


@import_file
class ClaimLines(ImportFile):
    """Written with their claim (Claims.write)."""

    name, order, required = "claim_lines", 85, ["claim", "outcome"]

    def check(self, importing, rows):
        claims = {r["ref"] for r in importing.rows.get("claims", [])}
        outcomes = {r["ref"] for r in importing.rows.get("outcomes", [])} | set(
            Outcome.objects.filter(import_ref__in=[r["outcome"] for _, r in rows]).values_list(
                "import_ref", flat=True
            )
        )
        for number, row in rows:
            if row["claim"] not in claims:
                importing.already_there("claim_lines")
                continue
            if row["outcome"] not in outcomes:
                importing.problem(
                    "claim_lines", number, "outcome", f"no outcome with ref {row['outcome']!r}"
                )
            importing.plan("claim_lines", {**row, "_row": number})

    def write(self, importing, row):
        pass


@import_file
class Payments(ImportFile):
    name, order = "payments", 86
    required = ["ref", "claim", "payer", "amount", "date", "by"]

    def check(self, importing, rows):
        claims = {r["ref"] for r in importing.rows.get("claims", [])} | set(
            Claim.objects.exclude(import_ref="").values_list("import_ref", flat=True)
        )
        for number, row in importing.new_rows("payments", Payment, rows):
            if row["claim"] not in claims:
                importing.problem(
                    "payments", number, "claim", f"no claim with ref {row['claim']!r}"
                )
            value = functools.partial(importing.value, "payments", number, row)
            importing.plan(
                "payments",
                {
                    **row,
                    "_row": number,
                    "amount_paid": value("amount", _money),
                    "paid_on": value("date", parse_date),
                    "manager": _manager(importing, "payments", number, row),
                },
            )

    def write(self, importing, row):
        claim = Claim.objects.get(import_ref=row["claim"])
        payer = claim.contract.payers.filter(name__iexact=row["payer"]).first()
        if payer is None:
            raise ContractRefused(f"{claim.contract.name} has no payer named {row['payer']!r}.")
        payment = payment_record(
            claim=claim,
            payer=payer,
            amount=row["amount_paid"],
            paid_on=row["paid_on"],
            by=row["manager"],
        )
        Payment.objects.filter(pk=payment.pk).update(import_ref=row["ref"])
