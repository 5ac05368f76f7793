"""manage.py import_contacts --user EMAIL FILE [--dry-run]: import a contact file for a doctor."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from contacts.importing import FORMAT_LABELS, ImportFileError, parse
from contacts.importing.service import check_rows, write_contacts
from contacts.models import Contact, ImportRow


def find_user(email: str):
    try:
        return get_user_model().objects.get(email__iexact=email)
    except get_user_model().DoesNotExist:
        raise CommandError(f"No user with the email address {email}.") from None


class Command(BaseCommand):
    help = (
        "Import a LinkedIn, Google or Outlook CSV or a vCard file into a doctor's contacts "
        "(the format is detected). Rows already in the network are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="The doctor's email address.")
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Print the preview; save nothing."
        )

    def handle(self, *args, user, file, dry_run, **options):
        owner = find_user(user)
        try:
            result = parse(file.read_bytes())
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        checks = check_rows(owner=owner, contacts=result.contacts)
        names = {
            contact.pk: contact.display_name
            for contact in Contact.objects.for_user(owner).filter(
                pk__in=[c.duplicate_of for c in checks if c.duplicate_of]
            )
        }
        for notice in result.notices:
            self.stdout.write(f"Note: {notice}")
        for check in checks:
            label = check.contact.label or "(no name)"
            if check.status == ImportRow.Status.NEW:
                detail = label
            elif check.duplicate_of:
                name = names.get(check.duplicate_of, "")
                said = f"{check.reason.lower()}:" if check.reason else "duplicate of"
                detail = f"{label}: {said} {name} ({check.duplicate_of})"
            else:
                detail = f"{label}: {check.reason or check.contact.error}"
            self.stdout.write(f"line {check.contact.line:>5}  {check.status:<9}  {detail}")
            for warning in check.contact.warnings:
                self.stdout.write(f"{'':>26}{warning}")
        counts = {s: sum(c.status == s for c in checks) for s in ImportRow.Status.values}
        self.stdout.write(
            f"{len(checks)} rows in {FORMAT_LABELS[result.format]}: {counts['new']} new, "
            f"{counts['duplicate']} already in NetMed, {counts['error']} with problems."
        )
        if dry_run:
            self.stdout.write("Dry run: nothing was saved.")
            return
        with transaction.atomic():
            summary = write_contacts(owner=owner, contacts=result.contacts, source=result.format)
        self.stdout.write(self.style.SUCCESS(f"Imported {summary.created} new contacts."))
