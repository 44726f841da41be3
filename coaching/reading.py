"""Reading a page's small lists in one query.

A person's page shows many short lists from several tables and apps: a page of their
story (contacts, steps, budget requests...), their goals, their budget requests, their
outcomes. Read one query each, the lists cost more in round trips and in building the
queries than in the database. Here each list is a `Part`: a queryset, the fields it
needs, and at most how many rows. `read_together` reads every part in one query (a
UNION ALL), each row carried as a JSON array of its fields' values, and hands each part
back its rows as plain dicts, their values of the field's own Python type again (a
date, a Decimal, a time in UTC). An array, not an object: an object's keys would each
be a parameter of the query, some two hundred for a person's page, and the driver
reads every parameter again on every read.

    parts = [Part("goals", Goal.objects.filter(person=person), ["pk", "text"])]
    read_together(parts)["goals"]  # [{"pk": 3, "text": "Find a flat"}, ...]

A field may follow a relation ("coach__first_name"). A part with `limit` takes its
first rows in `order_by` (its key: the limit sits in a subquery, as SQLite takes no
LIMIT in one branch of a UNION); the rows come back in no order, so the caller sorts.
"""

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from django.core.exceptions import EmptyResultSet, FieldError
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models import DEFERRED, CharField, F, Value
from django.db.models.functions import Cast, Coalesce, Concat, JSONArray, NullIf, Trim
from django.dispatch import receiver
from django.test.signals import setting_changed

from coaching.models import User


@dataclass(frozen=True)
class Part:
    name: str
    queryset: models.QuerySet
    fields: Iterable[str]
    order_by: tuple[str, ...] = ()
    limit: int | None = None
    # Extra values worked out in the database (an expression per key), read as they come.
    computed: dict = field(default_factory=dict)


def read_together(parts: list[Part]) -> dict[str, list[dict]]:
    """Every part's rows, by part name, in one query (none when there are no parts)."""
    plan = _plan(parts, None)
    return _read(plan, plan.params)


@dataclass
class Plan:
    """Parts compiled to one query: its SQL and parameters, how to decode each part's
    rows, and whatever else the builder made with them (`extra`)."""

    names: list[str]
    sql: str | None
    params: list
    keys: dict  # each part's keys, in the order of its rows' arrays
    decoders: dict
    extra: object


# Plans by key, for this process: building and compiling a dozen querysets costs far
# more than running them. Emptied when a setting changes (tests change settings).
PLANS: dict = {}


def read_planned(
    key, build: Callable[[], tuple[list[Part], object]], stand_ins: dict
) -> tuple[dict[str, list[dict]], object]:
    """As read_together, for a page read often: `build()` makes the parts (and
    anything else the caller wants kept with them) once per `key`, with stand-in
    values in place of those that vary from one read to the next; each read puts the
    real values (`stand_ins`: stand-in -> real) in their places in the kept SQL.

    So the parts may depend only on what `key` holds and on the stand-ins: build them
    from a stand-in person, and put everything else they read in the key.
    """
    db = connections[DEFAULT_DB_ALIAS]
    plan = PLANS.get((db.vendor, key))
    if plan is None:
        parts, extra = build()
        plan = PLANS[(db.vendor, key)] = _plan(parts, extra)
    return _read(plan, _real_values(db, plan.params, stand_ins)), plan.extra


def rows_planned(key, build: Callable[[], models.QuerySet], stand_ins: dict) -> list[tuple]:
    """`list(build())`, for a values_list() read often whose database work is small (a
    day's figures): as read_planned, the query is built and compiled once per `key`,
    from stand-in values, and each read puts the real ones in; the rows are converted
    as Django converts them. A queryset that can match nothing (none()) reads nothing.

    A stand-in must be of the type the field takes (a datetime for a DateTimeField), as
    its real value is. The kept compiler only converts values (its converters read no
    database), for whichever thread reads."""
    db = connections[DEFAULT_DB_ALIAS]
    plan = PLANS.get((db.vendor, "rows", key))
    if plan is None:
        compiler = build().query.get_compiler(DEFAULT_DB_ALIAS)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            sql, params = None, ()
        converters = (
            compiler.get_converters(
                [column for column, *_ in compiler.select[: compiler.col_count]]
            )
            if sql
            else {}
        )
        plan = PLANS[(db.vendor, "rows", key)] = (sql, list(params), compiler, converters)
    sql, params, compiler, converters = plan
    if sql is None:
        return []
    with db.cursor() as cursor:
        cursor.execute(sql, _real_values(db, params, stand_ins))
        # Only the columns asked for: an ordering or distinct() may have added others.
        rows = [row[: compiler.col_count] for row in cursor.fetchall()]
    if converters:
        return [tuple(row) for row in compiler.apply_converters(rows, converters)]
    return [tuple(row) for row in rows]


def read_one(key, build: Callable[[], models.QuerySet], stand_ins: dict, related=()):
    """`build().select_related(*related).get()`, for a look-up made on every view of a
    page, or None when no row matches. As read_planned: the query is built once per
    `key`, from stand-in values; each read puts the real ones in. The row is made into
    the instance and its related ones (each relation's every field), as Django makes
    them, a related one missing (no row) as None."""

    def plan():
        queryset = build()
        model = queryset.model
        paths = _paths_of(related)
        fields = [f.name for f in model._meta.concrete_fields]
        fields += [
            f"{path}__{f.name}"
            for path in paths
            for f in _model_at(model, path)._meta.concrete_fields
        ]
        return [Part("one", queryset, fields)], (model, paths)

    found, (model, paths) = read_planned(("read_one", key), plan, stand_ins)
    if not found["one"]:
        return None
    if len(found["one"]) > 1:
        raise model.MultipleObjectsReturned(f"read_one({key!r}) found more than one")
    row = found["one"][0]
    made = {"": _instance(model, _fields_at(model, row, ""))}
    for path in paths:
        parent_path, _, name = path.rpartition("__")
        parent = made[parent_path]
        if parent is None:
            made[path] = None
            continue
        relation = parent._meta.get_field(name)
        values = _fields_at(relation.related_model, row, f"{path}__")
        pk = relation.related_model._meta.pk.attname
        made[path] = None if values[pk] is None else _instance(relation.related_model, values)
        # What select_related does: the related object kept on the field's cache.
        relation.set_cached_value(parent, made[path])
    return made[""]


def _paths_of(related) -> list[str]:
    """Every relation on the way to each of `related`, parents first."""
    paths = []
    for path in related:
        names = path.split("__")
        for end in range(1, len(names) + 1):
            if (prefix := "__".join(names[:end])) not in paths:
                paths.append(prefix)
    return paths


def _model_at(model, path: str):
    for name in path.split("__"):
        model = model._meta.get_field(name).related_model
    return model


def _fields_at(model, row: dict, prefix: str) -> dict:
    return {f.attname: row[f"{prefix}{f.name}"] for f in model._meta.concrete_fields}


def _plan(parts: list[Part], extra) -> Plan:
    if not parts:
        return Plan([], None, [], {}, {}, extra)
    selects = [_select(part) for part in parts]
    union = selects[0].union(*selects[1:], all=True) if len(selects) > 1 else selects[0]
    sql, params = union.order_by().query.get_compiler(DEFAULT_DB_ALIAS).as_sql()
    keys = {part.name: [*part.fields, *part.computed] for part in parts}
    decoders = {part.name: _decoders(part) for part in parts}
    return Plan([part.name for part in parts], sql, list(params), keys, decoders, extra)


def _read(plan: Plan, params: list) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {name: [] for name in plan.names}
    if plan.sql is None:
        return found
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(plan.sql, params)
        rows = cursor.fetchall()
    for (name, _), values in zip(rows, _arrays([values for _, values in rows]), strict=True):
        row = dict(zip(plan.keys[name], values, strict=True))
        for key, decode in plan.decoders[name].items():
            if row.get(key) is not None:
                row[key] = decode(row[key])
        found[name].append(row)
    return found


def _real_values(db, params: list, stand_ins: dict) -> list:
    """A kept query's parameters with each stand-in's real value in its place."""
    real = {_adapted(db, stand_in): _adapted(db, value) for stand_in, value in stand_ins.items()}
    return [real.get(param, param) if _hashable(param) else param for param in params]


# A coach no row is, and their team: what a query read on every view of a coach's page
# is built from once (stand_in_coach).
STAND_IN_COACH = -7_302_001
STAND_IN_TEAM = -7_302_002


def stand_in_coach(coach: User) -> tuple[User, dict]:
    """A stand-in for `coach` to build a query from, and each stand-in's real value. The
    stand-in has a stand-in team only where the coach has a team (a query of a coach
    with none says `IS NULL`): a plan that reads the team keys on whether there is one."""
    has_team = coach.team_id is not None
    stand_in = User(pk=STAND_IN_COACH, team_id=STAND_IN_TEAM if has_team else None)
    return stand_in, {STAND_IN_COACH: coach.pk, STAND_IN_TEAM: coach.team_id}


def _adapted(db, value):
    """A value as the database's parameters carry it (SQLite: a time or a day as text)."""
    if isinstance(value, datetime):
        return db.ops.adapt_datetimefield_value(value)
    if isinstance(value, date):
        return db.ops.adapt_datefield_value(value)
    return value


def _hashable(value) -> bool:
    return isinstance(value, (int, str, date))


@receiver(setting_changed)
def _forget_plans(**kwargs) -> None:
    PLANS.clear()


def display_name(user: str):
    """A computed value: the display name (User.display_name) of the user at the
    relation `user`, worked out by the database: the full name, else the username."""
    full = Trim(Concat(F(f"{user}__first_name"), Value(" "), F(f"{user}__last_name")))
    return Coalesce(NullIf(full, Value("")), F(f"{user}__username"), output_field=CharField())


def as_instances(model, rows: list[dict], *, users: Iterable[str] = ()) -> list:
    """Rows as instances of `model`, as if read by the ORM, for templates and methods
    that want one: the fields read are set, and any other is deferred (read if asked
    for, never a default standing in for it). Each key in `users` (a display_name)
    becomes a User of that name there."""
    made = []
    for row in rows:
        names = {key: row.pop(key) for key in users}
        instance = _instance(model, row)
        for key, name in names.items():
            setattr(instance, key, _named(name) if name else None)
        made.append(instance)
    return made


def _named(name: str) -> User:
    """A user known by their display name only (display_name), saved nowhere."""
    return _instance(User, {"pk": None, "username": name, "first_name": "", "last_name": ""})


def _instance(model, row: dict):
    # Model.from_db with every concrete field in order, the unread ones deferred: the
    # quick way Django makes an instance, not a keyword at a time with defaults.
    values = {model._meta.pk.attname if key == "pk" else key: value for key, value in row.items()}
    fields = model._meta.concrete_fields
    if unknown := values.keys() - {f.attname for f in fields}:
        raise TypeError(f"{model.__name__} has no fields {sorted(unknown)}")
    return model.from_db(DEFAULT_DB_ALIAS, None, [values.get(f.attname, DEFERRED) for f in fields])


def _select(part: Part) -> models.QuerySet:
    rows = part.queryset
    if part.limit is not None:
        first = rows.order_by(*part.order_by).values("pk")[: part.limit]
        rows = rows.model._base_manager.filter(pk__in=first)
    columns = [_column(rows.model, key) for key in part.fields] + list(part.computed.values())
    return (
        rows.order_by()
        .annotate(
            read_part=Value(part.name, output_field=CharField()), read_row=JSONArray(*columns)
        )
        .values_list("read_part", "read_row")
    )


def _field(model, path: str) -> models.Field:
    *relations, last = path.split("__")
    for name in relations:
        model = model._meta.get_field(name).related_model
    return model._meta.get_field(last) if last != "pk" else model._meta.pk


def _column(model, path: str):
    # A Decimal goes as text: as a JSON number it would come back a float.
    if isinstance(_field(model, path), models.DecimalField):
        return Cast(F(path), CharField())
    return F(path)


def _decoders(part: Part) -> dict:
    """How to give each value its Python type again, by its field, or for a computed
    value by the field it gives (output_field)."""
    decoders = {}
    model = part.queryset.model
    fields = {key: _field(model, key) for key in part.fields}
    fields |= {key: _output_field(expression) for key, expression in part.computed.items()}
    for key, model_field in fields.items():
        if isinstance(model_field, models.DateTimeField):
            decoders[key] = _moment
        elif isinstance(model_field, (models.DateField, models.DecimalField, models.BooleanField)):
            decoders[key] = model_field.to_python
    return decoders


def _output_field(expression) -> models.Field | None:
    """The field an expression gives, where it says so before it is resolved (an F()
    does not: its value is left as the JSON gives it)."""
    try:
        return expression.output_field
    except (AttributeError, FieldError):
        return None


def _moment(value) -> datetime:
    # PostgreSQL gives "2026-03-03T14:05:00.1+00:00"; SQLite "2026-03-03 14:05:00.1", in UTC.
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _arrays(values: list) -> list[list]:
    """The rows' arrays, decoded. Django has both databases' drivers hand back JSON as
    text: decoded all at once, as one array of them, not row by row."""
    if values and isinstance(values[0], str):
        return json.loads(f"[{','.join(values)}]")
    return values
