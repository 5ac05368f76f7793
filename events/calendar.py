"""iCalendar output: one event as an .ics download, and a doctor's subscription feed.

Each event keeps one stable ``UID`` (``<uuid>@netmed``) and its ``SEQUENCE``, so a calendar client
replaces its copy when the event changes. Timed events carry their own ``TZID`` with the matching
``VTIMEZONE``; all-day events and deadlines are ``VALUE=DATE`` items.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import icalendar
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import PLANNED_STATUSES, Attendance, CalendarFeed, Event, new_feed_token

PRODID = "-//NetMed//Events//EN"
UID_DOMAIN = "netmed"


def event_uid(event: Event, suffix: str = "") -> str:
    return f"{event.pk}{'-' + suffix if suffix else ''}@{UID_DOMAIN}"


def _calendar(name: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def _vevent(event: Event, base_url: str = "") -> icalendar.Event:
    item = icalendar.Event()
    item.add("uid", event_uid(event))
    item.add("dtstamp", event.updated_at.astimezone(dt.UTC))
    item.add("last-modified", event.updated_at.astimezone(dt.UTC))
    item.add("sequence", event.sequence)
    item.add("summary", event.title)
    if event.all_day:
        item.add("dtstart", event.local_start.date())
        item.add("dtend", event.local_end.date())
    else:
        item.add("dtstart", event.local_start)
        item.add("dtend", event.local_end)
    if event.place:
        item.add("location", event.place)
    url = (
        event.website or event.online_url or (f"{base_url}/events/{event.pk}/" if base_url else "")
    )
    if url:
        item.add("url", url)
    if event.description:
        item.add("description", event.description)
    return item


def _deadline_items(event: Event) -> Iterable[icalendar.Event]:
    codes = {"Early-bird registration": "earlybird", "Registration": "registration"}
    for label, day in event.deadlines():
        item = icalendar.Event()
        item.add("uid", event_uid(event, codes.get(label, "abstract")))
        item.add("dtstamp", event.updated_at.astimezone(dt.UTC))
        item.add("sequence", event.sequence)
        item.add("summary", f"{label} deadline: {event.title}")
        item.add("dtstart", day)
        item.add("dtend", day + dt.timedelta(days=1))
        item.add("transp", "TRANSPARENT")
        yield item


def event_ics(event: Event, base_url: str = "") -> bytes:
    calendar = _calendar(event.title)
    calendar.add("method", "PUBLISH")
    calendar.add_component(_vevent(event, base_url))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def feed_events(user):
    """The events on a doctor's feed: those they plan to go to, and their own private ones,
    from a year ago on."""
    since = timezone.now() - dt.timedelta(days=365)
    planned = Attendance.objects.filter(owner=user, status__in=PLANNED_STATUSES).values("event")
    return (
        Event.objects.visible_to(user)
        .filter(Q(pk__in=planned) | Q(owner=user), ends_at__gte=since)
        .order_by("starts_at")
    )


def feed_ics(user, base_url: str = "") -> bytes:
    calendar = _calendar(f"NetMed: {user}")
    calendar.add("refresh-interval", dt.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    for event in feed_events(user):
        calendar.add_component(_vevent(event, base_url))
        for item in _deadline_items(event):
            calendar.add_component(item)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def feed_for(user) -> CalendarFeed:
    """The doctor's feed token, made on first use."""
    feed, _ = CalendarFeed.objects.get_or_create(owner=user)
    return feed


@transaction.atomic
def regenerate_feed(user) -> CalendarFeed:
    """A new secret URL; the old one stops working at once."""
    feed = feed_for(user)
    feed.token = new_feed_token()
    feed.save(update_fields=["token", "updated_at"])
    return feed


def site_url() -> str:
    return getattr(settings, "SITE_URL", "").rstrip("/")
