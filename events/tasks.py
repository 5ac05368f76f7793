"""Event emails. Each task takes an event id and claims its send (``events.emails``), so a second
run or a retry sends nothing twice."""

from celery import shared_task

from . import emails


@shared_task
def email_declined(event_id: str) -> bool:
    """Tell the doctor staff declined their suggestion. True if this run sent it."""
    return emails.send_declined_email(event_id)


@shared_task
def import_event_upload(import_id: str) -> None:
    """Import a kept staff upload of events. Safe to run twice: see ``importing.run_import``."""
    from .importing import run_import

    run_import(import_id=import_id)
