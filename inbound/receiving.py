"""Receiving email that logs itself: keep each message, then read it once.

Both ways mail arrives, NetMed's own SMTP receiver (``inbound.smtp``) and the hosted provider's
webhook (``inbound.webhooks``), call ``store_received``: the raw message is saved first, one row
per doctor it is addressed to, and ``inbound.tasks.read_inbound_message`` is queued on commit.
The task calls ``read_stored``, which claims the row and hands its contents to
``receive_inbound_email``: that checks the sender, logs an interaction with the known people on
the message, offers the unknown ones for review, and turns an invitation into an event.

Only the doctor may send to their address: the message's From and its envelope sender must both
be among the doctor's verified addresses, and an SPF, DKIM or DMARC failure, or the provider's
spam verdict, refuses it. A refused message is recorded with its reason and creates nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import connection, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from contacts.interactions import log_interaction
from contacts.models import Contact, ContactEmail
from core.queueing import enqueue_on_commit

from . import parsing
from .addresses import owner_of
from .invitations import event_from_invitation
from .models import InboundMessage

Status = InboundMessage.Status
# A message already read into one of these is not read again (same Message-ID, same doctor).
READ = (Status.LOGGED, Status.REVIEW, Status.NOTHING)


@dataclass
class Receipt:
    """What came of one message."""

    status: str
    owner: object = None
    reason: str = ""
    message_id: str = ""
    subject: str = ""
    from_address: str = ""
    sent_on: dt.date | None = None
    interaction: object = None
    event: object = None
    offered: list[parsing.Person] = field(default_factory=list)


# --- storing ---------------------------------------------------------------------------------


def store_received(
    *,
    raw: bytes,
    envelope_from: str,
    recipients: list[str],
    auth_results: dict[str, str],
    source: str,
) -> list[InboundMessage]:
    """Keep the message once for each doctor whose inbound address it is sent to, and queue
    reading it. Recipients that are no inbound address are ignored (the SMTP receiver has
    already refused them). A message over the size limit, or one ``sender_refusal`` refuses,
    is recorded as refused and not queued."""
    by_owner: dict[object, list[str]] = {}
    for recipient in recipients:
        owner = owner_of(recipient)
        if owner is not None:
            by_owner.setdefault(owner, []).append(recipient.strip().lower())
    message = parsing.parse(raw)
    stored = []
    with transaction.atomic():
        for owner, addressed in by_owner.items():
            row = InboundMessage(
                owner=owner,
                source=source,
                raw=raw,
                envelope_from=envelope_from[:320],
                recipients=addressed,
                auth_results=auth_results,
                **_summary(message, owner),
            )
            if len(raw) > settings.NETMED_INBOUND_MAX_BYTES:
                row.raw, row.status = b"", Status.REJECTED
                row.reason = "The message is larger than NetMed accepts."
            elif refusal := sender_refusal(
                message, owner=owner, envelope_from=envelope_from, auth_results=auth_results
            ):
                row.status, row.reason = Status.REJECTED, refusal
            if row.status == Status.REJECTED:
                row.processed_at = timezone.now()
            row.save()
            if row.status == Status.RECEIVED:
                from .tasks import read_inbound_message

                enqueue_on_commit(read_inbound_message, row.pk)
            stored.append(row)
    return stored


def _summary(message, owner) -> dict:
    return {
        "message_id": parsing.header(message, "Message-ID")[:500],
        "subject": parsing.header(message, "Subject")[:300],
        "from_address": ", ".join(p.email for p in parsing.addresses(message, "From"))[:320],
        "sent_on": parsing.sent_on(message, owner.timezone),
    }


# --- who may send ----------------------------------------------------------------------------


def verified_addresses(owner) -> set[str]:
    return {
        e.lower()
        for e in EmailAddress.objects.filter(user=owner, verified=True).values_list(
            "email", flat=True
        )
    }


def sender_refusal(message, *, owner, envelope_from: str, auth_results: dict[str, str]) -> str:
    """Why ``owner`` cannot have sent this message ("" when they can): its From must be exactly
    one of their verified addresses, its envelope sender too, and no SPF/DKIM/DMARC check the
    receiving mail system ran may have failed."""
    own = verified_addresses(owner)
    senders = parsing.addresses(message, "From")
    if len(senders) != 1 or senders[0].email not in own:
        return "Sent from an address that is not one of your verified addresses."
    if envelope_from.strip().lower() not in own:
        return "The envelope sender is not one of your verified addresses."
    return parsing.authentication_failure(auth_results)


# --- reading ---------------------------------------------------------------------------------


def receive_inbound_email(
    raw_bytes: bytes, envelope_from: str, recipients: list[str], auth_results: dict[str, str]
) -> Receipt:
    """Read one message sent to a doctor's inbound address and act on it: log an "email"
    interaction with the contacts on it, offer the people who are not contacts, and save a
    meeting invitation in it as an event. A message whose Message-ID this doctor has already
    had read does nothing again."""
    owner = next((o for o in map(owner_of, recipients) if o is not None), None)
    if owner is None:
        return Receipt(Status.REJECTED, reason="Not sent to an inbound address in use.")
    message = parsing.parse(raw_bytes)
    receipt = Receipt(Status.RECEIVED, owner=owner, **_summary(message, owner))
    refusal = sender_refusal(
        message, owner=owner, envelope_from=envelope_from, auth_results=auth_results
    )
    if refusal:
        receipt.status, receipt.reason = Status.REJECTED, refusal
        return receipt
    with transaction.atomic():
        if receipt.message_id and _already_read(owner, receipt.message_id):
            receipt.status = Status.DUPLICATE
            return receipt
        own = verified_addresses(owner) | set(
            EmailAddress.objects.filter(user=owner).values_list("email", flat=True)
        )
        people = parsing.people_on(
            message,
            leave_out={e.lower() for e in own | {owner.email}},
            leave_out_domain=settings.NETMED_INBOUND_DOMAIN,
        )
        known = contacts_by_email(owner, [p.email for p in people])
        receipt.offered = [p for p in people if p.email not in known]
        contacts = list({c.pk: c for c in known.values()}.values())
        if contacts:
            receipt.interaction = log_interaction(
                owner,
                contacts,
                kind="email",
                occurred_on=receipt.sent_on or timezone.localdate(timezone=owner.timezone),
                note=interaction_note(receipt.subject),
            )
        receipt.event = event_from_invitation(raw_bytes, owner=owner)
        if receipt.interaction or receipt.event:
            receipt.status = Status.LOGGED
        else:
            receipt.status = Status.REVIEW if receipt.offered else Status.NOTHING
    return receipt


def interaction_note(subject: str) -> str:
    return f"Email: {subject}" if subject else "Email"


def _already_read(owner, message_id: str) -> bool:
    """Whether another copy of this message was read for ``owner``. Takes a lock on the pair
    until the transaction ends, so two copies read at once (a provider's retry, BCC and CC to
    the same address) are read one after the other, and the second finds the first."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
            [f"inbound:{owner.pk}:{message_id}"],
        )
    return (
        InboundMessage.objects.for_user(owner)
        .filter(message_id=message_id, status__in=READ)
        .exists()
    )


def contacts_by_email(owner, emails: list[str]) -> dict[str, Contact]:
    """The doctor's living contacts by (lower-case) email address, in one query."""
    found = (
        ContactEmail.objects.annotate(address=Lower("email"))
        .filter(
            address__in=[e.lower() for e in emails],
            contact__owner=owner,
            contact__deleted_at__isnull=True,
        )
        .select_related("contact")
        .order_by("contact__created_at")
    )
    by_email: dict[str, Contact] = {}
    for row in found:
        by_email.setdefault(row.address, row.contact)
    return by_email


@transaction.atomic
def read_stored(message_pk) -> InboundMessage | None:
    """Read one stored message and record what came of it; None when it was already read (so a
    second run of the task does nothing). The row stays locked while it is read; if reading
    fails the transaction rolls back and the message waits to be read again."""
    stored = (
        InboundMessage.objects.select_for_update()
        .filter(pk=message_pk, status=Status.RECEIVED)
        .first()
    )
    if stored is None:
        return None
    receipt = receive_inbound_email(
        bytes(stored.raw), stored.envelope_from, stored.recipients, stored.auth_results
    )
    stored.status, stored.reason = receipt.status, receipt.reason[:300]
    stored.interaction, stored.event = receipt.interaction, receipt.event
    stored.offered = [{"email": p.email, "name": p.name} for p in receipt.offered]
    stored.processed_at = timezone.now()
    stored.save()
    return stored
