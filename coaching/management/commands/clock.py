"""The clock: enqueues the worker's regular tasks (coaching/tasks.py). Run one, beside
the worker; `--once` enqueues what is due and stops (for a systemd timer or cron)."""

import logging
import time

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections

from coaching.tasks import HEARTBEAT_EVERY, enqueue_due

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Enqueue the heartbeat every minute and housekeeping every day, for the worker."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Enqueue what is due, then stop.")

    def handle(self, *args, once=False, **options):
        while True:
            try:
                enqueued = enqueue_due()
            except DatabaseError:
                # The database is restarting: the next tick tries again.
                logger.exception("The clock could not enqueue its tasks")
                enqueued = []
            if enqueued:
                self.stdout.write(f"Enqueued: {', '.join(enqueued)}")
            if once:
                return
            time.sleep(HEARTBEAT_EVERY.total_seconds())
            close_old_connections()  # a connection broken while it slept is opened again
