"""Contact figures kept by month and by day, so the managers' dashboard need not count
millions of contacts on every visit; with them, who began coaching and how long the
coaching that ended had lasted (outcomes/summary.py says what is kept).

Correct when data changes: every write that could change a period's figures calls
`forget_moments` (or `forget_person`, `forget_coach`) in its own transaction, which
bumps the version of the month and the day it falls in. A summary counts only while
`built_version == version` and its `layout` is the current one; the builder writes its
result with `WHERE version = <the version it read first>`, so a write that lands while
it counts leaves the period stale, never wrong.
outcomes/summary.py builds and reads them.
"""

from collections.abc import Iterable
from datetime import date, datetime

from django.conf import settings
from django.db import connection, models
from django.db.models import Q
from django.db.models.functions import TruncDate
from django.utils import timezone


class ContactSummary(models.Model):
    class Span(models.TextChoices):
        MONTH = "month", "Month"
        DAY = "day", "Day"

    # How `figures` and `totals` are laid out. A summary of another layout is stale, so
    # one written by a worker of an older release during a deploy is counted again.
    LAYOUT = 1

    starts_on = models.DateField(help_text="The day, or the first day of the month (UK time).")
    span = models.CharField(max_length=5, choices=Span)
    version = models.PositiveIntegerField(default=0)
    built_version = models.PositiveIntegerField(null=True, blank=True)
    # By team, {"team_<id>": {"contacts": [[channel, reached_out_by, n]], "themes":
    # [[theme_id, n]], "barriers": [[service, n]], "began": [[n]], "ended": [[days it
    # had lasted, n]]}}: people who allow reporting. Keyed so that the database can
    # send one team's figures (`team_key`).
    figures = models.JSONField(default=dict)
    # The same summed over the teams, for the whole organisation's figures:
    # {"contacts": [[channel, reached_out_by, n]], "themes": [[theme_id, n]], ...}.
    totals = models.JSONField(default=dict)
    built_at = models.DateTimeField(null=True, blank=True)
    # New with every count: the figures' name, by which a process keeps them unpacked
    # (outcomes/summary.py). A period counted again gets another, so a process never
    # reads an old count under it.
    build = models.UUIDField(null=True, blank=True, editable=False)
    layout = models.PositiveSmallIntegerField(default=0, db_default=0)

    class Meta:
        ordering = ["starts_on", "span"]
        constraints = [
            models.UniqueConstraint(fields=["starts_on", "span"], name="one_summary_per_period"),
            models.CheckConstraint(
                condition=Q(span__in=["month", "day"]), name="contact_summary_span_known"
            ),
        ]

    def __str__(self):
        return f"{self.span} from {self.starts_on}"

    @property
    def is_current(self) -> bool:
        return self.counts(
            version=self.version, built_version=self.built_version, layout=self.layout
        )

    @classmethod
    def counts(cls, *, version: int, built_version: int | None, layout: int) -> bool:
        """Whether a summary with these values may be read as it is (also for one read
        with values())."""
        return built_version == version and layout == cls.LAYOUT


def team_key(team_id: int | None) -> str:
    """A team's key in a summary's figures. Not the bare id: a JSON path reads a number
    as an index into a list."""
    return "no_team" if team_id is None else f"team_{team_id}"


# Periods forgotten in one statement: well inside every database's limit on parameters.
FORGET_BATCH = 500


def day_of(moment: date | datetime) -> date:
    if isinstance(moment, datetime):
        return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()
    return moment


def month_of(moment: date | datetime) -> date:
    return day_of(moment).replace(day=1)


def forget_moments(moments: Iterable) -> None:
    """The figures of the days and months of these moments must be counted again."""
    days = {day_of(m) for m in moments if m is not None}
    keys = sorted(
        {(d, ContactSummary.Span.DAY) for d in days}
        | {(d.replace(day=1), ContactSummary.Span.MONTH) for d in days}
    )
    if not keys:
        return
    # One statement on every contact written: a period not kept yet is made stale, a
    # kept one has its version bumped. The ORM's upsert can only copy the new row's
    # values, not add one to the old, hence the SQL (the same on SQLite and PostgreSQL).
    table = connection.ops.quote_name(ContactSummary._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(keys), FORGET_BATCH):
            batch = keys[start : start + FORGET_BATCH]
            rows = ", ".join(["(%s, %s, 1, '{}', '{}')"] * len(batch))
            cursor.execute(
                f"INSERT INTO {table} (starts_on, span, version, figures, totals) "  # noqa: S608
                f"VALUES {rows} ON CONFLICT (starts_on, span) "
                f"DO UPDATE SET version = {table}.version + 1",
                [value for day, span in batch for value in (day, span.value)],
            )


def forget_person(person) -> None:
    """Every day with a contact of this person, or a step in their coaching: their
    reporting choice changed, or their record is going."""
    from coaching.models.contacts import Contact
    from coaching.models.relationships import RelationshipEvent

    _forget_days(
        Contact.objects.filter(person=person),
        RelationshipEvent.objects.filter(relationship__person=person),
    )


def _forget_days(*querysets) -> None:
    """Forget the days on which these rows (each with an `occurred_at`) happened."""
    forget_moments(
        [
            day
            for rows in querysets
            for day in rows.annotate(day=TruncDate("occurred_at"))
            .order_by()
            .values_list("day", flat=True)
            .distinct()
        ]
    )


def forget_coach(coach) -> None:
    """Every day with a contact of this coach, or a beginning or ending that counts for
    them: kept figures are by the coach's team, and it changed."""
    from coaching.models.contacts import Contact
    from coaching.models.relationships import RelationshipEvent

    _forget_days(
        Contact.objects.filter(coach=coach),
        RelationshipEvent.objects.filter(Q(coach=coach) | Q(relationship__coach=coach)),
    )


class PeopleNow(models.Model):
    """How many people's coaching stands in each state today, by the coach of their
    current relationship: people who allow reporting. The dashboard adds up a few
    thousand rows rather than looking at every person and relationship.

    Each row is a change (+1, -1, or a sum of them once folded), appended by the
    database as people and relationships change (coaching.now), whoever writes, and
    never updated in place; PersonCounted holds where each person is counted, so a
    change takes back exactly that."""

    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,  # written by triggers; a coach with coaching cannot go
        related_name="+",
    )
    state = models.CharField(max_length=10)
    people = models.IntegerField()

    class Meta:
        verbose_name_plural = "people now"

    def __str__(self):
        return f"{self.people:+} {self.state} with coach {self.coach_id}"


class PersonCounted(models.Model):
    """A person counted in PeopleNow, under their coach and state as counted. No foreign
    keys: the rows follow the people and relationships by trigger, deletions included."""

    person_id = models.BigIntegerField(primary_key=True)
    coach_id = models.BigIntegerField()
    state = models.CharField(max_length=10)

    def __str__(self):
        return f"person {self.person_id}: {self.state} with coach {self.coach_id}"
