import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reminders import digest


class Command(BaseCommand):
    help = "Run one digest dispatcher pass now, synchronously, as beat would at that moment."

    def add_arguments(self, parser):
        parser.add_argument(
            "--at",
            help="Dispatch as if it were this moment (ISO 8601, e.g. 2026-11-30T07:00+11:00).",
        )

    def handle(self, *args, at=None, **options):
        now = timezone.now()
        if at:
            try:
                now = dt.datetime.fromisoformat(at)
            except ValueError as error:
                raise CommandError(f"--at: {error}") from error
            if timezone.is_naive(now):
                now = timezone.make_aware(now, dt.UTC)
        result = digest.run_pass(now)
        self.stdout.write(
            f"claimed {result.claimed}, sent {result.sent}, skipped {result.skipped}, "
            f"failed {result.failed} (of {result.candidates} candidates)"
        )
