"""Database functions Django does not ship, for both databases we run on."""

import statistics

from django.db.backends.signals import connection_created
from django.db.models import Aggregate


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
