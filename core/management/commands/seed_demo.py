from django.core.management.base import BaseCommand
from django.db import transaction

from core import demo


class Command(BaseCommand):
    help = "Create the demo doctor (with a believable network) and a staff user. Idempotent."

    def handle(self, *args, **options):
        with transaction.atomic():
            doctor, staff = demo.seed()
        self.stdout.write(self.style.SUCCESS(f"Demo data ready: {doctor.email}, {staff.email}"))
