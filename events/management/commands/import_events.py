from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from events.importing import import_events


class Command(BaseCommand):
    help = "Import events from a CSV, .ics or .eml file; rejected rows are listed with their line."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--publish", action="store_true", help="Publish the imported events.")
        parser.add_argument("--dry-run", action="store_true", help="Check and report only.")
        parser.add_argument(
            "--timezone",
            default="",
            help="IANA zone for calendar times that name none (else such events are refused).",
        )

    def handle(self, *args, file: Path, publish: bool, dry_run: bool, timezone: str, **options):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        result = import_events(
            data, filename=file.name, publish=publish, dry_run=dry_run, timezone=timezone
        )
        for notice in result.notices:
            self.stdout.write(f"Note: {notice}")
        for row in result.rejected:
            self.stderr.write(
                f"line {row.line}: {row.reason}" + (f" ({row.title})" if row.title else "")
            )
        self.stdout.write(result.summary)
