"""Contact and people figures for a period, for the dashboard: whole past months and
other whole past days from the cached summaries (ContactSummary), counted again only
when stale; today, which changes by the minute, counted live. Either way the rows are
the same: (month, team id, key..., n), for people who allow reporting. Beyond contacts,
their themes and barriers, the summaries hold who began coaching and how long the
coaching that ended had lasted, and who began and whose coaching ended by the personal
details the fairness figures group them by.

What makes a summary stale: a write to what it counts, whoever makes it. The database's
triggers (outcomes/triggers.py) append the moment of each such write to StaleMoment;
every read first takes those in (`mark_written_periods_stale`), bumping the version
of each day and month they fall in, so a summary counted before the write no longer
counts (see ContactSummary).

Summaries are by team, not by coach: a month then holds a few thousand rows at
national scale (100 teams) rather than a hundred thousand, so reading a year of them
stays quick; each team's are under its own key, so the view of a team or a contract
reads only its teams' from the database. The figures of one coach are counted live
over the period instead: a coach's own contacts are a few thousand a year, found
through the coach's index. A coach's rows count for the team the coach was in when
the period was counted.

A summary's figures are JSON, and a year of them holds some twelve thousand lengths
of coaching that ended: unpacking them was a quarter of the dashboard's time. So each
process caches each period as it last unpacked it, under the name of the count that
made it: its `build` (new with every count) and `built_version`. Every view reads the
names first, and unpacks again a period whose count has another. `built_version` is
in the name for a worker of the release before, during a deploy: it counts again
without naming the count, but always for a newer version. What anyone sees does not
depend on which process answers, or whether it has unpacked the period before.
"""

import threading
import uuid
from collections import Counter, OrderedDict
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from django.db import connection, transaction
from django.db.models import Count, DurationField, Exists, ExpressionWrapper, F, Q, QuerySet
from django.db.models.fields.json import KeyTransform
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from coaching import reporting
from coaching.models import Contact, RelationshipEvent, SystemBarrier
from coaching.reading import rows_planned, stand_in_coach
from outcomes.models import ContactSummary, StaleMoment

KINDS = [
    "contacts",
    "themes",
    "barriers",
    "began",
    "ended",
    "began_details",
    "ended_details",
    "restarted",
]
# What the fairness figures group people by (outcomes/fairness.py), at a person's path.
DETAILS = ["date_of_birth", "gender", "ethnicity", "disability"]
MONTH, DAY = ContactSummary.Span.MONTH, ContactSummary.Span.DAY
# Periods cached unpacked in a process, each for one set of teams and kinds asked: a
# month's for the whole network is about 100 kB, a day's or a team's far less.
UNPACKED_MAX = 1_000


# Periods marked stale in one statement: well inside every database's limit on parameters.
MARK_BATCH = 500


def team_key(team_id: int | None) -> str:
    """A team's key in a summary's figures. Not the bare id: a JSON path reads a number
    as an index into a list."""
    return "no_team" if team_id is None else f"team_{team_id}"


def day_of(moment: date | datetime) -> date:
    if isinstance(moment, datetime):
        return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()
    return moment


def mark_stale(moments: Iterable) -> None:
    """The summaries of the days and months of these moments must be counted again."""
    days = {day_of(m) for m in moments if m is not None}
    keys = sorted(
        {(d, ContactSummary.Span.DAY) for d in days}
        | {(d.replace(day=1), ContactSummary.Span.MONTH) for d in days}
    )
    # A period not summarised yet is made stale, a summarised one has its version
    # bumped. The ORM's upsert can only copy the new row's values, not add one to the
    # old, hence the SQL (the same on SQLite and PostgreSQL).
    table = connection.ops.quote_name(ContactSummary._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(keys), MARK_BATCH):
            batch = keys[start : start + MARK_BATCH]
            rows = ", ".join(["(%s, %s, 1, '{}', '{}')"] * len(batch))
            cursor.execute(
                f"INSERT INTO {table} (starts_on, span, version, figures, totals) "  # noqa: S608
                f"VALUES {rows} ON CONFLICT (starts_on, span) "
                f"DO UPDATE SET version = {table}.version + 1",
                [value for day, span in batch for value in (day, span.value)],
            )


def mark_written_periods_stale() -> bool:
    """Mark stale the periods of every moment the triggers appended since the last read;
    whether there were any. Taken and marked in one transaction: a moment is never taken
    without its periods being marked, and one appended meanwhile stays for the next
    read."""
    if not StaleMoment.objects.exists():
        return False
    stale = connection.ops.quote_name(StaleMoment._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {stale} RETURNING occurred_at")  # noqa: S608 (our name)
        # SQLite sends text, UTC; PostgreSQL an aware datetime.
        moments = [_aware_utc(value) for (value,) in cursor.fetchall()]
        mark_stale(moments)
    return True


def _aware_utc(value) -> datetime:
    moment = StaleMoment._meta.get_field("occurred_at").to_python(value)
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment, UTC)


def _querysets():
    """Each kind: rows, the paths to when it happened and to the coach it counts for,
    and what else to group by. A beginning counts for the coach it began with (a person
    begins once: a later start, with another coach, is a restart); an ending for the
    coach of the relationship that ended, by how many days it had lasted."""
    events = reporting.counted(RelationshipEvent.objects.all(), "relationship__person")
    return {
        "contacts": (
            reporting.counted(Contact.objects.all()),
            "occurred_at",
            "coach",
            ["channel", "reached_out_by"],
        ),
        "themes": (
            reporting.counted(Contact.themes.through.objects.all(), "contact__person"),
            "contact__occurred_at",
            "contact__coach",
            ["theme"],
        ),
        "barriers": (
            reporting.counted(SystemBarrier.objects.all(), "contact__person"),
            "contact__occurred_at",
            "contact__coach",
            # By kind of service and the area of the team that met it; raised and
            # followed up, so the learning loop's figures come from the same rows.
            ["category", "contact__coach__team__area", "raised_with_service", "followed_up"],
        ),
        "began": (
            events.filter(kind=RelationshipEvent.Kind.BEGAN),
            "occurred_at",
            "coach",
            [],
        ),
        "ended": (
            events.filter(kind=RelationshipEvent.Kind.ENDED).annotate(
                length=ExpressionWrapper(
                    F("occurred_at") - F("relationship__created_at"),
                    output_field=DurationField(),
                )
            ),
            "occurred_at",
            "relationship__coach",
            ["length"],
        ),
        # Date of birth rather than age band: the band is worked out on the period's
        # last day, which a month's summary cannot know.
        "began_details": (
            events.filter(kind=RelationshipEvent.Kind.BEGAN),
            "occurred_at",
            "coach",
            [f"relationship__person__details__{name}" for name in DETAILS],
        ),
        "ended_details": (
            events.filter(kind=RelationshipEvent.Kind.ENDED),
            "occurred_at",
            "relationship__coach",
            [f"relationship__person__details__{name}" for name in DETAILS],
        ),
        # Who restarted, by person: someone who restarted twice in a period counts once
        # in it, which only their id can tell across months.
        "restarted": (
            events.filter(kind=RelationshipEvent.Kind.RESTARTED),
            "occurred_at",
            "relationship__coach",
            ["relationship__person", "asked_by_person"],
        ),
    }


def next_month(month: date) -> date:
    return (month + timedelta(days=32)).replace(day=1)


def day_starts(day: date) -> datetime:
    """The first moment of `day` in UK time: where a day's rows begin in a query."""
    return timezone.make_aware(datetime.combine(day, time.min))


# Days no real row has, in place of each range's first and last, in the counts'
# queries built once (coaching.reading.rows_planned; the coach's: stand_in_coach).
STAND_IN_DAY = date(1901, 3, 4)


def _count(
    ranges: list[tuple[date, date]], by: str = DAY, coach=None, kinds=KINDS
) -> dict[str, list[tuple]]:
    """Count live over [from, to) day ranges, by day or month, of everyone or of one
    coach: a query a kind. Rows are (day or first of the month, team id, key..., n).
    Each kind's query is built once for its shape (the kind, by day or month, of one
    coach or not, how many ranges): today's counts are small, and building the query
    cost more than running it."""
    found = {kind: [] for kind in kinds}
    if not ranges:
        return found
    stand_in_days = [STAND_IN_DAY + timedelta(days=i) for i in range(2 * len(ranges))]
    stand_ins = {
        day_starts(s): day_starts(r) for s, r in zip(stand_in_days, _ends(ranges), strict=True)
    }
    coach_in = None
    if coach is not None:
        coach_in, coach_values = stand_in_coach(coach)
        stand_ins |= coach_values
    stand_in_ranges = list(zip(stand_in_days[::2], stand_in_days[1::2], strict=True))
    for kind in kinds:
        key = ("summary", kind, by, coach is None, len(ranges))
        counted = rows_planned(
            key, lambda kind=kind: _counting(kind, by, stand_in_ranges, coach_in), stand_ins
        )
        summed: Counter = Counter()
        for day, *team_and_keys, n in counted:
            summed[(day_of(day), *map(_as_json, team_and_keys))] += n
        found[kind] = [(*key, n) for key, n in summed.items()]
    return found


def _ends(ranges: list[tuple[date, date]]) -> list[date]:
    return [day for start_and_stop in ranges for day in start_and_stop]


def _counting(kind: str, by: str, ranges: list[tuple[date, date]], coach) -> QuerySet:
    """The query that counts `kind` over the day `ranges`, by day or month, of everyone
    or of one coach."""
    rows, when, coach_path, keys = _querysets()[kind]
    within = Q()
    for start, stop in ranges:
        within |= Q(**{f"{when}__gte": day_starts(start), f"{when}__lt": day_starts(stop)})
    if coach is not None:
        rows = rows.filter(**{coach_path: coach})
    trunc = TruncMonth if by == MONTH else TruncDate
    return (
        rows.filter(within)
        .annotate(day=trunc(when))
        .values_list("day", f"{coach_path}__team", *keys)
        .annotate(n=Count("pk"))
        .order_by()
    )


def _as_json(value):
    """A length is stored to the nearest day: JSON has no durations, and lengths to the
    day make a short histogram where lengths to the second would each be a row. A date
    (of birth) as ISO text: JSON has no dates either."""
    if isinstance(value, timedelta):
        return round(value / timedelta(days=1))
    if isinstance(value, date):
        return value.isoformat()
    return value


def _periods(start: date, stop: date, today: date) -> tuple[list, list]:
    """Split [start, stop) into summarised periods (whole months, then whole days) before
    today, and the live ranges left over (today, at most)."""
    summarised, live = [], []
    day = start
    while day < stop:
        if day >= today:
            live.append((day, stop))
            break
        month_end = next_month(day)
        if day.day == 1 and month_end <= stop and month_end <= today:
            summarised.append((day, MONTH))
            day = month_end
        else:
            summarised.append((day, DAY))
            day += timedelta(days=1)
    return summarised, live


def monthly_rows(
    start: date, end: date, *, coach=None, teams=None, kinds=KINDS
) -> dict[str, list[tuple]]:
    """Rows (first of the month, key..., n) of each of `kinds` for every day from
    `start` to `end` inclusive: of everyone or of some teams from the summaries, or
    of one coach counted live."""
    stop = end + timedelta(days=1)
    if coach is not None:
        return _by_month(_count([(start, stop)], by=MONTH, coach=coach, kinds=kinds), teams)
    summarised, live = _periods(start, stop, timezone.localdate())
    found = _by_month(_count(live, kinds=kinds), teams)
    for kind, rows in _from_summaries(summarised, teams, kinds).items():
        found[kind] += rows
    return found


def _by_month(counted: dict[str, list[tuple]], teams: set | None) -> dict[str, list[tuple]]:
    """Rows counted live, (day, team id, key..., n), as (first of the month, key..., n),
    keeping those of `teams`."""
    return {
        kind: [
            (row[0].replace(day=1), *row[2:]) for row in rows if teams is None or row[1] in teams
        ]
        for kind, rows in counted.items()
    }


def _from_summaries(periods: list[tuple[date, str]], teams: set | None, kinds) -> dict:
    """Rows (first of the month, key..., n) of the summarised periods, counting again those
    that are stale. For everyone (`teams` None) they are each period's totals. For some
    teams, the database sends only those teams' figures, not the hundred teams' of a
    national network. Read unpacked where this process has them (see the top)."""
    found = {kind: [] for kind in kinds}
    if not periods:
        return found
    which = Q(span=MONTH, starts_on__in=[d for d, s in periods if s == MONTH]) | Q(
        span=DAY, starts_on__in=[d for d, s in periods if s == DAY]
    )
    summaries = {(s["starts_on"], s["span"]): s for s in _summaries(which)}
    stale = [p for p in periods if p not in summaries or not _counts(summaries[p])]
    asked = _asked(teams, kinds)
    unpacked = {
        p: _unpacked.get((p, asked), _name(summaries[p])) for p in periods if p not in stale
    }
    missing = [p for p, rows in unpacked.items() if rows is None]
    if missing:
        unpacked.update(_unpack([summaries[p]["pk"] for p in missing], teams, kinds, asked))
        # Gone since it was asked after (all recounted, say): counted here instead.
        lost = [p for p in missing if unpacked[p] is None]
        for period in lost:
            del unpacked[period]
        stale += lost
    for rows in unpacked.values():
        _add(found, rows)
    if stale:
        _count_again(stale, summaries, found, teams, asked)
    return found


def _summaries(which: Q) -> list[dict]:
    """The versions and names of these periods' summaries, the moments written since the
    last read taken in first. Whether there are any is asked in the same query: the
    dashboard's number of queries stays what it was before the triggers."""
    fields = ["pk", "starts_on", "span", "version", "built_version", "layout", "build"]
    pending = Exists(StaleMoment.objects.all())
    found = list(ContactSummary.objects.filter(which).values(*fields, pending=pending))
    if (not found or found[0]["pending"]) and mark_written_periods_stale():
        found = list(ContactSummary.objects.filter(which).values(*fields))
    return found


def _asked(teams: set | None, kinds) -> tuple:
    return (None if teams is None else tuple(sorted(teams, key=str)), tuple(kinds))


def _name(summary: dict) -> tuple:
    """The name of the count a summary holds (see the top)."""
    return (summary["build"], summary["built_version"])


def _unpack(pks: list[int], teams: set | None, kinds, asked: tuple) -> dict:
    """The rows of these summarised periods, read from the database and cached unpacked
    (`asked`: _asked(teams, kinds))."""
    summaries = ContactSummary.objects.filter(pk__in=pks)
    if teams is None:
        read = summaries.values("starts_on", "span", "build", "built_version", "totals")
    else:
        # One column a team: asked for by kind as well, PostgreSQL would unpack the
        # figures once a column.
        figures = {team_key(t): KeyTransform(team_key(t), "figures") for t in teams}
        read = summaries.values("starts_on", "span", "build", "built_version", **figures)
    unpacked = {}
    for summary in read:
        period = (summary["starts_on"], summary["span"])
        unpacked[period] = _rows_of(period[0], summary, teams, kinds)
        _unpacked.put((period, asked), _name(summary), unpacked[period])
    return unpacked


def _counts(summary: dict) -> bool:
    return ContactSummary.counts(
        version=summary["version"], built_version=summary["built_version"], layout=summary["layout"]
    )


def _count_again(stale, summaries, found, teams: set | None, asked: tuple) -> None:
    """Count the stale periods again, every kind, and store them; add to `found` the
    kinds it holds."""
    versions = {p: summaries[p]["version"] if p in summaries else 0 for p in stale}
    ContactSummary.objects.bulk_create(
        [ContactSummary(starts_on=d, span=s) for d, s in stale if (d, s) not in summaries],
        ignore_conflicts=True,
    )
    ends = {p: next_month(p[0]) if p[1] == MONTH else p[0] + timedelta(days=1) for p in stale}
    counted = {
        span: _count(_merged([(p[0], ends[p]) for p in stale if p[1] == span]), by=span)
        for span in (MONTH, DAY)
    }
    for period in stale:
        start, span = period
        figures: dict[str, dict[str, list]] = {}
        totals = {}
        for kind in KINDS:
            rows = [row[1:] for row in counted[span][kind] if row[0] == start]
            for team, *keys_and_n in rows:
                figures.setdefault(team_key(team), {}).setdefault(kind, []).append(keys_and_n)
            totals[kind] = _totals(rows)
        build = uuid.uuid4()
        # Stored only if no write marked the period stale while counting (see ContactSummary).
        stored = ContactSummary.objects.filter(
            starts_on=start, span=span, version=versions[period]
        ).update(
            figures=figures,
            totals=totals,
            built_version=versions[period],
            built_at=timezone.now(),
            build=build,
            layout=ContactSummary.LAYOUT,
        )
        if teams is None:
            shown = {"totals": totals}
        else:
            shown = {team_key(team): figures.get(team_key(team)) for team in teams}
        rows = _rows_of(start, shown, teams, asked[1])
        if stored:
            _unpacked.put((period, asked), (build, versions[period]), rows)
        _add(found, rows)


def _rows_of(start: date, summary: dict, teams: set | None, kinds) -> dict[str, list[tuple]]:
    """A period's summarised rows of each of `kinds`, as (first of the month, key..., n): its
    totals, or the figures of each of `teams`."""
    month = start.replace(day=1)
    rows: dict[str, list[tuple]] = {kind: [] for kind in kinds}
    for kind in kinds:
        if teams is None:
            rows[kind] += [(month, *row) for row in summary["totals"].get(kind, [])]
        else:
            for team in teams:
                figures = (summary[team_key(team)] or {}).get(kind, [])
                rows[kind] += [(month, *row) for row in figures]
    return rows


def _add(found: dict[str, list], rows: dict[str, list[tuple]]) -> None:
    # Rows cached unpacked are shared between requests: added, never handed out.
    for kind, kind_rows in rows.items():
        found[kind] += kind_rows


class _Unpacked:
    """Each period's rows as last unpacked for what was asked, under the name of their
    count: the newest UNPACKED_MAX, for threads too (a worker may serve several)."""

    def __init__(self):
        self._rows: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple, name: tuple):
        """The rows held under `key`, if they are of the count `name`."""
        with self._lock:
            held = self._rows.get(key)
            if held is None or held[0] != name or name[0] is None:
                return None
            self._rows.move_to_end(key)
            return held[1]

    def put(self, key: tuple, name: tuple, rows: dict) -> None:
        if name[0] is None:  # counted before counts were named: never known again
            return
        with self._lock:
            self._rows[key] = (name, rows)
            self._rows.move_to_end(key)
            while len(self._rows) > UNPACKED_MAX:
                self._rows.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._rows.clear()


_unpacked = _Unpacked()


def _totals(rows: list[list]) -> list[list]:
    """[team, key..., n] rows summed over the teams: [key..., n]."""
    summed: dict[tuple, int] = {}
    for *team_and_keys, n in rows:
        keys = tuple(team_and_keys[1:])
        summed[keys] = summed.get(keys, 0) + n
    return [[*keys, n] for keys, n in summed.items()]


def _merged(ranges: list[tuple[date, date]]) -> list[tuple[date, date]]:
    merged: list[list[date]] = []
    for start, stop in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], stop)
        else:
            merged.append([start, stop])
    return [(a, b) for a, b in merged]
