"""Email that logs itself: each doctor's private inbound address and the messages sent to it.

A message is stored as it arrived (``InboundMessage.raw``) before anything reads it; a Celery
task then reads it once (``inbound.receiving``) and records what came of it on the same row:
the interaction it logged, the event its invitation became, the people it offers as new
contacts, or why it was refused.
"""

from __future__ import annotations

import secrets
import string

from django.conf import settings
from django.db import models

from core.models import OwnedModel, OwnedQuerySet

# Lower-case letters and digits only: some mail systems fold the case of an address's local
# part, and the token must survive that. 20 characters of 36 is about 103 bits.
TOKEN_ALPHABET = string.ascii_lowercase + string.digits
TOKEN_LENGTH = 20


def new_token() -> str:
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(TOKEN_LENGTH))


class InboundAddress(OwnedModel):
    """A doctor's private address, ``log+<token>@<NETMED_INBOUND_DOMAIN>``. Regenerating the
    token retires the old address at once: mail to it is refused."""

    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner"], name="inboundaddress_one_per_owner")
        ]
        verbose_name_plural = "inbound addresses"

    def __str__(self) -> str:
        return self.address

    @property
    def address(self) -> str:
        return f"{settings.NETMED_INBOUND_LOCAL_PART}+{self.token}@{settings.NETMED_INBOUND_DOMAIN}"


class InboundMessageQuerySet(OwnedQuerySet):
    def for_listing(self):
        """What the review page shows, without the raw message (it can be megabytes)."""
        return self.defer("raw").select_related("interaction", "event")


class InboundMessage(OwnedModel):
    class Status(models.TextChoices):
        RECEIVED = "received", "Waiting to be read"
        LOGGED = "logged", "Logged"
        REVIEW = "review", "People to review"
        NOTHING = "nothing", "Nobody to log"
        DUPLICATE = "duplicate", "Already logged"
        REJECTED = "rejected", "Refused"

    class Source(models.TextChoices):
        SMTP = "smtp", "NetMed's mail server"
        MAILGUN = "mailgun", "Mailgun"

    source = models.CharField(max_length=10, choices=Source.choices)
    raw = models.BinaryField(editable=False)
    envelope_from = models.CharField(max_length=320, blank=True)
    recipients = models.JSONField(default=list, blank=True)
    # What the receiving mail system said about the sender: {"spf": "pass", "dkim": "fail",
    # "dmarc": "none", "spam": "no"} (inbound.parsing.auth_results_from_headers).
    auth_results = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RECEIVED)
    reason = models.CharField(max_length=300, blank=True, help_text="Why it was refused.")
    message_id = models.CharField(max_length=500, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    from_address = models.CharField(max_length=320, blank=True)
    sent_on = models.DateField(null=True, blank=True)
    # People on the message who are not yet contacts: [{"email": ..., "name": ...}], offered on
    # the review page; "add as contact" removes them from here.
    offered = models.JSONField(default=list, blank=True)
    interaction = models.ForeignKey(
        "contacts.Interaction", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    event = models.ForeignKey(
        "events.Event", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    processed_at = models.DateTimeField(null=True, blank=True)

    objects = InboundMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="inboundmessage_owner_created"),
            models.Index(fields=["owner", "message_id"], name="inboundmessage_owner_msgid"),
        ]

    def __str__(self) -> str:
        return self.subject or "(no subject)"
