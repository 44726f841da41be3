"""Django's flush, let past the triggers that keep history as written.

Emptying every table at once is an operator's act (and what Django's tests do after
each test that commits): it leaves no history to disagree with. PostgreSQL empties
with TRUNCATE, which those triggers do not see; SQLite deletes row by row, so there
the whole database is opened for the flush alone (coaching.history).
"""

from django.core.management.commands import flush
from django.db import connections

from coaching import history


class Command(flush.Command):
    def handle(self, **options):
        with history.emptying_everything(connections[options["database"]]):
            return super().handle(**options)
