"""Keep-in-touch nudges (a lapsed cadence, a fading close relationship): done and snooze."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from contacts.interactions import log_interaction
from contacts.models import Contact

from .models import KeepInTouchSnooze

# A close relationship (closeness 4-5) with no interaction for this long is "fading".
FADING_AFTER_DAYS = 180
FADING_CLOSENESS = 4


@transaction.atomic
def mark_in_touch(*, owner, contact: Contact, on: dt.date | None = None) -> None:
    """The doctor got in touch: log a "message" interaction (which resets the clock) and drop
    any snooze."""
    log_interaction(owner, [contact], kind="message", occurred_on=on, note="Kept in touch.")
    KeepInTouchSnooze.objects.filter(owner=owner, contact=contact).delete()


def snooze_contact(*, owner, contact: Contact, until: dt.date) -> KeepInTouchSnooze:
    if contact.owner_id != owner.pk:
        raise PermissionError("Only the owner's own contacts can be snoozed.")
    snooze, _ = KeepInTouchSnooze.objects.update_or_create(
        contact=contact, defaults={"owner": owner, "snoozed_until": until}
    )
    return snooze
