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


@dataclass(frozen=True)
class ItemActions:
    """How one-click links act on an item's object. Handlers scope by ``user`` themselves
    (``Model.objects.for_user(user)``) and raise ``LookupError`` for an object not the user's."""

    done: Callable[[object, uuid.UUID], None]
    snooze: Callable[[object, uuid.UUID, dt.date], None] | None = None


_ACTIONS: dict[str, ItemActions] = {}


def register_actions(
    model_label: str,
    *,
    done: Callable[[object, uuid.UUID], None],
    snooze: Callable[[object, uuid.UUID, dt.date], None] | None = None,
) -> None:
    """``register_actions("mentorship.actionitem", done=..., snooze=...)`` from ``ready()``."""
    _ACTIONS[model_label] = ItemActions(done=done, snooze=snooze)


def perform(user, action_ref: str, action: str, until: dt.date | None = None) -> None:
    """Carry out "done" or "snooze" (to ``until``) on the object an item's ``action_ref`` names.

    Raises ``LookupError`` when the reference, the action or the object is not this user's to act
    on; views turn that into 404.
    """
    label, _, raw_id = action_ref.partition(":")
    handlers = _ACTIONS.get(label)
    if handlers is None:
        raise LookupError(f"No actions for {label!r}")
    try:
        object_id = uuid.UUID(raw_id)
    except ValueError as error:
        raise LookupError(action_ref) from error
    if action == "done":
        handlers.done(user, object_id)
    elif action == "snooze" and handlers.snooze is not None and until is not None:
        handlers.snooze(user, object_id, until)
    else:
        raise LookupError(f"{action!r} is not possible on {label!r}")


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
