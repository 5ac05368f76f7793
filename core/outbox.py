"""Emails that are never lost: every account and mentorship email is a row (``OutboundEmail``)
before it is sent, sent under a claim, and retried with backoff until it goes or is given up.

``queue_email`` writes the row and tries to send it at once, so a doctor's confirmation link
arrives as quickly as before; when the mail server refuses or is down, beat's
``core.tasks.send_due_emails`` sends it later. Sending claims the row
with a conditional update first, so two workers, or a retry racing the first attempt, send it
once.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from .models import OutboundEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# A claimed row whose sender died (worker killed mid-send) is tried again after this long.
LEASE = dt.timedelta(minutes=10)
BATCH = 100


def backoff(attempts: int) -> dt.timedelta:
    """1, 2, 4 … minutes after each failed attempt, at most six hours."""
    return min(dt.timedelta(minutes=2 ** max(attempts - 1, 0)), dt.timedelta(hours=6))


def queue_email(
    *, key: str, kind: str, to: str, subject: str, body: str, html: str = "", send_now: bool = True
) -> OutboundEmail:
    """Keep an email to send (once per ``key``) and, unless ``send_now`` is False, try it now.

    Now, not after the transaction commits: if what asked for it is rolled back, the row goes
    with it, and an email about something that did not happen is the lesser harm than one
    that waited on a commit and was lost with the process."""
    values = {"kind": kind, "to": to, "subject": subject[:300], "body": body, "html": html}
    try:
        with transaction.atomic():
            email, _ = OutboundEmail.objects.get_or_create(key=key[:200], defaults=values)
    except IntegrityError:  # the same key queued at the same moment elsewhere
        email = OutboundEmail.objects.get(key=key[:200])
    if send_now:
        send_email(email.pk)
    return email


def _claim(email_id: int, now: dt.datetime) -> OutboundEmail | None:
    due = Q(status=OutboundEmail.Status.PENDING, next_attempt_at__lte=now) | Q(
        status=OutboundEmail.Status.SENDING, claimed_at__lt=now - LEASE
    )
    claimed = (
        OutboundEmail.objects.filter(due, pk=email_id)
        .filter(attempts__lt=MAX_ATTEMPTS)
        .update(status=OutboundEmail.Status.SENDING, claimed_at=now)
    )
    return OutboundEmail.objects.get(pk=email_id) if claimed else None


def send_email(email_id: int) -> bool:
    """Send one kept email if it is due and nobody else is sending it; True if this call sent
    it. A failure is recorded and the email tried again later (or given up after
    ``MAX_ATTEMPTS``); it never raises, so a web request that queued it is not broken."""
    now = timezone.now()
    email = _claim(email_id, now)
    if email is None:
        return False
    attempts = email.attempts + 1
    try:
        message = EmailMultiAlternatives(subject=email.subject, body=email.body, to=[email.to])
        if email.html:
            message.attach_alternative(email.html, "text/html")
        message.send()
    except Exception as error:  # noqa: BLE001 - SMTP and network errors come in many kinds
        gave_up = attempts >= MAX_ATTEMPTS
        logger.warning(
            "Email %s (%s) not sent, attempt %s: %s", email.pk, email.kind, attempts, error
        )
        OutboundEmail.objects.filter(pk=email.pk).update(
            status=OutboundEmail.Status.FAILED if gave_up else OutboundEmail.Status.PENDING,
            attempts=attempts,
            next_attempt_at=now + backoff(attempts),
            claimed_at=None,
            last_error=f"{type(error).__name__}: {error}"[:1000],
        )
        return False
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=OutboundEmail.Status.SENT, attempts=attempts, sent_at=timezone.now(), last_error=""
    )
    return True


def send_due(now: dt.datetime | None = None) -> int:
    """Send every email that is due (new, failed earlier, or abandoned by a dead sender); the
    number sent. Safe to run twice, and from two workers at once."""
    now = now or timezone.now()
    due = OutboundEmail.objects.filter(
        Q(status=OutboundEmail.Status.PENDING, next_attempt_at__lte=now)
        | Q(status=OutboundEmail.Status.SENDING, claimed_at__lt=now - LEASE)
    ).order_by("next_attempt_at")
    return sum(send_email(pk) for pk in due.values_list("pk", flat=True)[:BATCH])
