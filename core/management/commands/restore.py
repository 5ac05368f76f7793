from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup (manage.py backup) into the empty database DATABASE_URL names and "
        "the media folder (docs/operations.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="a folder manage.py backup wrote")

    def handle(self, *args, folder: Path, **options):
        database = settings.DATABASES["default"]
        try:
            restore(source=folder, database=database, media_root=settings.MEDIA_ROOT)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {folder} into {database['NAME']} and {settings.MEDIA_ROOT}")
