"""manage.py export_contacts --user EMAIL --format vcf|csv [--output FILE]."""

from pathlib import Path

from django.core.management.base import BaseCommand

from contacts import exporting

from .import_contacts import find_user


class Command(BaseCommand):
    help = "Export a doctor's contacts (not the Trash) as vCard (4.0 or 3.0) or CSV."

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="The doctor's email address.")
        parser.add_argument("--format", required=True, choices=["vcf", "csv"], dest="fmt")
        parser.add_argument("--output", type=Path, help="File to write (default: stdout).")
        parser.add_argument(
            "--vcard-version",
            choices=exporting.VCARD_VERSIONS,
            default="4.0",
            help="vCard 4.0 (default) or 3.0 for older clients.",
        )

    def handle(self, *args, user, fmt, output, vcard_version, **options):
        contacts = exporting.exported_contacts(find_user(user))
        if fmt == "vcf":
            chunks = exporting.vcards(contacts, version=vcard_version)
        else:
            chunks = exporting.csv_lines(contacts)
        if output is None:
            for chunk in chunks:
                self.stdout.write(chunk, ending="")
            return
        with output.open("w", encoding="utf-8", newline="") as handle:
            for chunk in chunks:
                handle.write(chunk)
        self.stderr.write(f"Wrote {output}.")
