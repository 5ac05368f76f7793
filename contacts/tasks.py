from celery import shared_task

from . import services


@shared_task
def purge_trash() -> int:
    """Delete contacts that have been in the Trash for more than 30 days. Safe to run twice."""
    return services.purge_trash()


@shared_task
def read_import_upload(job_id: str) -> None:
    """Parse a kept contact upload for its preview. Safe to run twice: a job read is left alone."""
    from .importing.service import read_upload

    read_upload(job_id=job_id)


@shared_task
def run_import_job(job_id: str) -> None:
    """Write a confirmed contact import. Safe to run twice: a finished job is left alone."""
    from .importing.service import run_import

    run_import(job_id=job_id)


@shared_task
def forget_abandoned_import_previews() -> int:
    """Delete import previews left unconfirmed for a day, with their uploads. Safe to run twice."""
    from .importing.service import forget_abandoned_previews

    return forget_abandoned_previews()
