"""Print the current second-factor code of the demo staff (development only)."""

import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from coaching.management.commands.demo_data import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the 6-digit code demo staff sign in with. Only with DJANGO_DEBUG=true."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo codes are for development machines only.")
        counter = int(time.time()) // 30
        seconds_left = 30 - int(time.time()) % 30
        code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter))
        self.stdout.write(f"{code}  (good for another {seconds_left} seconds)")
