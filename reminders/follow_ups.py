"""Follow-ups: create, complete (a recurring one spawns the next) and snooze."""

from __future__ import annotations

import calendar
import datetime as dt

from django.db import transaction
from django.utils import timezone

from .models import FollowUp

SNOOZE_CHOICES = {"day": "1 day", "week": "1 week", "month": "1 month"}


def snooze_date(choice: str, today: dt.date) -> dt.date:
    """The date a snooze of ``choice`` ("day", "week", "month") from ``today`` ends."""
    if choice == "day":
        return today + dt.timedelta(days=1)
    if choice == "week":
        return today + dt.timedelta(weeks=1)
    if choice == "month":
        year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
        return today.replace(
            year=year, month=month, day=min(today.day, calendar.monthrange(year, month)[1])
        )
    raise ValueError(f"Unknown snooze {choice!r}")


def create_follow_up(*, owner, what: str, due_on: dt.date, **fields) -> FollowUp:
    """A new follow-up. ``fields``: note, contact, project, link_url, link_label, repeat_weeks."""
    for name in ("contact", "project"):
        linked = fields.get(name)
        if linked is not None and linked.owner_id != owner.pk:
            raise PermissionError(f"A follow-up may only link the owner's own {name}.")
    return FollowUp.objects.create(owner=owner, what=what, due_on=due_on, **fields)


@transaction.atomic
def complete_follow_up(*, follow_up: FollowUp) -> FollowUp | None:
    """Mark done; a recurring follow-up spawns its next occurrence, which is returned.

    Idempotent: completing one already done does nothing (a double click, a reused email link).
    """
    locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if locked.done_at is not None:
        return None
    locked.done_at = timezone.now()
    locked.save(update_fields=["done_at", "updated_at"])
    follow_up.done_at = locked.done_at
    if not locked.repeat_weeks:
        return None
    step = dt.timedelta(weeks=locked.repeat_weeks)
    next_due = locked.due_on + step
    today = timezone.localdate()
    while next_due <= today:
        next_due += step
    return FollowUp.objects.create(
        owner_id=locked.owner_id,
        what=locked.what,
        due_on=next_due,
        note=locked.note,
        contact_id=locked.contact_id,
        project_id=locked.project_id,
        link_url=locked.link_url,
        link_label=locked.link_label,
        repeat_weeks=locked.repeat_weeks,
    )


def snooze_follow_up(*, follow_up: FollowUp, until: dt.date) -> FollowUp:
    follow_up.snoozed_until = until
    follow_up.save(update_fields=["snoozed_until", "updated_at"])
    return follow_up
