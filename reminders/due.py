"""What is due, for one doctor or many: the one place every reminder source is gathered.

Each app that has something to remind a doctor of (contacts' cadences, events' deadlines,
mentorship action items, follow-ups…) registers a *due source* here from its ``AppConfig.ready``.
A source answers for a batch of doctors at once, so the digest's query count grows per batch,
never per doctor.

A source is called as ``source(owner_ids, start, until)`` and yields ``DueItem``s with
``due_on <= until``: everything still open that fell due before ``start`` (overdue), and dated
occasions (birthdays, deadlines) from ``start`` on. ``start`` is the earliest "today" among the
batch's doctors; the caller sorts each doctor's items into Overdue / Today / This week by that
doctor's own local date.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

DueSource = Callable[[Sequence[object], dt.date, dt.date], Iterable["DueItem"]]

_SOURCES: dict[str, DueSource] = {}


@dataclass(frozen=True)
class DueItem:
    """One thing a doctor should act on; shown on the dashboard and in digests."""

    owner_id: object
    # Machine name of the kind of item: "follow_up", "cadence", "fading", "birthday", "deadline",
    # "mentorship_meeting", "action_item", "met_no_follow_up", "renewal"…
    kind: str
    title: str
    due_on: dt.date
    # Where "open" goes (an absolute path within the app).
    url: str = ""
    detail: str = ""
    contact_id: uuid.UUID | None = None
    # The object that one-click "done"/"snooze" act on, as "app_label.model:uuid"; empty when
    # the item cannot be done or snoozed from a link (a deadline is just information).
    action_ref: str = ""
    extra: dict = field(default_factory=dict, compare=False, hash=False)


def register_source(name: str) -> Callable[[DueSource], DueSource]:
    """Decorator: ``@register_source("events.deadlines")``. Registering a name twice replaces it."""

    def decorator(source: DueSource) -> DueSource:
        _SOURCES[name] = source
        return source

    return decorator


def sources() -> dict[str, DueSource]:
    return dict(_SOURCES)


def due_items(owner_ids: Sequence[object], start: dt.date, until: dt.date) -> dict[object, list]:
    """Every registered source's items for these doctors, grouped by owner, oldest due first."""
    by_owner: dict[object, list[DueItem]] = defaultdict(list)
    for source in _SOURCES.values():
        for item in source(owner_ids, start, until):
            by_owner[item.owner_id].append(item)
    for items in by_owner.values():
        items.sort(key=lambda item: (item.due_on, item.kind, item.title))
    return by_owner
