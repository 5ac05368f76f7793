from celery import shared_task

from . import queueing


@shared_task
def resend_pending_tasks() -> int:
    """Resend tasks that could not be queued while the broker was down. Safe to run twice."""
    return queueing.resend_pending()


@shared_task
def send_due_emails() -> int:
    """Send the account and mentorship emails that are due (core.outbox). Safe to run twice."""
    from . import outbox

    return outbox.send_due()
