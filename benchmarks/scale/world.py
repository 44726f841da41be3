"""The generated organisation behind `make bench`: its sizes, the names the bench
finds its users by, and the `World` every part of the generation writes through.

The parts (benchmarks/scale/coaching_data.py, budgets_data.py, outcomes_data.py)
each add an app's rows; benchmarks/scale/generate.py runs them in order. A part
reads what earlier parts made from the `World` (ids of teams, coaches, managers,
people and their coaches) and writes with `world.insert`, in bulk: COPY on
PostgreSQL, `bulk_create` elsewhere.
"""

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection, models
from django.db.models import Max

from coaching.models import Person, Theme, User
from outcomes.models import Contract

# The benchmark finds its users by these names, whatever the size.
BENCH_COACH = "coach0001"
BENCH_MANAGER = "manager0001"
# The bench coach's person with a long story (LONG_HISTORY contacts) and a sign-in of
# their own, for the person's page and /me/; and a second person to log contacts for.
LONG_HISTORY_USER = "person-long-history"
SAVING_PERSON_NAME = "Bench Saving"


@dataclass(frozen=True)
class Size:
    teams: int
    coaches: int
    people: int
    contacts: int
    long_history: int = 500


SIZES = {
    "tiny": Size(teams=2, coaches=3, people=12, contacts=240, long_history=45),
    "small": Size(teams=4, coaches=20, people=1_000, contacts=100_000),
    "medium": Size(teams=20, coaches=200, people=10_000, contacts=1_000_000),
    "national": Size(teams=100, coaches=1_000, people=50_000, contacts=5_000_000),
}

PEOPLE_PER_BATCH = 1_000
# Long stories are compressed into this many years so that dates stay believable.
MAX_STORY_DAYS = 6 * 365
AREAS = ["Leeds", "Calderdale", "Bradford", "Wakefield", "Kirklees", "Sheffield", "Hull", "York"]
SURNAMES = ["Okafor", "Hughes", "Shah", "Whitaker", "Rahman", "Barker", "Evans", "Marsh"]


@dataclass
class World:
    """What the parts build, and the means to write it in bulk."""

    size: Size
    rng: random.Random
    now: datetime
    team_ids: list[int] = field(default_factory=list)
    team_areas: dict[int, str] = field(default_factory=dict)
    coach_ids: list[int] = field(default_factory=list)
    coach_team: dict[int, int] = field(default_factory=dict)
    manager_ids: list[int] = field(default_factory=list)
    # person id -> the coach walking alongside them now; person id -> their own sign-in.
    person_coach: dict[int, int] = field(default_factory=dict)
    person_user: dict[int, int] = field(default_factory=dict)
    # person id -> when their coaching began; the people who allow wellbeing scores.
    person_began: dict[int, datetime] = field(default_factory=dict)
    allows_wellbeing: set[int] = field(default_factory=set)
    # person id -> when they ended their coaching, for those whose coaching has ended.
    person_ended: dict[int, datetime] = field(default_factory=dict)
    rows_written: dict[str, int] = field(default_factory=dict)
    models_written: list[type[models.Model]] = field(default_factory=list)
    password: str = ""  # one hash for every generated sign-in: hashing is slow on purpose
    prefix: str = ""  # starts every generated name, so two organisations can share a database
    _next_id: dict[type, int] = field(default_factory=dict)

    def ids(self, model: type[models.Model], count: int) -> range:
        """Reserve primary keys, so related rows can be written without a round trip."""
        if model not in self._next_id:
            highest = model.objects.aggregate(top=Max("pk"))["top"] or 0
            self._next_id[model] = highest + 1
        start = self._next_id[model]
        self._next_id[model] = start + count
        return range(start, start + count)

    def insert(self, model: type[models.Model], columns: Sequence[str], rows: Iterable[tuple]):
        """Write rows (tuples in the order of `columns`, attribute names) in bulk."""
        rows = list(rows)
        if not rows:
            return
        if connection.vendor == "postgresql":
            _copy(model, columns, rows)
        else:
            model.objects.bulk_create(
                [model(**dict(zip(columns, row, strict=True))) for row in rows], batch_size=500
            )
        label = model._meta.label
        self.rows_written[label] = self.rows_written.get(label, 0) + len(rows)
        if model not in self.models_written:
            self.models_written.append(model)

    @property
    def tables_written(self) -> list[str]:
        return [model._meta.db_table for model in self.models_written]

    def written_models(self) -> list[type[models.Model]]:
        return list(self._next_id)


def _copy(model, columns, rows) -> None:
    fields = {f.attname: f.column for f in model._meta.concrete_fields}
    # COPY knows nothing of Django's defaults: send them for the columns a part left out,
    # so a field added later (with a default) needs no change here.
    defaults = {
        f.attname: f.get_default()
        for f in model._meta.concrete_fields
        if f.attname not in columns and f.has_default()
    }
    columns = [*columns, *defaults]
    rows = (tuple(row) + tuple(defaults.values()) for row in rows)
    column_list = ", ".join(connection.ops.quote_name(fields[c]) for c in columns)
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({column_list}) FROM STDIN"
    connection.ensure_connection()
    with connection.connection.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def bench_handles(prefix: str = "") -> dict:
    """The users and people the benchmark and the query-count test visit."""
    coach = User.objects.get(username=prefix + BENCH_COACH)
    long_person = Person.objects.get(user__username=prefix + LONG_HISTORY_USER)
    return {
        "coach": coach,
        "manager": User.objects.get(username=prefix + BENCH_MANAGER),
        "theme_ids": list(Theme.objects.values_list("pk", flat=True)),
        "long_person": long_person,
        "person_user": long_person.user,
        "saving_person": Person.objects.for_coach(coach).get(name=SAVING_PERSON_NAME),
        "contract": Contract.objects.filter(name__startswith=prefix).order_by("pk").first(),
    }
