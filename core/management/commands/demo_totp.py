import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from netmed.devserver import DEMO_STAFF_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the demo staff account's current authenticator code (development only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("The demo staff code exists only in development (DJANGO_DEBUG).")
        counter = int(time.time()) // mfa_settings.TOTP_PERIOD
        self.stdout.write(format_hotp_value(hotp_value(DEMO_STAFF_TOTP_SECRET, counter)))
