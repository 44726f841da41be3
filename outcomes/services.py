"""Writes for wellbeing and outcomes, and the rules they keep."""

import hmac
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone

from budgets.money import pounds, to_pence
from coaching.audit import audit
from coaching.models import (
    Activity,
    AuditEvent,
    Person,
    PersonalDetails,
    Team,
    User,
    record_activity,
)
from outcomes import starts
from outcomes.contracts import age_on, counted_for_contract, reporting_off_count, split_by_share
from outcomes.extracts import extract_rows
from outcomes.models import (
    SUSTAINED_ALREADY,
    Claim,
    ClaimLine,
    ClaimShare,
    Contract,
    ContractTariff,
    Enrolment,
    Extract,
    Outcome,
    OutcomeType,
    Payer,
    Payment,
    WellbeingScore,
)
from outcomes.scales import Scale, current_scale, metric_score
from outcomes.wellbeing import wording_loaded

SUSTAINMENT_DUE_SOON_DAYS = 28
SUSTAINMENT_STILL_SHOWN_DAYS = 90


class WellbeingNotShared(Exception):
    """The person has chosen not to have wellbeing scores recorded."""


class WellbeingNotReady(Exception):
    """The licensed wording is not loaded, so the scale cannot be answered on screen:
    only a coach can enter answers, from the official paper form."""


class AlreadyRecorded(ValueError):
    """The outcome, or the sustainment, is recorded already: two coaches sent it at once,
    or a file brought it in twice. `field`: the outcome form's field to change."""

    def __init__(self, message: str, *, field: str):
        super().__init__(message)
        self.field = field


def wellbeing_record(
    *,
    person: Person,
    answers: dict[int, int],
    by: User,
    scale: Scale | None = None,
    at=None,
    from_paper: bool = False,
) -> WellbeingScore:
    """Store one completed scale. Refuses when the person's choice is off, whatever was
    posted, and when any item is unanswered or out of range (no partial scores).

    Answered on screen, it needs the licensed wording loaded (one-word themes are not
    the scale); `from_paper`, a coach enters what the person wrote on the official form.
    """
    scale = scale or current_scale()
    if not person.share_wellbeing:
        raise WellbeingNotShared("You have chosen not to record wellbeing scores.")
    if from_paper and by.is_person:
        raise ValueError("Only a coach enters answers from the paper form.")
    if not from_paper and not wording_loaded(scale):
        raise WellbeingNotReady(
            "The questions are not set up here yet. A coach can enter answers from the "
            "official paper form."
        )
    raw = scale.raw_score(answers)
    if raw is None:
        raise ValueError("Every item needs an answer for a score.")
    answered_from = (
        WellbeingScore.AnsweredFrom.PAPER if from_paper else WellbeingScore.AnsweredFrom.WORDING
    )
    # The dashboard's WellbeingSummary follows by trigger (outcomes.triggers).
    score = _store_score(person, scale, answers, raw, by, at, answered_from)
    if by.is_person:
        record_activity(person, Activity.Kind.WELLBEING_COMPLETED, at=score.completed_at)
    return score


def _store_score(person, scale, answers, raw, by, at, answered_from) -> WellbeingScore:
    return WellbeingScore.objects.create(
        person=person,
        answered_from=answered_from,
        scale=scale.code,
        completed_at=at or timezone.now(),
        completed_by=by,
        completed_with=(
            WellbeingScore.CompletedWith.SELF
            if by.is_person
            else WellbeingScore.CompletedWith.COACH
        ),
        raw_score=raw,
        metric_score=metric_score(raw) if scale.has_metric else None,
        **{f"item_{n}": answers[n] for n in scale.items},
    )


def sustainment_problem(outcome_type: OutcomeType, sustains: Outcome | None, achieved_on) -> str:
    """Why this sustainment outcome cannot be recorded as it stands; "" when it can."""
    if not outcome_type.is_sustainment:
        return "Only a sustainment outcome follows an earlier one." if sustains else ""
    if sustains is None:
        return f"Choose the {outcome_type.sustains.name.lower()} outcome this sustains."
    if sustains.type_id != outcome_type.sustains_id:
        return f"{outcome_type.name} follows {outcome_type.sustains.name.lower()}."
    earliest = outcome_type.due_after(sustains.achieved_on)
    if sustains.ended_on is not None and sustains.ended_on < earliest:
        return (
            f"{sustains.type.name} ended on {sustains.ended_on:%-d %B %Y}, before "
            f"{earliest:%-d %B %Y}: {outcome_type.name.lower()} cannot follow it."
        )
    if sustains.ended_on is not None and achieved_on > sustains.ended_on:
        return f"It ended on {sustains.ended_on:%-d %B %Y}: give a day on or before that."
    if achieved_on < earliest:
        return f"{outcome_type.name} can be dated {earliest:%-d %B %Y} at the earliest."
    return ""


def outcome_record(
    *,
    person: Person,
    outcome_type: OutcomeType,
    achieved_on: date,
    evidence: str,
    by: User,
    sustains: Outcome | None = None,
) -> Outcome:
    if outcome_type.from_contact_log:
        raise ValueError(
            f"A {outcome_type.name.lower()} is counted from the contact log by the "
            "contract's rule, not recorded by hand."
        )
    problem = sustainment_problem(outcome_type, sustains, achieved_on)
    if problem:
        raise ValueError(problem)
    if sustains is not None and sustains.person_id != person.pk:
        raise ValueError("A sustainment follows the same person's entry outcome.")
    relationship = person.current_relationship
    try:
        with transaction.atomic():
            outcome = Outcome.objects.create(
                person=person,
                type=outcome_type,
                achieved_on=achieved_on,
                evidence=evidence,
                sustains=sustains,
                team=relationship.coach.team if relationship else None,
                recorded_by=by,
            )
            audit(action=AuditEvent.Action.OUTCOME_RECORDED, actor=by, obj=outcome)
    except IntegrityError as refused:
        already = _already_recorded(person, outcome_type, achieved_on, sustains)
        if already is None:
            raise
        raise already from refused
    return outcome


def recorded_that_day(person: Person, outcome_type: OutcomeType, achieved_on: date) -> str | None:
    """Why an outcome is one too many, in words, when the person has it on that day
    already (the form asks first; outcome_record when the database refuses); else None."""
    same_day = Outcome.objects.filter(person=person, type=outcome_type, achieved_on=achieved_on)
    if not same_day.exists():
        return None
    return (
        f"{person.name} already has {outcome_type.name} on that day. "
        "If it happened again, give the day it did."
    )


def _already_recorded(person, outcome_type, achieved_on, sustains) -> AlreadyRecorded | None:
    """What the database's refusal of a new outcome means, in words; None for any
    other refusal."""
    if recorded := recorded_that_day(person, outcome_type, achieved_on):
        return AlreadyRecorded(recorded, field="achieved_on")
    if sustains is not None and sustains.sustained_by.filter(type=outcome_type).exists():
        return AlreadyRecorded(SUSTAINED_ALREADY, field="sustains")
    return None


def outcome_verify(*, outcome: Outcome, by: User) -> bool:
    """Mark it verified once; False when someone already had."""
    with transaction.atomic():
        updated = Outcome.objects.filter(pk=outcome.pk, verified_at__isnull=True).update(
            verified_by=by, verified_at=timezone.now()
        )
        if updated:
            audit(action=AuditEvent.Action.OUTCOME_VERIFIED, actor=by, obj=outcome)
    outcome.refresh_from_db()
    return bool(updated)


@dataclass(frozen=True)
class SustainmentCheck:
    person: Person
    entry: Outcome
    outcome_type: OutcomeType
    due_on: date

    @property
    def overdue(self) -> bool:
        return self.due_on < timezone.localdate()


def due_sustainment_checks(
    outcomes: list[Outcome], *, within_days=SUSTAINMENT_DUE_SOON_DAYS, sustainment_types=None
):
    """Sustainment outcomes not yet recorded for these outcomes, whose date falls due
    within `within_days` or passed in the last 90 days, earliest first. `outcomes`: the
    people's outcomes already read, the sustaining ones among them (each needs pk,
    type_id, achieved_on, ended_on, sustains_id and person). One more query, none when
    there are no outcomes to check or `sustainment_types` (the active types that
    sustain another) were read already."""
    if not outcomes:
        return []
    today = timezone.localdate()
    horizon = today + timedelta(days=within_days)
    since = today - timedelta(days=SUSTAINMENT_STILL_SHOWN_DAYS)
    if sustainment_types is None:
        sustainment_types = list(OutcomeType.objects.filter(active=True, sustains__isnull=False))
    recorded = {(o.sustains_id, o.type_id) for o in outcomes if o.sustains_id}
    return _checks_due(outcomes, sustainment_types, recorded, since=since, horizon=horizon)


def _checks_due(entries, kinds, recorded: set, *, since: date, horizon: date):
    """The checks of `kinds` on `entries` due between `since` and `horizon`, earliest
    first; `recorded` holds the (entry id, kind id) of sustainments already recorded."""
    checks = []
    for entry in entries:
        for kind in kinds:
            if kind.sustains_id != entry.type_id or (entry.pk, kind.pk) in recorded:
                continue
            due_on = kind.due_after(entry.achieved_on)
            if entry.ended_on is not None and entry.ended_on < due_on:
                continue  # ended before it was due: it cannot be sustained
            if since <= due_on <= horizon:
                checks.append(SustainmentCheck(entry.person, entry, kind, due_on))
    # Whole, so that the order never depends on the order the entries were read in.
    return sorted(
        checks, key=lambda c: (c.due_on, c.person.name, c.person.pk, c.entry.pk, c.outcome_type.pk)
    )


# Contracts, enrolments, claims and payments ------------------------------------------


class ContractRefused(ValueError):
    """A contract, an enrolment, a claim or a payment refused, with the words why."""


COUNTED_MEANWHILE = "Someone counted successful starts a moment ago. Please try again."


@dataclass(frozen=True)
class PayerTerms:
    name: str
    share: Decimal
    cap: Decimal | None = None


def contract_create(
    *, fields: dict, teams: list[Team], tariffs: list[dict], payers: list[PayerTerms]
) -> Contract:
    """Set up a contract with its tariffs and payers, in one transaction.

    Refused, in words, when it would count an outcome another contract counts: the two
    share a team, part of their period and an outcome type, and either counts everyone
    in its teams. Under a lock on the teams' rows, so of two managers setting up such
    contracts at once the second waits, then sees the first and is refused.
    """
    counted_types = [t["outcome_type"] for t in tariffs if t["outcome_type"].from_contact_log]
    if counted_types and not fields.get("start_contacts"):
        raise ContractRefused(
            f"Say what makes a {counted_types[0].name.lower()}: how many contacts within how many "
            "weeks of the contract taking a person on. Or leave its tariff blank."
        )
    payers = _payers_with_caps(fields.get("cap"), payers or [PayerTerms(fields["funder"], 100)])
    fields = {**fields, "cap": sum((p.cap for p in payers), Decimal("0.00"))}
    with transaction.atomic():
        list(Team.objects.select_for_update().filter(pk__in=[t.pk for t in teams]).order_by("pk"))
        clash = _overlapping_contract(fields, teams, [t["outcome_type"] for t in tariffs])
        if clash is not None:
            raise ContractRefused(
                f"{clash.name} already pays for the same outcomes in one of these teams "
                f"between {max(clash.starts_on, fields['starts_on']):%-d %B %Y} and "
                f"{min(clash.ends_on, fields['ends_on']):%-d %B %Y}. An outcome can count "
                "towards one contract only. Change the period, teams or outcomes, or let "
                "both contracts count only the people enrolled in them, so each person's "
                "enrolment says which contract takes them."
            )
        contract = Contract.objects.create(**fields)
        contract.teams.set(teams)
        ContractTariff.objects.bulk_create(ContractTariff(contract=contract, **t) for t in tariffs)
        Payer.objects.bulk_create(
            Payer(contract=contract, name=p.name, share=p.share, cap=p.cap) for p in payers
        )
    return contract


def _payers_with_caps(cap: Decimal | None, payers: list[PayerTerms]) -> list[PayerTerms]:
    """Each payer's cap: its own, or its share of the contract's. The contract's cap is
    the sum of its payers'; given as well, the two must agree."""
    if sum(p.share for p in payers) != 100:
        raise ContractRefused("The payers' shares must add up to 100%.")
    if any(p.cap is None for p in payers) and cap is None:
        raise ContractRefused("Give the contract's cap, or a cap for every payer.")
    payers = [
        p if p.cap is not None else PayerTerms(p.name, p.share, to_pence(cap * p.share / 100))
        for p in payers
    ]
    total = sum((p.cap for p in payers), Decimal("0.00"))
    if cap is not None and abs(total - cap) > Decimal("0.01") * len(payers):
        raise ContractRefused(
            f"The payers' caps add up to {pounds(total)}, not the contract's {pounds(cap)}. "
            "Leave the contract's cap blank to use their sum."
        )
    return payers


def _overlapping_contract(fields: dict, teams, outcome_types) -> Contract | None:
    """Another contract that would count some of the same outcomes, or None."""
    others = Contract.objects.filter(
        teams__in=teams,
        starts_on__lte=fields["ends_on"],
        ends_on__gte=fields["starts_on"],
        tariffs__outcome_type__in=outcome_types,
    )
    if fields.get("takes", Contract.Takes.TEAMS) == Contract.Takes.ENROLLED:
        others = others.filter(takes=Contract.Takes.TEAMS)
    return others.order_by("pk").first()


def enrolment_make(*, contract: Contract, person: Person, enrolled_on: date, by: User) -> Enrolment:
    """Enrol a person in a contract that counts the people enrolled, and say, once,
    whether they are eligible under its rules on that day.

    Refused when they are enrolled already in another contract that would count the
    same outcomes. Under a lock on the person's row, so two enrolments at once cannot
    both pass.
    """
    if contract.takes != Contract.Takes.ENROLLED:
        raise ContractRefused(f"{contract.name} counts everyone in its teams: nobody is enrolled.")
    if not contract.starts_on <= enrolled_on <= contract.ends_on:
        raise ContractRefused(
            f"Give a day within {contract.name}'s period, "
            f"{contract.starts_on:%-d %B %Y} to {contract.ends_on:%-d %B %Y}."
        )
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=person.pk).first()
        if Enrolment.objects.filter(contract=contract, person=person).exists():
            raise ContractRefused(f"{person.name} is already enrolled in {contract.name}.")
        types = contract.tariffs.values("outcome_type")
        clash = (
            Contract.objects.filter(
                enrolments__person=person,
                teams__in=contract.teams.all(),
                starts_on__lte=contract.ends_on,
                ends_on__gte=contract.starts_on,
                tariffs__outcome_type__in=types,
            )
            .order_by("pk")
            .first()
        )
        if clash is not None:
            raise ContractRefused(
                f"{person.name} is enrolled in {clash.name}, which pays for the same "
                "outcomes at the same time. An outcome counts towards one contract only."
            )
        because = not_eligible_because(contract, person, enrolled_on)
        return Enrolment.objects.create(
            contract=contract,
            person=person,
            enrolled_on=enrolled_on,
            enrolled_by=by,
            eligible=not because,
            not_eligible_because=because,
        )


def not_eligible_because(contract: Contract, person: Person, on: date) -> str:
    """Why the person is not eligible for the contract on that day; "" when they are."""
    if contract.min_age is not None or contract.max_age is not None:
        details = PersonalDetails.objects.filter(person=person).first()
        born = details.date_of_birth if details else None
        if born is None:
            return "no date of birth given, and the contract has an age range"
        age = age_on(born, on)
        if contract.min_age is not None and age < contract.min_age:
            return f"aged {age} when enrolled, under {contract.min_age}"
        if contract.max_age is not None and age > contract.max_age:
            return f"aged {age} when enrolled, over {contract.max_age}"
    if contract.began_within_period:
        first = person.relationships.order_by("created_at").values_list("created_at", flat=True)
        began = timezone.localdate(first[0]) if first else None
        if began is None or not contract.starts_on <= began <= contract.ends_on:
            return "began coaching outside the contract's period"
    return ""


def outcome_end(*, outcome: Outcome, ended_on: date, because: str, by: User) -> Outcome:
    """Record that a job or tenancy ended, with the reason in the person's words. No
    sustainment of it can then be recorded, or claimed, past that day."""
    if ended_on < outcome.achieved_on:
        raise ContractRefused("Give a day on or after the day it began.")
    if not because.strip():
        raise ContractRefused("Say why it ended, in their words.")
    later = outcome.sustained_by.filter(achieved_on__gt=ended_on).select_related("type").first()
    if later is not None:
        raise ContractRefused(
            f"{later.type.name} is recorded on {later.achieved_on:%-d %B %Y}, after that day. "
            "Check the day it ended."
        )
    Outcome.objects.filter(pk=outcome.pk).update(ended_on=ended_on, ended_because=because.strip())
    outcome.refresh_from_db()
    return outcome


def claim_prepare(*, contract: Contract, period_start: date, period_end: date, by: User) -> Claim:
    """A draft claim for the period: the verified outcomes the contract counts, not
    claimed before, each payer's share within what is left of its cap. Under a lock
    on the contract's row: one claim is prepared at a time."""
    if period_end < period_start:
        raise ContractRefused("The claim's period ends on or after the day it starts.")
    with transaction.atomic():
        Contract.objects.select_for_update().filter(pk=contract.pk).first()
        if contract.claims.filter(state=Claim.State.DRAFT).exists():
            raise ContractRefused(
                "A claim for this contract is being reviewed already. "
                "Submit it or throw it away first."
            )
        try:
            starts.record(contract=contract, by=by)
        except starts.CountedMeanwhile as meanwhile:
            raise ContractRefused(COUNTED_MEANWHILE) from meanwhile
        payers = list(contract.payers.order_by("-share", "pk"))
        claimed = dict(
            ClaimShare.objects.filter(payer__in=payers)
            .values_list("payer")
            .annotate(total=Sum("amount"))
            .order_by()
        )
        room = {p.pk: p.cap - claimed.get(p.pk, Decimal("0.00")) for p in payers}
        tariffs = {t.outcome_type_id: t.tariff for t in contract.tariffs.all()}
        in_period = {"achieved_on__gte": period_start, "achieved_on__lte": period_end}
        outcomes = (
            counted_for_contract(contract)
            .filter(type__in=tariffs, **in_period)
            .order_by("achieved_on", "pk")
            .values_list("pk", "person", "type", "achieved_on")
        )
        claim = Claim.objects.create(
            contract=contract,
            period_start=period_start,
            period_end=period_end,
            prepared_by=by,
            reporting_off=reporting_off_count(contract, **in_period),
        )
        claim.beyond_cap = _add_lines(claim, outcomes, tariffs, payers, room)
        claim.save(update_fields=["beyond_cap"])
    return claim


def _add_lines(claim: Claim, outcomes, tariffs: dict, payers: list[Payer], room=None) -> int:
    """A line, with each payer's share, for each (outcome id, person id, type id, day):
    within what is left of each payer's cap (`room`, by payer id) when given. Returns
    how many outcomes had nothing left to claim."""
    lines, shares, beyond = [], [], 0
    for outcome_id, person_id, type_id, achieved_on in outcomes:
        taken = split_by_share(tariffs[type_id], payers)
        if room is not None:
            taken = [
                min(part, max(Decimal("0.00"), room[p.pk]))
                for p, part in zip(payers, taken, strict=True)
            ]
            if not any(taken):
                beyond += 1
                continue
            for payer, amount in zip(payers, taken, strict=True):
                room[payer.pk] -= amount
        line = ClaimLine(
            claim=claim,
            person_id=person_id,
            outcome_id=outcome_id,
            reference=claim_reference(claim.contract, person_id),
            outcome_type_id=type_id,
            achieved_on=achieved_on,
            tariff=tariffs[type_id],
            amount=sum(taken, Decimal("0.00")),
        )
        lines.append(line)
        shares += [(line, p, amount) for p, amount in zip(payers, taken, strict=True)]
    ClaimLine.objects.bulk_create(lines)
    ClaimShare.objects.bulk_create(ClaimShare(line=ln, payer=p, amount=a) for ln, p, a in shares)
    return beyond


def claim_reference(contract: Contract, person_id: int) -> str:
    """The person's pseudonym in this contract's claims: the same on each of their
    lines, another in each contract, and no way back to them once they are erased."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"claim:{contract.pk}:{person_id}".encode(), "sha256"
    )
    return f"P-{digest.hexdigest()[:10].upper()}"


def claim_submit(*, claim: Claim, by: User) -> Claim:
    """Freeze a reviewed claim. People who turned reporting off, or were erased, since
    it was prepared are taken out first: a count stays, never a name."""
    with transaction.atomic():
        claim = Claim.objects.select_for_update().filter(pk=claim.pk).first()
        if claim is None:
            raise ContractRefused("That claim was thrown away a moment ago.")
        if claim.is_submitted:
            raise ContractRefused("That claim was submitted already. It cannot change.")
        turned_off = claim.lines.filter(person__share_reporting=False)
        claim.reporting_off += turned_off.values("person").distinct().count()
        claim.lines.filter(Q(outcome__isnull=True) | Q(person__share_reporting=False)).delete()
        Outcome.objects.filter(claim_lines__claim=claim).update(claimed=True)
        claim.state, claim.submitted_by, claim.submitted_at = (
            Claim.State.SUBMITTED,
            by,
            timezone.now(),
        )
        claim.save(update_fields=["state", "submitted_by", "submitted_at", "reporting_off"])
    return claim


def claim_discard(*, claim: Claim) -> None:
    """Throw away a claim being reviewed; a submitted claim stays as it is."""
    deleted, _ = Claim.objects.filter(pk=claim.pk, state=Claim.State.DRAFT).delete()
    if not deleted and Claim.objects.filter(pk=claim.pk).exists():
        raise ContractRefused("That claim was submitted already. It cannot change.")


def payment_record(
    *, claim: Claim, payer: Payer, amount: Decimal, paid_on: date, by: User
) -> Payment:
    """What a payer paid against a submitted claim. No more than it was claimed for."""
    if payer.contract_id != claim.contract_id:
        raise ContractRefused(f"{payer.name} is not a payer of this contract.")
    if amount <= 0:
        raise ContractRefused("A payment is more than £0.")
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        if not claim.is_submitted:
            raise ContractRefused("Submit the claim before recording what was paid.")
        owed = ClaimShare.objects.filter(line__claim=claim, payer=payer).aggregate(
            total=Sum("amount")
        )["total"] or Decimal("0.00")
        paid = claim.payments.filter(payer=payer).aggregate(total=Sum("amount"))[
            "total"
        ] or Decimal("0.00")
        if to_pence(paid) + amount > to_pence(owed):
            raise ContractRefused(
                f"{payer.name} was claimed {pounds(owed)} in this claim and has paid "
                f"{pounds(paid)}: {pounds(amount)} is more than is left."
            )
        return Payment.objects.create(
            claim=claim, payer=payer, amount=amount, paid_on=paid_on, recorded_by=by
        )


def extract_make(
    *, contract: Contract, period_start: date, period_end: date, made_for: str, by: User
) -> tuple[Extract, list[list]]:
    """An evaluator's extract, recorded (who, when, for whom, how many rows) as it is
    made. Its pseudonyms' key is not kept anywhere."""
    rows = extract_rows(contract, period_start, period_end)
    extract = Extract.objects.create(
        contract=contract,
        period_start=period_start,
        period_end=period_end,
        made_for=made_for,
        made_by=by,
        rows=len(rows),
    )
    return extract, rows


def claim_record_past(
    *,
    contract: Contract,
    period_start: date,
    period_end: date,
    submitted_on: date,
    outcomes: list[Outcome],
    by: User,
) -> Claim:
    """A claim made before Mayday, brought in as it was submitted: each outcome at the
    contract's tariff, shared by the payers' shares. Refused for an outcome claimed
    already, or of a type the contract does not pay for."""
    tariffs = {t.outcome_type_id: t.tariff for t in contract.tariffs.all()}
    payers = list(contract.payers.order_by("-share", "pk"))
    unpaid = [o for o in outcomes if o.type_id not in tariffs]
    if unpaid:
        raise ContractRefused(f"{contract.name} does not pay for {unpaid[0].type.name}.")
    if any(o.claimed for o in outcomes) or ClaimLine.objects.filter(outcome__in=outcomes).exists():
        raise ContractRefused("One of these outcomes has been claimed already.")
    moment = timezone.make_aware(datetime.combine(submitted_on, time(12)))
    with transaction.atomic():
        claim = Claim.objects.create(
            contract=contract,
            period_start=period_start,
            period_end=period_end,
            state=Claim.State.SUBMITTED,
            prepared_by=by,
            prepared_at=moment,
            submitted_by=by,
            submitted_at=moment,
        )
        rows = [(o.pk, o.person_id, o.type_id, o.achieved_on) for o in outcomes]
        _add_lines(claim, rows, tariffs, payers)
        Outcome.objects.filter(pk__in=[o.pk for o in outcomes]).update(claimed=True)
    return claim
