"""manage.py export_contacts --user EMAIL --format vcf|csv [--output FILE]."""

from pathlib import Path

from django.core.management.base import BaseCommand

from contacts import exporting

from .import_contacts import find_user


class Command(BaseCommand):
    help = "Export a doctor's contacts (not the Trash) as vCard 4.0 or CSV, to a file or stdout."

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="The doctor's email address.")
        parser.add_argument("--format", required=True, choices=["vcf", "csv"], dest="fmt")
        parser.add_argument("--output", type=Path, help="File to write (default: stdout).")

    def handle(self, *args, user, fmt, output, **options):
        contacts = exporting.exported_contacts(find_user(user))
        chunks = exporting.vcards(contacts) if fmt == "vcf" else exporting.csv_lines(contacts)
        if output is None:
            for chunk in chunks:
                self.stdout.write(chunk, ending="")
            return
        with output.open("w", encoding="utf-8", newline="") as handle:
            for chunk in chunks:
                handle.write(chunk)
        self.stderr.write(f"Wrote {output}.")
