"""Multi-step writes on contacts. Views, tasks and commands call these; nothing else writes."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .models import Contact

TRASH_DAYS = 30


@transaction.atomic
def purge_trash(*, older_than_days: int = TRASH_DAYS) -> int:
    cutoff = timezone.now() - timedelta(days=older_than_days)
    deleted, _ = Contact.objects.filter(deleted_at__lt=cutoff).delete()
    return deleted
