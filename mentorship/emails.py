"""Emails about directory requests. The request row is marked when its email is handed to the
outbox (``core.outbox``), which keeps it until the mail server has taken it: running twice
queues it once, and a refused send is retried, never lost."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core import outbox

from .models import MentorRequest, RequestStatus


def _site_url(path: str) -> str:
    return getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/") + path


def _send(template: str, to: str, context: dict, *, key: str) -> None:
    """Through the outbox: kept, sent now if the mail server takes it, retried if not."""
    subject = render_to_string(f"mentorship/email/{template}-subject.txt", context).strip()
    body = render_to_string(f"mentorship/email/{template}-body.txt", context)
    outbox.queue_email(key=key, kind=f"mentorship {template}", to=to, subject=subject, body=body)


def _claim(request_id: str, field: str, status: str) -> MentorRequest | None:
    claimed = MentorRequest.objects.filter(
        pk=request_id, status=status, **{f"{field}__isnull": True}
    ).update(**{field: timezone.now()})
    if not claimed:
        return None
    return MentorRequest.objects.select_related("owner", "mentor").get(pk=request_id)


def send_request_email(request_id: str) -> bool:
    request = _claim(request_id, "request_emailed_at", RequestStatus.PENDING)
    if request is None:
        return False
    _send(
        "request",
        request.mentor.email,
        {"request": request, "url": _site_url(reverse("mentorship:request_list"))},
        key=f"mentorship-request:{request.pk}",
    )
    return True


def send_acceptance_email(request_id: str) -> bool:
    request = _claim(request_id, "acceptance_emailed_at", RequestStatus.ACCEPTED)
    if request is None:
        return False
    url = reverse("mentorship:detail", args=[request.mentorship_id])
    _send(
        "accepted",
        request.owner.email,
        {"request": request, "url": _site_url(url)},
        key=f"mentorship-accepted:{request.pk}",
    )
    return True
