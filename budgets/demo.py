"""Demo funds and about thirty requests in every state, in the people's own words.

A part of the demo organisation (coaching/demo.py), after coaching's, so the people
and coaches exist.
Each request goes through the services (so funds are never over-committed),
then its timestamps are moved back to when it happened.
"""

import random
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import F

from budgets import services
from budgets.models import BudgetRequest, Fund, PaymentMethod
from coaching.demo import demo_part
from coaching.models import Activity, Person, Team, User

FUNDS = [
    ("Moving On Fund", "Leeds Community Foundation", "Leeds North", "8000.00", "250.00"),
    ("Pathways Fund", "Calderdale Council", "Calderdale", "6000.00", "200.00"),
    ("Small Grants", "The Rowan Trust", "Bradford", "5000.00", "150.00"),
    ("Northern Fresh Start Fund", "Northern Fresh Start Trust", None, "12000.00", "100.00"),
]

P = PaymentMethod
# person, what for (their words), amount, how to pay, what happened, category
REQUESTS = [
    (
        "Tariq",
        "Driving lessons. I've been offered a job at the dairy farm above Todmorden but "
        "there's no bus before 8 and the shift starts at 6. If I can drive, I can take it.",
        "840.00",
        P.SUPPLIER,
        "paid",
        "travel",
    ),
    (
        "Bernadette",
        "A bed, a sofa and a kitchen table for my first flat. I've never had my own place. "
        "I haven't asked for anything like this in two years, but I need it now.",
        "620.00",
        P.SUPPLIER,
        "approved",
        "home",
    ),
    (
        "Sam",
        "A phone that holds a charge, so I don't miss calls about work.",
        "120.00",
        P.VOUCHER,
        "paid",
        "digital",
    ),
    ("Sam", "Gym membership for a year.", "360.00", P.BANK_TRANSFER, "declined", "health"),
    (
        "Sam",
        "Books for the maths course at Park Lane College.",
        "45.50",
        P.BOUGHT_BY_COACH,
        "requested",
        "",
    ),
    ("Sam", "Bus pass for the month.", "68.00", P.VOUCHER, "withdrawn", ""),
    (
        "Jordan",
        "Steel toe boots and a hi-vis for the warehouse job.",
        "85.00",
        P.SUPPLIER,
        "paid",
        "work",
    ),
    ("Kayleigh", "School uniform for my two.", "140.00", P.VOUCHER, "paid", "family"),
    (
        "Marcus",
        "CSCS card course so I can go back on site.",
        "230.00",
        P.SUPPLIER,
        "paid",
        "learning",
    ),
    (
        "Leanne",
        "A washing machine. The launderette is eating my money.",
        "310.00",
        P.SUPPLIER,
        "paid",
        "home",
    ),
    ("Dev", "Laptop for my college course.", "420.00", P.SUPPLIER, "declined", "learning"),
    ("Chantelle", "Pushchair for the baby.", "95.00", P.VOUCHER, "paid", "family"),
    (
        "Ryan",
        "Train fare to see my dad in hospital in Carlisle.",
        "78.40",
        P.BOUGHT_BY_COACH,
        "paid",
        "travel",
    ),
    (
        "Kieran",
        "Guitar strings and a lesson block. Music keeps me going.",
        "60.00",
        P.SUPPLIER,
        "paid",
        "interests",
    ),
    ("Tasha", "Curtains and bedding for the new flat.", "130.00", P.VOUCHER, "approved", "home"),
    (
        "Imran",
        "Food hygiene certificate so I can work in a kitchen.",
        "25.00",
        P.SUPPLIER,
        "paid",
        "learning",
    ),
    ("Shannon", "Interview clothes.", "75.00", P.VOUCHER, "paid", "work"),
    ("Gary", "Glasses. I can't read the forms.", "110.00", P.SUPPLIER, "paid", "health"),
    (
        "Fatima",
        "A month of phone data so I can do my Universal Credit journal.",
        "15.00",
        P.VOUCHER,
        "paid",
        "digital",
    ),
    ("Lee", "Bike to get to work.", "180.00", P.SUPPLIER, "requested", ""),
    ("Rosie", "A fridge freezer.", "290.00", P.SUPPLIER, "requested", ""),
    ("Connor", "First aid course.", "90.00", P.SUPPLIER, "withdrawn", ""),
    ("Mandy", "Pots, pans and a kettle.", "65.00", P.VOUCHER, "paid", "home"),
    ("Darren", "Deposit for a room.", "450.00", P.SUPPLIER, "declined", "home"),
    ("Amira", "ESOL course fees.", "150.00", P.SUPPLIER, "paid", "learning"),
    ("Liam", "Forklift licence.", "480.00", P.SUPPLIER, "requested", ""),
    ("Hayley", "Swimming lessons for my daughter.", "48.00", P.BANK_TRANSFER, "paid", "family"),
    (
        "Yusuf",
        "Tools for a painting and decorating start.",
        "210.00",
        P.SUPPLIER,
        "approved",
        "work",
    ),
    ("Ash", "Allotment rent and seeds.", "40.00", P.BANK_TRANSFER, "paid", "interests"),
    ("Grace", "A desk so my son can do his homework.", "70.00", P.VOUCHER, "declined", ""),
]
DECLINE_REASONS = {
    "360.00": "We can't fund a whole year of gym, but your coach has found a free park run "
    "and a cheaper pay-as-you-go pool nearby. Do ask again for something else.",
    "420.00": "The college has a bursary for laptops, which is quicker for you. Your coach "
    "will help with the form; if it says no, ask again and we will look at it.",
    "450.00": "A deposit needs the council's deposit scheme first: your coach will go with "
    "you on Tuesday. If that falls through, ask again.",
    "70.00": "The Pathways Fund had run low that week. Please ask again: it has been topped up.",
}


@demo_part(order=20)
def load(*, rng: random.Random, now: datetime) -> None:
    teams = {team.name: team for team in Team.objects.all()}
    today = now.date()
    for name, funder, team, total, limit in FUNDS:
        Fund.objects.create(
            name=name,
            funder=funder,
            team=teams.get(team) if team else None,
            total=Decimal(total),
            coach_limit=Decimal(limit),
            starts_on=today - timedelta(days=400),
            ends_on=today + timedelta(days=200),
        )
    manager = User.objects.get(username="manager")
    people = {p.name: p for p in Person.objects.select_related("current_relationship__coach")}
    for name, purpose, amount, method, outcome, category in REQUESTS:
        _make_request(
            rng, now, people[name], manager, purpose, Decimal(amount), method, outcome, category
        )


def _make_request(rng, now, person, manager, purpose, amount, method, outcome, category):
    coach = person.current_relationship.coach
    by = person.user if person.user and rng.random() < 0.8 else coach
    budget_request = services.request_raise(
        person=person, by=by, purpose=purpose, amount=amount, payment_method=method
    )
    asked = now - timedelta(days=rng.randint(4, 300), hours=rng.randint(0, 10))
    if outcome == "requested":
        asked = now - timedelta(days=rng.randint(1, 6), hours=rng.randint(0, 10))
    times = {"requested_at": asked}
    if outcome == "withdrawn":
        services.request_withdraw(budget_request=budget_request, by=by)
        times["withdrawn_at"] = asked + timedelta(days=rng.randint(1, 3))
    elif outcome != "requested":
        fund = _fund_for(rng, budget_request)
        decider = coach if amount <= fund.coach_limit and coach.is_active else manager
        if outcome == "declined":
            reason = DECLINE_REASONS[f"{amount:.2f}"]
            services.request_decline(budget_request=budget_request, by=decider, reason=reason)
        else:
            services.request_approve(budget_request=budget_request, fund=fund, by=decider)
        times["decided_at"] = asked + timedelta(days=rng.choice([0, 1, 1, 2, 3, 5, 9, 14]))
        if outcome == "paid":
            paid = (
                amount
                if rng.random() < 0.8
                else (amount * Decimal("0.93")).quantize(Decimal("0.01"))
            )
            paid_at = times["decided_at"] + timedelta(days=rng.randint(1, 7))
            services.payment_record(
                budget_request=budget_request,
                by=decider,
                amount=paid,
                paid_on=min(paid_at, now).date(),
                method=method,
            )
            times["paid_recorded_at"] = min(paid_at, now)
    if category:
        services.request_categorise(budget_request=budget_request, category=category)
    BudgetRequest.objects.filter(pk=budget_request.pk).update(**times)
    if by.is_person:
        Activity.objects.filter(
            person=person, kind__startswith="budget_", occurred_at__gte=now
        ).update(occurred_at=times.get("withdrawn_at", asked))


def _fund_for(rng, budget_request) -> Fund:
    """Mostly the team's own fund, sometimes the one every team shares."""
    shared_first = rng.random() < 0.3
    order = F("team").desc(nulls_first=True) if shared_first else F("team").asc(nulls_last=True)
    funds = list(Fund.objects.for_team(budget_request.team).order_by(order, "pk"))
    for fund in funds:
        if fund.total - fund.allocated >= budget_request.amount:
            return fund
    return funds[-1]
