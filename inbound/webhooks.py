"""Hosted inbound mail: Mailgun forwards each message to ``/inbound/mailgun/mime/``;
django-anymail checks the request's HMAC signature (``MAILGUN_WEBHOOK_SIGNING_KEY``) and, when
it is right, sends its ``inbound`` signal, whose receiver here only stores the message and
queues it (``inbound.receiving.store_received``). A wrong or missing signature gets 400 and
stores nothing.
"""

from __future__ import annotations

from anymail.signals import inbound
from anymail.webhooks.mailgun import MailgunInboundWebhookView
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.dispatch import receiver
from django.http import Http404
from django.views.decorators.csrf import csrf_exempt

from . import parsing
from .models import InboundMessage
from .receiving import store_received


class MailgunInboundView(MailgunInboundWebhookView):
    """anymail's Mailgun inbound view; its own class so the receiver below hears only it."""


@csrf_exempt
@login_not_required
def mailgun_inbound(request):
    """The webhook, or 404 where no Mailgun signing key is configured (self-hosted sites)."""
    if not getattr(settings, "ANYMAIL", {}).get("MAILGUN_WEBHOOK_SIGNING_KEY"):
        raise Http404("Hosted inbound mail is not configured.")
    return MailgunInboundView.as_view()(request)


@receiver(inbound, sender=MailgunInboundView, dispatch_uid="inbound.store_mailgun")
def store_mailgun_message(sender, event, esp_name, **kwargs) -> None:
    message = event.message
    auth_results = parsing.auth_results_from_headers(message)
    if message.spam_detected:
        auth_results["spam"] = "yes"
    recipients = [message.envelope_recipient] if message.envelope_recipient else []
    if not recipients:
        recipients = [p.email for p in parsing.addresses(message, "Delivered-To", "To", "Cc")]
    store_received(
        raw=message.as_bytes(),
        envelope_from=message.envelope_sender or "",
        recipients=recipients,
        auth_results=auth_results,
        source=InboundMessage.Source.MAILGUN,
    )
