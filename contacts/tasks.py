from celery import shared_task

from . import services


@shared_task
def purge_trash() -> int:
    """Delete contacts that have been in the Trash for more than 30 days. Safe to run twice."""
    return services.purge_trash()
