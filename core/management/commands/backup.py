from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, back_up


class Command(BaseCommand):
    help = "Back up the whole database and the media folder into a new folder (docs/operations.md)."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="a new or empty folder for the backup")

    def handle(self, *args, folder: Path, **options):
        try:
            back_up(
                database=settings.DATABASES["default"], media_root=settings.MEDIA_ROOT, to=folder
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backed up the database and {settings.MEDIA_ROOT} into {folder}")
