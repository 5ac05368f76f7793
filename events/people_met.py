"""People met at an event: the corridor quick-add, and "met here" for an existing contact.

Both log one interaction of kind "conference" through ``contacts.interactions.log_interaction``
(the only writer of interactions) and fill the contact's "how we met" when it is empty.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from contacts.interactions import log_interaction
from contacts.models import Contact
from contacts.services import add_contact

from .models import Attendance, CaptureReceipt, Event, PersonMet

NEAR_MATCHES = 5  # "did you mean…?" before a corridor quick-add


def met_on(event: Event) -> dt.date:
    """The day to record: today while the event is on, else the event's first day."""
    today = timezone.localdate()
    start, end = event.local_start.date(), event.local_end.date()
    return today if start <= today <= end else start


@transaction.atomic
def record_met(*, user, event: Event, contact: Contact) -> tuple[PersonMet, bool]:
    """Mark one of the user's contacts as met at ``event``; a second call does nothing more."""
    existing = PersonMet.objects.for_user(user).filter(event=event, contact=contact).first()
    if existing:
        return existing, False
    day = met_on(event)
    interaction = log_interaction(
        user,
        [contact],
        kind="conference",
        occurred_on=day,
        place=event.place[:200],
        note=f"Met at {event.title}",
    )
    Contact.objects.filter(pk=contact.pk).filter(Q(how_we_met="")).update(
        how_we_met=f"Met at {event.title} ({day:%d/%m/%Y})"
    )
    person = PersonMet.objects.create(
        owner=user,
        event=event,
        contact=contact,
        interaction=interaction,
        attendance=Attendance.objects.for_user(user).filter(event=event).first(),
    )
    return person, True


def near_matches(*, user, given_name: str, family_name: str = "", **details) -> list[Contact]:
    """The doctor's contacts a corridor quick-add may be about (by name, as the contacts
    search matches it: accents, prefixes, spelling), so the page can ask before adding."""
    name = f"{given_name} {family_name}".strip()
    return list(Contact.objects.for_user(user).named_like(name, owner=user)[:NEAR_MATCHES])


@transaction.atomic
def quick_add(
    *,
    user,
    event: Event,
    given_name: str,
    family_name: str = "",
    email: str = "",
    organisation: str = "",
) -> PersonMet:
    """Create a contact from a name (and optional email and workplace) met at ``event``."""
    contact = add_contact(
        owner=user,
        given_name=given_name,
        family_name=family_name,
        email=email,
        organisation=organisation,
        reason=f"Met at {event.title}",
    )
    person, _ = record_met(user=user, event=event, contact=contact)
    return person


@dataclass
class Received:
    """What became of one quick-add sent with the phone's id for it: ``added`` now,
    ``already`` added by an earlier send of the same entry, or ``ask`` (near matches: nothing
    is added until the doctor says whether it is one of them)."""

    status: str
    contact: Contact | None = None
    near: list[Contact] = field(default_factory=list)


@transaction.atomic
def receive_quick_add(
    *,
    user,
    event: Event,
    client_ref: uuid.UUID,
    add_anyway: bool = False,
    given_name: str,
    family_name: str = "",
    email: str = "",
    organisation: str = "",
) -> Received:
    """A corridor quick-add that may arrive more than once (queued offline, sent again after a
    reload or a lost reply): the first arrival adds the person, every later one finds its
    receipt. Near matches are asked about first, as online, unless ``add_anyway``."""
    receipt = (
        CaptureReceipt.objects.for_user(user)
        .filter(client_ref=client_ref)
        .select_related("contact")
        .first()
    )
    if receipt is not None:
        return Received("already", receipt.contact)
    details = {"given_name": given_name, "family_name": family_name}
    if not add_anyway:
        near = near_matches(user=user, **details)
        if near:
            return Received("ask", near=near)
    try:
        with transaction.atomic():  # the unique (owner, client_ref) settles two racing sends
            receipt = CaptureReceipt.objects.create(owner=user, client_ref=client_ref, event=event)
    except IntegrityError:
        return Received("already")
    person = quick_add(user=user, event=event, email=email, organisation=organisation, **details)
    receipt.contact = person.contact
    receipt.save(update_fields=["contact", "updated_at"])
    return Received("added", person.contact)


def forget_met(*, person: PersonMet) -> None:
    """Remove the "met here" mark; the interaction stays in the contact's history."""
    person.delete()
