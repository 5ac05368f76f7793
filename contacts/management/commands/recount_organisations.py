"""Recompute every organisation's kept people count and last contact from scratch."""

from django.core.management.base import BaseCommand
from django.db import transaction

from contacts.organisation_counts import refresh_all


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        with transaction.atomic():
            refresh_all()
        self.stdout.write("Organisations recounted.")
