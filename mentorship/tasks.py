"""Directory emails. Each task takes a request id, claims the send with a conditional update (so a
second run, or a retry, sends nothing twice) and renders ``templates/mentorship/email/``."""

from celery import shared_task

from . import emails


@shared_task
def email_request(request_id: str) -> bool:
    """Tell the mentor someone asked. True if this run sent it."""
    return emails.send_request_email(request_id)


@shared_task
def email_acceptance(request_id: str) -> bool:
    """Tell the requester their mentor accepted. True if this run sent it."""
    return emails.send_acceptance_email(request_id)
