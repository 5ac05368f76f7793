"""The review page's one write: a person on an inbound message, offered because they were not a
contact, becomes one when the doctor says so (never before), and joins the interaction the
message logged (or one is logged for them now)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from contacts.interactions import log_interaction, update_interaction
from contacts.models import Contact
from contacts.services import add_contact, split_name

from .models import InboundMessage
from .receiving import contacts_by_email, interaction_note


@transaction.atomic
def add_offered_person(*, message: InboundMessage, email: str) -> Contact:
    """Add the person with ``email`` offered on ``message`` as a contact of its owner (or take
    the contact who has that address by now) and record the email with them. Raises
    ``LookupError`` when the message offers no such person (already added, or never on it)."""
    message = InboundMessage.objects.select_for_update().get(pk=message.pk)
    email = email.strip().lower()
    person = next((p for p in message.offered if p.get("email") == email), None)
    if person is None:
        raise LookupError(email)
    owner = message.owner
    contact = contacts_by_email(owner, [email]).get(email)
    if contact is None:
        prefix, given, family = split_name(person.get("name") or "")
        contact = add_contact(
            owner=owner,
            prefix=prefix,
            given_name=given,
            family_name=family or email.split("@")[0],
            email=email,
            reason="Added from an email sent to NetMed",
        )
    interaction = message.interaction
    if interaction is None:
        occurred_on = message.sent_on or timezone.localdate(timezone=owner.timezone)
        message.interaction = log_interaction(
            owner, [contact], kind="email", occurred_on=occurred_on,
            note=interaction_note(message.subject),
        )  # fmt: skip
    else:
        update_interaction(
            interaction,
            contacts=[*interaction.contacts.all(), contact],
            kind=interaction.kind,
            occurred_on=interaction.occurred_on,
            place=interaction.place,
            note=interaction.note,
        )
    message.offered = [p for p in message.offered if p.get("email") != email]
    if message.status in (InboundMessage.Status.REVIEW, InboundMessage.Status.NOTHING):
        message.status = InboundMessage.Status.LOGGED
    message.save(update_fields=["offered", "interaction", "status", "updated_at"])
    return contact
