"""A contact's timeline: interactions, notes, follow-ups, events and mentorship items in one list.

Each app that has something to show on a contact's timeline registers a *timeline source* from its
``AppConfig.ready``. A source is called as ``source(contact, limit, before)`` and returns at most
``limit`` of its newest entries for that contact dated on or before ``before`` (a date, or None for
no bound), in a constant number of queries, filtering and sorting on the entry's date in SQL. The
contact page merges them newest first and pages by a cursor (``TimelineCursor``: a day, and how
many of that day's entries were already shown), so a deep page costs what the first page costs:
every source is asked for one page (plus the day's entries already shown), never for every page
before it.

A source that answers in one SQL statement registers with ``register_query`` instead: it returns
a ``TimelineQuery`` (its statement, and what turns the rows into entries), and ``timeline_page``
sends every such source's statement in one round trip (``core.statements``), as the due list
does (issue 22: seven sources, each a queryset the ORM compiled and sent on its own, though most
find nothing for most contacts, were a third of the contact page's time). Called on its own, such
a source runs its statement alone, so it stays a source like any other.

Some occasions log an interaction *and* have an entry of their own (a mentorship meeting logs a
"mentoring" interaction so "last contacted" stays right). So that such an occasion is listed once,
its app registers with ``register_shown_elsewhere`` the SQL of a ``SELECT`` of the ``Interaction``
ids its own entries stand for (reading the contact and its owner as ``%(contact)s`` and
``%(owner)s``), and the interactions source leaves those out (in SQL, so the limit and paging stay
exact). The app's entry links to the interaction.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from core.statements import Statement, run_together

TimelineSource = Callable[[object, int, "dt.date | None"], Iterable["TimelineEntry"]]

_SOURCES: dict[str, TimelineSource] = {}
_SHOWN_ELSEWHERE: dict[str, str] = {}


@dataclass(frozen=True)
class TimelineEntry:
    kind: str  # "interaction", "note", "follow_up", "event", "mentorship_meeting", "project"…
    occurred_on: dt.date
    title: str
    # Already-safe HTML (sanitised with nh3 by whoever built it) or plain text, or an object
    # rendering to safe HTML when shown (``__html__``, e.g. ``rendering.LazyMarkdown``).
    body: str = ""
    url: str = ""
    # Tie-breaker within a day: newer first.
    sort_key: str = ""


def register_source(name: str) -> Callable[[TimelineSource], TimelineSource]:
    def decorator(source: TimelineSource) -> TimelineSource:
        _SOURCES[name] = source
        return source

    return decorator


def sources() -> dict[str, TimelineSource]:
    return dict(_SOURCES)


@dataclass(frozen=True)
class TimelineQuery:
    """One source's SQL statement (its ``params`` as ``cursor.execute`` takes them) and
    ``entries``, which turns the statement's rows into ``TimelineEntry``s."""

    sql: str
    params: Sequence | dict
    entries: Callable[[list[tuple]], Iterable[TimelineEntry]]


TimelineQueryBuilder = Callable[[object, int, "dt.date | None"], "TimelineQuery | None"]


def register_query(name: str) -> Callable[[TimelineQueryBuilder], TimelineSource]:
    """Decorator for a source that answers in one statement: the decorated function takes what
    a source takes and returns a ``TimelineQuery`` (or None: nothing to ask). What it decorates
    becomes the source itself (it runs its statement alone); ``timeline_page`` batches the
    statements of all such sources instead."""

    def decorator(builder: TimelineQueryBuilder) -> TimelineSource:
        def source(contact, limit: int, before=None) -> list[TimelineEntry]:
            query = builder(contact, limit, before)
            if query is None:
                return []
            return list(query.entries(run_together([(query.sql, query.params)])[0]))

        functools.update_wrapper(source, builder)
        source.timeline_query = builder
        return register_source(name)(source)

    return decorator


def register_shown_elsewhere(name: str, sql: str) -> None:
    """Register the SQL of a ``SELECT`` of the ids of a contact's interactions that another
    source shows as its own entries; it reads the contact as ``%(contact)s`` and its owner as
    ``%(owner)s``."""
    _SHOWN_ELSEWHERE[name] = sql


def shown_elsewhere() -> list[str]:
    """The registered ``SELECT``s of interaction ids that other sources show as their own."""
    return list(_SHOWN_ELSEWHERE.values())


@dataclass(frozen=True)
class TimelineCursor:
    """Where a page of the timeline starts: on or before ``day``, after the ``skip`` entries of
    that day already shown (they are the day's first in the timeline's order)."""

    day: dt.date
    skip: int = 0

    def as_params(self) -> dict[str, str]:
        return {"before": self.day.isoformat(), "skip": str(self.skip)}

    @classmethod
    def from_params(cls, params) -> TimelineCursor | None:
        """The cursor in a request's query (``?before=2026-05-01&skip=3``); None when absent or
        not a cursor (the first page)."""
        try:
            day = dt.date.fromisoformat(params.get("before", ""))
            skip = int(params.get("skip", 0))
        except ValueError:
            return None
        return cls(day, max(0, min(skip, 10_000)))


def timeline(contact, limit: int) -> list[TimelineEntry]:
    """The newest ``limit`` entries across every source, newest first."""
    return timeline_page(contact, limit)[0]


def timeline_page(
    contact, size: int, cursor: TimelineCursor | None = None
) -> tuple[list[TimelineEntry], TimelineCursor | None]:
    """One page of ``size`` entries from ``cursor`` (the newest when None), and the cursor of
    the next page (None on the last). Every source is asked for ``size + 1`` entries on or before
    the cursor's day, plus the ``skip`` of that day already shown: whatever their order across
    sources, those shown are among what each source returns, so the page is exact."""
    page, next_cursor, _ = timeline_page_with(contact, size, cursor)
    return page, next_cursor


def timeline_page_with(
    contact, size: int, cursor: TimelineCursor | None = None, also: Sequence[Statement] = ()
) -> tuple[list[TimelineEntry], TimelineCursor | None, list[list[tuple]]]:
    """``timeline_page``, with the rows of the page's other statements (``also``, each as
    ``run_together`` takes it) read in the timeline's round trip (the contact page's follow-ups
    and "Projects together" panel: two round trips fewer)."""
    skip = cursor.skip if cursor else 0
    before = cursor.day if cursor else None
    limit = size + 1 + skip
    # Each statement-answering source's query (None: nothing to ask), or a plain source itself;
    # the statements all go in one round trip.
    asked: list[TimelineQuery | TimelineSource | None] = []
    for source in _SOURCES.values():
        builder = getattr(source, "timeline_query", None)
        asked.append(source if builder is None else builder(contact, limit, before))
    queries = [query for query in asked if isinstance(query, TimelineQuery)]
    statements = [(query.sql, query.params) for query in queries]
    results = run_together([*statements, *also])
    answers, also_rows = iter(results[: len(statements)]), results[len(statements) :]
    entries: list[TimelineEntry] = []
    for asking in asked:
        if isinstance(asking, TimelineQuery):
            entries.extend(asking.entries(next(answers)))
        elif asking is not None:
            entries.extend(asking(contact, limit, before))
    # The link breaks ties: seeded or imported entries often share a date and a creation time,
    # and without it they swapped places between requests (and between timeline pages).
    entries.sort(key=lambda e: (e.occurred_on, e.sort_key, e.url or ""), reverse=True)
    # Drop the cursor day's entries already shown (fewer if some were deleted meanwhile).
    shown = 0
    while shown < skip and shown < len(entries) and entries[shown].occurred_on == before:
        shown += 1
    entries = entries[shown:]
    page = entries[:size]
    if len(entries) <= size:
        return page, None, also_rows
    last_day = page[-1].occurred_on
    on_last_day = sum(1 for entry in page if entry.occurred_on == last_day)
    if last_day == before:
        on_last_day += shown
    return page, TimelineCursor(last_day, on_last_day), also_rows
