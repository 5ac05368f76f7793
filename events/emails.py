"""Emails to doctors about their event suggestions, through the outbox (``core.outbox``): kept
as a row, sent now if the mail server takes it, retried if not."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core import outbox

from .models import Event, ModerationStatus


def send_declined_email(event_id: str) -> bool:
    """Tell the doctor their suggestion was declined, and why. Claims the send first, so running
    twice (a retry, two workers) emails once; True if this call queued it."""
    claimed = Event.objects.filter(
        pk=event_id, moderation_status=ModerationStatus.REJECTED, decline_emailed_at__isnull=True
    ).update(decline_emailed_at=timezone.now())
    if not claimed:
        return False
    event = Event.objects.select_related("owner", "suggested_by").get(pk=event_id)
    doctor = event.owner or event.suggested_by
    if doctor is None:
        return False
    url = settings.SITE_URL + reverse("events:detail", args=[event.pk])
    context = {"event": event, "doctor": doctor, "url": url}
    outbox.queue_email(
        # One email per decision: a suggestion declined, suggested again and declined again is
        # a second email.
        key=f"event-declined:{event.pk}:{event.moderated_at:%Y%m%d%H%M%S%f}",
        kind="events declined",
        to=doctor.email,
        subject=render_to_string("events/email/declined-subject.txt", context).strip(),
        body=render_to_string("events/email/declined-body.txt", context),
    )
    return True
