"""Reading a page's small lists in one query.

A person's page shows many short lists from several tables and apps: a page of their
story (contacts, steps, budget requests...), their goals, their budget requests, their
outcomes. Read one query each, the lists cost more in round trips and in building the
queries than in the database. Here each list is a `Part`: a queryset, the fields it
needs, and at most how many rows. `read_together` reads every part in one query (a
UNION ALL), each row carried as a JSON object of its fields, and hands each part back
its rows as plain dicts, their values of the field's own Python type again (a date, a
Decimal, a time in UTC).

    parts = [Part("goals", Goal.objects.filter(person=person), ["pk", "text"])]
    read_together(parts)["goals"]  # [{"pk": 3, "text": "Find a flat"}, ...]

A field may follow a relation ("coach__first_name"). A part with `limit` takes its
first rows in `order_by` (its key: the limit sits in a subquery, as SQLite takes no
LIMIT in one branch of a UNION); the rows come back in no order, so the caller sorts.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db import models
from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Coalesce, Concat, JSONObject, NullIf, Trim
from django.utils import timezone

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
    found: dict[str, list[dict]] = {part.name: [] for part in parts}
    if not parts:
        return found
    selects = [_select(part) for part in parts]
    union = selects[0].union(*selects[1:], all=True) if len(selects) > 1 else selects[0]
    decoders = {part.name: _decoders(part) for part in parts}
    for name, row in union.order_by():
        row = _json(row)
        for key, decode in decoders[name].items():
            if row.get(key) is not None:
                row[key] = decode(row[key])
        found[name].append(row)
    return found


def display_name(user: str):
    """A computed value: the display name (User.display_name) of the user at the
    relation `user`, worked out by the database: the full name, else the username."""
    full = Trim(Concat(F(f"{user}__first_name"), Value(" "), F(f"{user}__last_name")))
    return Coalesce(NullIf(full, Value("")), F(f"{user}__username"), output_field=CharField())


def as_instances(model, rows: list[dict], *, users: Iterable[str] = ()) -> list:
    """Rows as unsaved instances of `model`, for templates and methods that want one;
    each key in `users` (a display_name) becomes a User of that name there."""
    made = []
    for row in rows:
        names = {key: row.pop(key) for key in users}
        instance = model(**row)
        for key, name in names.items():
            setattr(instance, key, User(username=name) if name else None)
        made.append(instance)
    return made


def _select(part: Part) -> models.QuerySet:
    rows = part.queryset
    if part.limit is not None:
        first = rows.order_by(*part.order_by).values("pk")[: part.limit]
        rows = rows.model._base_manager.filter(pk__in=first)
    columns = {key: _column(rows.model, key) for key in part.fields} | part.computed
    return (
        rows.order_by()
        .annotate(
            read_part=Value(part.name, output_field=CharField()), read_row=JSONObject(**columns)
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
    decoders = {}
    model = part.queryset.model
    for key in part.fields:
        model_field = _field(model, key)
        if isinstance(model_field, models.DateTimeField):
            decoders[key] = _moment
        elif isinstance(model_field, (models.DateField, models.DecimalField, models.BooleanField)):
            decoders[key] = model_field.to_python
    return decoders


def _moment(value) -> datetime:
    moment = models.DateTimeField().to_python(value)
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=UTC)


def _json(row):
    # PostgreSQL's driver hands back JSON decoded; SQLite's hands back its text.
    if isinstance(row, str):
        return json.loads(row)
    return row
