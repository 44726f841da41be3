"""Delete requests for a coach that nobody took in time. Run it daily (cron, a timer)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from coaching import services


class Command(BaseCommand):
    help = "Delete requests for a coach nobody took within COACH_REQUEST_KEEP_DAYS days."

    def handle(self, *args, **options):
        deleted = services.forget_untaken_requests(keep_days=settings.COACH_REQUEST_KEEP_DAYS)
        self.stdout.write(f"Forgot {deleted} untaken request(s).")
