"""Database functions Django does not ship, for both databases we run on."""

import statistics
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from django.db.backends.signals import connection_created
from django.db.models import Aggregate
from psycopg.pq import TransactionStatus


class Median(Aggregate):
    """The middle value, or the mean of the middle two, worked out in the database so
    no rows leave it. PostgreSQL's ordered-set aggregate; on SQLite a function added to
    each connection (`add_sqlite_median`)."""

    function = "PERCENTILE_CONT"
    name = "Median"
    arity = 1
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)%(filter)s"

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            function="MAYDAY_MEDIAN",
            template="%(function)s(%(expressions)s)%(filter)s",
            **extra_context,
        )


class _SQLiteMedian:
    def __init__(self):
        self.values = []

    def step(self, value):
        if value is not None:
            self.values.append(value)

    def finalize(self):
        return statistics.median(self.values) if self.values else None


def add_sqlite_median(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate("MAYDAY_MEDIAN", 1, _SQLiteMedian)


connection_created.connect(add_sqlite_median, dispatch_uid="helpers.db.add_sqlite_median")


# Planner settings for figures read over many rows (planned_for_the_values).
FIGURE_PLANNING = {"plan_cache_mode": "force_custom_plan", "jit": "off"}


@contextmanager
def planned_for_the_values() -> Iterator[None]:
    """On PostgreSQL, plan each query of the block for the values it is given, and do
    not compile it (JIT): for reading figures over many rows, such as the dashboard's.

    A query a connection has run five times is prepared (settings.DATABASES), and
    PostgreSQL may then keep one plan for any values. For a page's short lookups that
    saves planning each time; for a figure, the best plan depends on the period and the
    team, and a plan kept for any values took a second where the right one takes
    milliseconds. Compiling a query costs about 20 ms more, which a figure never won
    back. The settings are the connection's own while the block runs, and put back as
    they were after it (a transaction that fails puts them back by rolling back).

    Behind a transaction pooler (DATABASE_PREPARED_STATEMENTS off) the connection is
    shared, so nothing is set: nothing is prepared there either, and each query is
    planned for its values anyway."""
    prepared = connection.settings_dict["OPTIONS"].get("server_side_binding", False)
    if connection.vendor != "postgresql" or not prepared:
        yield
        return
    assignments = ", ".join(["set_config(%s, %s, false)"] * len(FIGURE_PLANNING))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {assignments}", [v for item in FIGURE_PLANNING.items() for v in item]
        )
    try:
        yield
    finally:
        failed = connection.connection.info.transaction_status == TransactionStatus.INERROR
        if not (failed or connection.needs_rollback):
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config(name, reset_val, false) FROM pg_settings "
                    "WHERE name = ANY(%s)",
                    [list(FIGURE_PLANNING)],
                )
