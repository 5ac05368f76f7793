"""Links that open the reminders follow-up form filled in from an event (and a person met there).

The form stays the reminders app's own; an event only fills it in (title, due date, the contact,
and a link back to the event page), and the doctor saves it.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.utils import timezone

from core.reversing import fixed_url, url_pattern

from .due import FOLLOW_UP_AFTER_DAYS
from .models import Event

# FollowUp.what and FollowUp.link_label are 200 characters.
MAX_TITLE = 200


def follow_up_due_on(event: Event, today: dt.date | None = None) -> dt.date:
    """A couple of days after the event's last day, and never earlier than tomorrow."""
    today = today or timezone.localdate()
    return max(event.last_day + dt.timedelta(days=FOLLOW_UP_AFTER_DAYS), today + dt.timedelta(1))


def follow_up_title(event: Event, contact=None) -> str:
    if contact is not None:
        title = f"Follow up with {contact.display_name} (met at {event.title})"
    else:
        title = f"Follow up after {event.title}"
    return title if len(title) <= MAX_TITLE else title[: MAX_TITLE - 1] + "…"


def follow_up_url(event: Event, contact=None, today: dt.date | None = None) -> str:
    """The new follow-up form, pre-filled for ``event`` (and ``contact``); saving returns to the
    event page. No query: ``contact`` is one already loaded."""
    page = url_pattern("events:detail").format(event.pk)  # one reverse a process (a row each)
    params = {
        "what": follow_up_title(event, contact),
        "due_on": follow_up_due_on(event, today).isoformat(),
        "link_url": page,
        "link_label": event.title[:MAX_TITLE],
        "next": page + ("#people" if contact is not None else ""),
    }
    if contact is not None:
        params["contact"] = str(contact.pk)
    return f"{fixed_url('reminders:follow_up_create')}?{urlencode(params)}"
