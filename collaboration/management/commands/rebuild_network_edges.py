"""manage.py rebuild_network_edges [--user EMAIL]: recompute the network graph's edges."""

from django.core.management.base import BaseCommand
from django.db import transaction

from collaboration.edges import rebuild_edges
from contacts.management.commands.import_contacts import find_user


class Command(BaseCommand):
    help = (
        "Recompute the network graph's edges (collaboration.NetworkEdge) from projects, "
        "publications, introductions, people met at events and interactions: for one doctor, "
        "or every doctor. Only needed after writing those facts outside NetMed's own writers."
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", help="The doctor's email address (default: every doctor).")

    def handle(self, *args, user=None, **options):
        with transaction.atomic():
            rebuild_edges(None if user is None else [find_user(user).pk])
        self.stdout.write("Network edges rebuilt.")
