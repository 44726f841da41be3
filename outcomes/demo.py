"""Demo wellbeing histories, outcomes and one contract shaped like a youth homelessness
social impact bond. A part of the demo organisation (coaching/demo.py), after budgets'."""

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from allauth.mfa.totp.internal.auth import TOTP

from coaching.demo import demo_part, demo_sign_in
from coaching.management.commands.demo_data import DEMO_TOTP_SECRET
from coaching.models import Person, Team, User
from outcomes import services, starts
from outcomes.models import OutcomeType
from outcomes.scales import current_scale

# slug: (tariff, low, median, high): a small cohort's version of a Life Chances Fund SIB.
SIB_TARIFFS = {
    "entered-accommodation": ("1500.00", 10, 14, 18),
    "accommodation-3-months": ("1000.00", 6, 9, 12),
    "accommodation-6-months": ("1000.00", 5, 7, 10),
    "accommodation-12-months": ("1500.00", 3, 5, 8),
    "entered-education-training": ("500.00", 4, 6, 8),
    "gained-qualification": ("750.00", 2, 4, 6),
    "entered-employment": ("2000.00", 3, 5, 7),
    "employment-13-weeks": ("1000.00", 2, 3, 5),
    "employment-26-weeks": ("1500.00", 1, 2, 4),
    "volunteering": ("250.00", 4, 6, 8),
}
# The demo's contract pays for a successful start too; generated contracts do not.
START_TARIFF = {starts.SUCCESSFUL_START: ("250.00", 15, 20, 25)}
SIB_CAP = Decimal("45000.00")
EVIDENCE = {
    "entered-accommodation": "Tenancy agreement seen; keys collected.",
    "accommodation-3-months": "Rent account up to date; visited at home.",
    "accommodation-6-months": "Landlord confirmed the tenancy continues.",
    "accommodation-12-months": "Tenancy renewed for another year.",
    "entered-education-training": "Enrolment email from the college.",
    "gained-qualification": "Certificate seen (Level 1 Maths).",
    "entered-employment": "Contract of employment seen.",
    "employment-13-weeks": "Payslips for the last three months seen.",
    "employment-26-weeks": "Employer letter confirming they are still in post.",
    "volunteering": "Food bank rota shows regular shifts.",
    "moved-on": "Said they no longer need support; happy to stay in touch.",
}


demo_sign_in("commissioner: commissioner@example.org  (Cara, one contract's figures only)")


@demo_part(order=30)
def load(*, rng: random.Random, now: datetime) -> None:
    manager = User.objects.get(username="manager")
    types = {t.slug: t for t in OutcomeType.objects.all()}
    people = Person.objects.select_related("current_relationship__coach", "user").order_by("pk")
    for person in people:
        began = person.relationships.order_by("created_at").first().created_at
        _wellbeing_history(person, rng, began, now)
        _outcomes(person, rng, began, now, types, manager, sam=person.name == "Sam")
    contract = _contract(now, types)
    starts.record(contract=contract, by=manager)  # as preparing a claim would
    _commissioner(contract, manager)


def _commissioner(contract, manager) -> None:
    """The council's commissioner, who reads the contract's figures and nothing else."""
    commissioner = User.objects.create(
        username="commissioner",
        email="commissioner@example.org",
        password=manager.password,  # the demo's one password, hashed once
        first_name="Cara",
        last_name="Whitfield",
        role=User.Role.COMMISSIONER,
    )
    TOTP.activate(commissioner, DEMO_TOTP_SECRET)
    contract.commissioners.add(commissioner)


def _wellbeing_history(person, rng, began, now):
    """Offered a few weeks in, never at the first meeting; then every two or three months."""
    scale = current_scale()
    moment = began + timedelta(days=rng.randint(14, 35))
    level = rng.uniform(1.8, 2.8)
    coach = person.current_relationship.coach
    while moment < now - timedelta(days=3):
        answers = {
            item: max(1, min(5, round(level + rng.uniform(-0.9, 0.9)))) for item in scale.items
        }
        # The demo has no licensed wording to load: its coaches enter the paper form.
        services.wellbeing_record(
            person=person, answers=answers, by=coach, at=moment, from_paper=True
        )
        level = min(4.4, level + rng.uniform(-0.15, 0.45))
        moment += timedelta(days=rng.randint(55, 95))


@dataclass(frozen=True)
class Planned:
    """An outcome to record: `sustains` is the index of its entry outcome in the plan."""

    slug: str
    on: date
    sustains: int | None = None
    verified: bool = False


def outcome_plan(rng, types, *, start: date, today: date, ended_on: date | None) -> list[Planned]:
    """A person's outcomes, the demo's and the generated organisation's alike: housing
    for most, sustained a while; work for some; learning and volunteering; moving on
    for many who ended. Nothing after today; older ones mostly verified."""
    plan: list[Planned] = []

    def add(slug, on, sustains=None) -> int | None:
        if on > today:
            return None
        verified = on < today - timedelta(days=21) or rng.random() < 0.5
        plan.append(Planned(slug, on, sustains, verified))
        return len(plan) - 1

    def sustained(entry, slugs, chance, late_days):
        for slug in slugs:
            if entry is None or rng.random() > chance:
                break
            due = types[slug].due_after(plan[entry].on)
            add(slug, due + timedelta(days=rng.randint(0, late_days)), entry)

    if rng.random() < 0.6 and start < today:
        entry = add("entered-accommodation", start)
        slugs = ("accommodation-3-months", "accommodation-6-months", "accommodation-12-months")
        sustained(entry, slugs, 0.8, 20)
    if rng.random() < 0.35:
        job = add("entered-employment", start + timedelta(days=rng.randint(30, 200)))
        sustained(job, ("employment-13-weeks", "employment-26-weeks"), 0.7, 10)
    for slug, chance in (
        ("entered-education-training", 0.3),
        ("gained-qualification", 0.15),
        ("volunteering", 0.3),
    ):
        if rng.random() < chance:
            add(slug, start + timedelta(days=rng.randint(20, 300)))
    if ended_on is not None and rng.random() < 0.7:
        add("moved-on", ended_on)
    return plan


def sustainment_due_soon(today: date) -> list[Planned]:
    """Sam's: a three-month check falls due soon on Meg's page."""
    return [
        Planned("entered-accommodation", today - timedelta(days=80), verified=True),
        Planned("volunteering", today - timedelta(days=40), verified=True),
    ]


def _outcomes(person, rng, began, now, types, manager, *, sam):
    today = now.date()
    start = began.date() + timedelta(days=rng.randint(20, 60))
    coach = person.current_relationship.coach
    if sam:
        plan = sustainment_due_soon(today)
    else:
        ended_on = None
        if person.current_relationship.state == "ended":
            ended = person.current_relationship.events.order_by("-occurred_at").first()
            ended_on = ended.occurred_at.date()
        plan = outcome_plan(rng, types, start=start, today=today, ended_on=ended_on)
    recorded = []
    for item in plan:
        outcome = services.outcome_record(
            person=person,
            outcome_type=types[item.slug],
            achieved_on=item.on,
            evidence=EVIDENCE[item.slug],
            by=coach,
            sustains=None if item.sustains is None else recorded[item.sustains],
        )
        if item.verified:
            services.outcome_verify(outcome=outcome, by=manager)
        recorded.append(outcome)


def _contract(now, types):
    """Shared by the council and the fund, as Be The Change's payments were."""
    return services.contract_create(
        fields={
            "name": "Leeds and Calderdale Youth Homelessness SIB",
            "funder": "Leeds City Council, Calderdale Council and the Life Chances Fund",
            "starts_on": (now - timedelta(days=560)).date(),
            "ends_on": (now + timedelta(days=535)).date(),
            "cap": SIB_CAP,
            # A successful start: three contacts in the first six weeks.
            "start_contacts": 3,
            "start_weeks": 6,
        },
        teams=list(Team.objects.filter(name__in=["Leeds North", "Calderdale"])),
        tariffs=[
            {
                "outcome_type": types[slug],
                "tariff": Decimal(tariff),
                "target_low": low,
                "target_median": median,
                "target_high": high,
            }
            for slug, (tariff, low, median, high) in {**SIB_TARIFFS, **START_TARIFF}.items()
        ],
        payers=[
            services.PayerTerms("Leeds City Council and Calderdale Council", Decimal("70")),
            services.PayerTerms("Life Chances Fund", Decimal("30")),
        ],
    )
