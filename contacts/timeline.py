"""A contact's timeline: interactions, notes, follow-ups, events and mentorship items in one list.

Each app that has something to show on a contact's timeline registers a *timeline source* from its
``AppConfig.ready``. A source is called as ``source(contact, limit)`` and returns at most ``limit``
of its newest entries for that contact, in a constant number of queries; the contact page merges
them newest first and paginates (page ``p`` of size ``n`` asks every source for ``p * n``).

Some occasions log an interaction *and* have an entry of their own (a mentorship meeting logs a
"mentoring" interaction so "last contacted" stays right). So that such an occasion is listed once,
its app registers a function with ``register_shown_elsewhere``: given the contact, it returns a
queryset of the ``Interaction`` ids its own entries stand for, and the interactions source leaves
those out (in SQL, so the limit and paging stay exact). The app's entry links to the interaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

TimelineSource = Callable[[object, int], Iterable["TimelineEntry"]]

_SOURCES: dict[str, TimelineSource] = {}
_SHOWN_ELSEWHERE: dict[str, Callable[[object], object]] = {}


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


def register_shown_elsewhere(name: str) -> Callable:
    """Decorator for ``f(contact) -> QuerySet of Interaction ids`` that another source shows."""

    def decorator(function: Callable[[object], object]) -> Callable[[object], object]:
        _SHOWN_ELSEWHERE[name] = function
        return function

    return decorator


def shown_elsewhere(contact) -> list:
    """Querysets of ``contact``'s interaction ids that other sources show as their own entries."""
    return [function(contact) for function in _SHOWN_ELSEWHERE.values()]


def timeline(contact, limit: int) -> list[TimelineEntry]:
    """The newest ``limit`` entries across every source, newest first."""
    entries: list[TimelineEntry] = []
    for source in _SOURCES.values():
        entries.extend(source(contact, limit))
    # The link breaks ties: seeded or imported entries often share a date and a creation time,
    # and without it they swapped places between requests (and between timeline pages).
    entries.sort(key=lambda e: (e.occurred_on, e.sort_key, e.url or ""), reverse=True)
    return entries[:limit]
