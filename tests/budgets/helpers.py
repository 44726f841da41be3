from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from budgets import services
from budgets.models import Fund


def make_fund(name="Moving On Fund", team=None, total="1000.00", coach_limit="250.00", **fields):
    today = timezone.localdate()
    return Fund.objects.create(
        name=name,
        funder=fields.pop("funder", "Leeds Community Foundation"),
        team=team,
        total=Decimal(total),
        coach_limit=Decimal(coach_limit),
        starts_on=fields.pop("starts_on", today - timedelta(days=30)),
        ends_on=fields.pop("ends_on", today + timedelta(days=300)),
        **fields,
    )


def make_request(person, amount="100.00", by=None, purpose="Driving lessons", method="supplier"):
    return services.request_raise(
        person=person,
        by=by or person.user,
        purpose=purpose,
        amount=Decimal(amount),
        payment_method=method,
    )
