"""Pure formatting for this app's templates: nothing here reads the database."""

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.timesince import timesince

from budgets.models import BudgetRequest, PaymentMethod
from budgets.money import pounds
from helpers.display import choice_badges, date_words, iso
from helpers.escaping import esc
from helpers.paths import path_of_each

register = template.Library()


@register.simple_tag
def status_badge(budget_request) -> str:
    """Where a request stands, as a badge, in the words the person reads too."""
    return choice_badges(BudgetRequest.Status)[budget_request.status]


@register.simple_tag
def request_rows(requests, viewer: str) -> SafeString:
    """{% request_rows requests viewer %}: the list items of a person's budget requests
    on their page or their coach's, each linking to the request for `viewer`. Drawn
    here, each value escaped once (esc), as a person's page draws its story."""
    path_of = path_of_each("budgets:me_request" if viewer == "person" else "budgets:coach_request")
    badges, dates = choice_badges(BudgetRequest.Status), date_words()
    return mark_safe(  # noqa: S308 - every value is escaped (esc) or our own words
        "".join(
            f'<li><a href="{path_of(r.pk)}">{esc(_shortened(r.purpose, 60))}</a> '
            f'<span class="budget-list__meta">{esc(pounds(r.amount))} · {badges[r.status]} · '
            f'<time datetime="{iso(r.requested_at)}">{dates.day(r.requested_at)}</time></span></li>'
            for r in requests
        )
    )


def _shortened(text: str, length: int) -> str:
    """truncatechars for plain text: at most `length` characters, the last an ellipsis
    where it was cut; without Django's lazy Truncator, made again for every row."""
    return text if len(text) <= length else f"{text[: length - 1]}…"


# The manager's queues and funds (budgets/manager_home.html): a hundred rows or more,
# drawn here a row at a time, each value escaped once (esc).


@register.simple_tag
def waiting_rows(requests) -> SafeString:
    """{% waiting_rows requests %}: the table rows of requests waiting for a decision."""
    return _queue_rows(
        requests,
        team_or_fund=lambda r: r.team.name if r.team else "No team",
        when=lambda r: timesince(r.requested_at),
    )


@register.simple_tag
def to_pay_rows(requests) -> SafeString:
    """{% to_pay_rows requests %}: the table rows of approved requests waiting to be paid."""
    dates = date_words()
    return _queue_rows(
        requests, team_or_fund=lambda r: r.fund.name, when=lambda r: dates.day(r.decided_at)
    )


def _queue_rows(requests, *, team_or_fund, when) -> SafeString:
    path_of, how = path_of_each("budgets:manager_request"), _payment_methods()
    return mark_safe(  # noqa: S308 - every value is escaped (esc) or our own words
        "".join(
            f'<tr><th scope="row"><a class="nowrap" href="{path_of(r.pk)}">Request {r.pk}</a>'
            f'</th><td>{esc(team_or_fund(r))}</td><td class="num">{esc(pounds(r.amount))}</td>'
            f"<td>{how[r.payment_method]}</td><td>{esc(when(r))}</td></tr>"
            for r in requests
        )
    )


@register.simple_tag
def fund_rows(funds) -> SafeString:
    """{% fund_rows funds %}: the table rows of the funds, with what each has left."""
    path_of, dates = path_of_each("budgets:fund_edit"), date_words()
    return mark_safe(  # noqa: S308 - every value is escaped (esc) or our own words
        "".join(
            f'<tr><th scope="row"><a href="{path_of(f.pk)}">{esc(f.name)}</a> '
            f'<span class="muted small">{esc(f.funder)}</span></th>'
            f"<td>{esc(f.team.name if f.team else 'Every team')}</td>"
            f'<td><span class="nowrap">{dates.day(f.starts_on)}</span> to '
            f'<span class="nowrap">{dates.day(f.ends_on)}</span></td>'
            + "".join(
                f'<td class="num">{esc(pounds(amount))}</td>'
                for amount in (f.coach_limit, f.total, f.committed, f.paid, f.available)
            )
            + "</tr>"
            for f in funds
        )
    )


def _payment_methods() -> dict[str, str]:
    """Each way to pay's words, escaped, looked up once for a table."""
    return {value: esc(label) for value, label in PaymentMethod.choices}
