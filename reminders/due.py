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

A source that can yield thousands of items for one doctor (keep-in-touch cadences of a large
network) registers with ``capped=True`` and also accepts ``limit``: it then yields at most
``limit`` items per doctor for the days before ``start`` and for each day from ``start`` on,
oldest first, plus a ``DueTally`` per doctor and day saying how many it has in all. Pages list
the first few of each group and the true counts, so their cost does not grow with the network.

A source that answers in one SQL statement registers with ``register_query`` instead: it returns
a ``DueQuery`` (its statement, and what turns the rows into items), and ``due_for`` sends every
such source's statement in one round trip (issue 22: eight sources, each compiled by the ORM and
sent on its own, were most of the dashboard's time). Called on its own, it runs its statement
alone, so it stays a source like any other.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from core.statements import run_together

DueSource = Callable[[Sequence[object], dt.date, dt.date], Iterable["DueItem"]]

_SOURCES: dict[str, DueSource] = {}
_CAPPED: set[str] = set()


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
    # A dated occasion (a birthday, a deadline) is shown from its day on, never as overdue.
    occasion: bool = False


@dataclass(frozen=True)
class DueTally:
    """How many items a capped source has for one doctor due on one day, listed or not. Every
    day before the batch's ``start`` is counted together, on ``start - 1 day``."""

    owner_id: object
    due_on: dt.date
    count: int


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


def register_source(name: str, *, capped: bool = False) -> Callable[[DueSource], DueSource]:
    """Decorator: ``@register_source("events.deadlines")``. Registering a name twice replaces it.
    ``capped=True``: the source also takes ``limit`` and yields ``DueTally`` rows (see above)."""

    def decorator(source: DueSource) -> DueSource:
        _SOURCES[name] = source
        if capped:
            _CAPPED.add(name)
        else:
            _CAPPED.discard(name)
        return source

    return decorator


@dataclass(frozen=True)
class DueQuery:
    """One source's SQL statement (its ``params`` as ``cursor.execute`` takes them) and
    ``items``, which turns the statement's rows into ``DueItem``s (and ``DueTally``s)."""

    sql: str
    params: Sequence | dict
    items: Callable[[list[tuple]], Iterable[DueItem | DueTally]]


DueQueryBuilder = Callable[..., DueQuery | None]


def register_query(
    name: str, *, capped: bool = False
) -> Callable[[DueQueryBuilder], Callable[..., Iterable[DueItem | DueTally]]]:
    """Decorator for a source that answers in one statement: the decorated function takes what
    a source takes and returns a ``DueQuery`` (or None: nothing to ask). What it decorates
    becomes the source itself (it runs its statement alone); ``due_for`` batches the statements
    of all such sources instead."""

    def decorator(builder: DueQueryBuilder):
        def source(owner_ids, start, until, **kwargs):
            query = builder(owner_ids, start, until, **kwargs)
            if query is None:
                return []
            return query.items(_run([query])[0])

        functools.update_wrapper(source, builder)
        source.due_query = builder
        return register_source(name, capped=capped)(source)

    return decorator


def _run(queries: Sequence[DueQuery]) -> list[list[tuple]]:
    """Each query's rows; several queries go in one round trip (``core.statements``)."""
    return run_together([(query.sql, query.params) for query in queries])


def sources() -> dict[str, DueSource]:
    return dict(_SOURCES)


def due_items(owner_ids: Sequence[object], start: dt.date, until: dt.date) -> dict[object, list]:
    """Every registered source's items for these doctors, grouped by owner, oldest due first."""
    return _gather(owner_ids, start, until, None)[0]


def _gather(owner_ids, start: dt.date, until: dt.date, limit: int | None):
    """(items by owner, oldest due first; {owner: {day: items not listed}}) from every source,
    capped sources asked for at most ``limit`` per day when ``limit`` is given."""
    by_owner: dict[object, list[DueItem]] = defaultdict(list)
    unlisted: dict[object, dict[dt.date, int]] = defaultdict(lambda: defaultdict(int))
    before = start - dt.timedelta(days=1)
    # Each source's statement (a DueQuery; None: nothing to ask) or, for a source that runs its
    # own queries, the source and its arguments; the statements all go in one round trip.
    asked: list[tuple[str, DueQuery | tuple | None]] = []
    for name, source in _SOURCES.items():
        kwargs = {"limit": limit} if limit is not None and name in _CAPPED else {}
        builder = getattr(source, "due_query", None)
        if builder is None:
            asked.append((name, (source, kwargs)))
        else:
            asked.append((name, builder(owner_ids, start, until, **kwargs)))
    queries = [query for _, query in asked if isinstance(query, DueQuery)]
    answers = iter(_run(queries) if queries else ())
    for name, asking in asked:
        if asking is None:
            continue
        if isinstance(asking, DueQuery):
            rows = asking.items(next(answers))
        else:
            source, kwargs = asking
            rows = source(owner_ids, start, until, **kwargs)
        for row in rows:
            if isinstance(row, DueTally):
                unlisted[row.owner_id][row.due_on] += row.count
                continue
            by_owner[row.owner_id].append(row)
            if limit is not None and name in _CAPPED:
                unlisted[row.owner_id][max(row.due_on, before)] -= 1
    for items in by_owner.values():
        items.sort(key=lambda item: (item.due_on, item.kind, item.title))
    return by_owner, unlisted


WEEK_AHEAD = 6  # "This week": the six days after today.


@dataclass
class DueGroups:
    """One doctor's due items sorted by their own local ``today``, as on the dashboard."""

    today: dt.date
    overdue: list[DueItem] = field(default_factory=list)
    due_today: list[DueItem] = field(default_factory=list)
    this_week: list[DueItem] = field(default_factory=list)
    # Items due in each group that a capped source counted but did not list ({"overdue": 3990}).
    unlisted: dict[str, int] = field(default_factory=dict)

    @property
    def count(self) -> int:
        listed = len(self.overdue) + len(self.due_today) + len(self.this_week)
        return listed + sum(self.unlisted.values())

    def total(self, key: str) -> int:
        """How many items are due in the group ``key``, listed or not."""
        return len(self.group_items(key)) + self.unlisted.get(key, 0)

    def group_items(self, key: str) -> list[DueItem]:
        return {"overdue": self.overdue, "today": self.due_today, "this_week": self.this_week}[key]

    def groups(self) -> list[tuple[str, str, list[DueItem]]]:
        """(key, heading, items) in the order pages and emails show them."""
        return [
            ("overdue", "Overdue", self.overdue),
            ("today", "Today", self.due_today),
            ("this_week", "This week", self.this_week),
        ]

    def sections(self, limit: int) -> list[dict]:
        """The non-empty groups with at most ``limit`` items each (a page lists thousands of
        contacts' nudges only a click away), and how many are left out."""
        sections = []
        for key, heading, items in self.groups():
            total = self.total(key)
            if total:
                shown = items[:limit]
                sections.append(
                    {
                        "key": key,
                        "heading": heading,
                        "items": shown,
                        "total": total,
                        "hidden": total - len(shown),
                    }
                )
        return sections


def _group_key(due_on: dt.date, today: dt.date) -> str | None:
    if due_on < today:
        return "overdue"
    if due_on == today:
        return "today"
    if due_on <= today + dt.timedelta(days=WEEK_AHEAD):
        return "this_week"
    return None


def group(
    items: Iterable[DueItem], today: dt.date, unlisted: dict[dt.date, int] | None = None
) -> DueGroups:
    """Sort items into the groups by ``today``; ``unlisted`` ({day: count}) adds what capped
    sources counted without listing."""
    groups = DueGroups(today=today)
    for item in items:
        key = _group_key(item.due_on, today)
        if key == "overdue" and item.occasion:
            continue
        if key is not None:
            groups.group_items(key).append(item)
    for day, count in (unlisted or {}).items():
        key = _group_key(day, today)
        if key is not None and count > 0:
            groups.unlisted[key] = groups.unlisted.get(key, 0) + count
    return groups


def due_for_many(
    todays: dict[object, dt.date], *, limit: int | None = None
) -> dict[object, DueGroups]:
    """Each doctor's groups, given each doctor's own local date: ``{owner_id: today}``.

    One call of every source for the whole batch, so queries grow per batch, not per doctor.
    With ``limit``, each group lists at least its first ``limit`` items (capped sources list no
    more than that per day) and counts the rest (``DueGroups.unlisted``).
    """
    if not todays:
        return {}
    start = min(todays.values())
    until = max(todays.values()) + dt.timedelta(days=WEEK_AHEAD)
    items, unlisted = _gather(list(todays), start, until, limit)
    return {
        owner: group(items.get(owner, []), today, unlisted.get(owner))
        for owner, today in todays.items()
    }


def local_today(user, now: dt.datetime | None = None) -> dt.date:
    """The doctor's own calendar date at ``now`` (default: this moment)."""
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    tz = user.timezone if isinstance(user.timezone, dt.tzinfo) else ZoneInfo(str(user.timezone))
    return (now or timezone.now()).astimezone(tz).date()


def due_for(user, today: dt.date | None = None, *, limit: int | None = None) -> DueGroups:
    """Overdue / Today / This week for one doctor, by the doctor's own local date (``limit``:
    see ``due_for_many``)."""
    today = today or local_today(user)
    return due_for_many({user.pk: today}, limit=limit)[user.pk]
