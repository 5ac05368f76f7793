"""Birthday nudges: which year's birthday an item stands for, done (acknowledged) and snooze."""

from __future__ import annotations

import calendar
import datetime as dt

from django.db import transaction
from django.utils import timezone

from contacts.models import Contact

from .due import WEEK_AHEAD
from .models import BirthdayAck


def birthday_in(year: int, month: int, day: int) -> dt.date:
    """The birthday's date in ``year``; 29 February falls on 28 February in other years."""
    if month == 2 and day == 29 and not calendar.isleap(year):
        return dt.date(year, 2, 28)
    return dt.date(year, month, day)


def current_birthday(contact: Contact, today: dt.date) -> dt.date:
    """The birthday the dashboard shows or last showed for this contact: the latest one on or
    before the end of this week (so "this year's", or last year's early in January)."""
    if not (contact.birthday_month and contact.birthday_day):
        raise LookupError("This contact has no birthday recorded.")
    week_end = today + dt.timedelta(days=WEEK_AHEAD)
    this_year = birthday_in(week_end.year, contact.birthday_month, contact.birthday_day)
    if this_year <= week_end:
        return this_year
    return birthday_in(week_end.year - 1, contact.birthday_month, contact.birthday_day)


@transaction.atomic
def acknowledge_birthday(*, owner, contact: Contact, today: dt.date) -> BirthdayAck:
    """Done: this year's birthday (and any earlier one still snoozed) stops showing."""
    if contact.owner_id != owner.pk:
        raise PermissionError("Only the owner's own contacts' birthdays can be acknowledged.")
    on = current_birthday(contact, today)
    now = timezone.now()
    BirthdayAck.objects.filter(contact=contact, birthday_on__lt=on, done_at__isnull=True).update(
        done_at=now
    )
    ack, _ = BirthdayAck.objects.update_or_create(
        contact=contact, birthday_on=on, defaults={"owner": owner, "done_at": now}
    )
    return ack


@transaction.atomic
def snooze_birthday(*, owner, contact: Contact, until: dt.date, today: dt.date) -> BirthdayAck:
    """Remind again from ``until`` about this year's birthday."""
    if contact.owner_id != owner.pk:
        raise PermissionError("Only the owner's own contacts' birthdays can be snoozed.")
    on = current_birthday(contact, today)
    ack, _ = BirthdayAck.objects.update_or_create(
        contact=contact,
        birthday_on=on,
        defaults={"owner": owner, "snoozed_until": until, "done_at": None},
    )
    return ack
