"""Build an organisation of a given size, quickly: the data behind `make bench`.

The same shape as the demo organisation (coaching/management/commands/demo_data.py):
bursts of contact in a crisis thinning out to the occasional voice note, pauses and
resumes, endings and restarts, handovers between coaches in a team, and people who
turned a sharing choice off. Written in bulk, never row by row: COPY on PostgreSQL
(psycopg 3 `cursor.copy()`), `bulk_create` elsewhere, so the national size (1,000
coaches, 50,000 people, 5,000,000 contacts) loads in minutes.

Each app's rows come from a part of its own here (`PARTS`, in the order they run):
this development-only app may read every app; no app reads it.
"""

import random
import time
from collections.abc import Callable
from contextlib import contextmanager

from django.core.management.color import no_style
from django.db import IntegrityError, connection
from django.utils import timezone

from benchmarks.scale import budgets_data, coaching_data, outcomes_data
from benchmarks.scale.world import Size, World

# In the order they run: a part reads what the parts before it made.
PARTS: list[Callable[[World], None]] = [
    coaching_data.coaching,
    budgets_data.budgets,
    outcomes_data.wellbeing,
    outcomes_data.outcomes,
    outcomes_data.cached_figures,
]


def build(
    size: Size, *, seed: int = 20261123, prefix: str = "", progress: Callable[[str], None] = print
) -> World:
    """Run every registered part in order, then make the database ready to serve.

    `prefix` starts every generated username, team name and contract name, so that two
    organisations can share a database (the query-count test builds two sizes side by
    side).
    """
    world = World(size=size, rng=random.Random(seed), now=timezone.now(), prefix=prefix)
    with _foreign_keys_checked_after(world, progress):
        for part in PARTS:
            started = time.monotonic()
            part(world)
            name = f"{part.__module__}.{part.__name__}"
            progress(f"{name}: {time.monotonic() - started:.1f}s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), world.written_models()):
                cursor.execute(sql)
            # Fresh statistics, so the planner knows how big the tables have become; and,
            # outside a transaction, the visibility map autovacuum would build in time, so
            # index-only scans skip the heap from the first page served, as they do on a
            # database that has been running. (VACUUM cannot run inside a transaction: the
            # tests build inside one.)
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            for table in world.tables_written:
                cursor.execute(f"{command} {connection.ops.quote_name(table)}")
    return world


@contextmanager
def _foreign_keys_checked_after(world: World, progress: Callable[[str], None]):
    """On PostgreSQL, check foreign keys once per table after the load, not per row.

    `session_replication_role = replica` (superuser only) skips the per-row foreign
    key triggers; an anti-join per foreign key afterwards proves every reference
    holds. Check constraints and unique indexes apply throughout.
    """
    fast = connection.vendor == "postgresql" and _is_superuser()
    if fast:
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
    try:
        yield
    finally:
        if fast:
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = DEFAULT")
    if fast:
        started = time.monotonic()
        _verify_references(world)
        progress(f"foreign keys verified: {time.monotonic() - started:.1f}s")


def _is_superuser() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('is_superuser')")
        return cursor.fetchone()[0] == "on"


def _verify_references(world: World) -> None:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in world.models_written:
            for fk in model._meta.concrete_fields:
                if not fk.is_relation:
                    continue
                target = fk.target_field
                child, parent = quote(model._meta.db_table), quote(target.model._meta.db_table)
                key, pk = quote(fk.column), quote(target.column)
                # Quoted names from the models, never input.
                sql = f"SELECT count(*) FROM {child} c LEFT JOIN {parent} t ON t.{pk} = c.{key} "  # noqa: S608
                cursor.execute(sql + f"WHERE c.{key} IS NOT NULL AND t.{pk} IS NULL")
                missing = cursor.fetchone()[0]
                if missing:
                    raise IntegrityError(
                        f"{missing} rows of {model._meta.label} point at a missing "
                        f"{target.model._meta.label} through {fk.name}."
                    )
