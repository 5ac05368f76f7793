from celery import shared_task

from . import privacy


@shared_task
def purge_deleted_accounts() -> int:
    """Delete accounts whose deletion grace period is over. Safe to run twice."""
    return privacy.purge_due_accounts()
