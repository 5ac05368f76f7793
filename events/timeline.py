"""Contributes "Met at <event>" entries to a contact's timeline (contacts.timeline)."""

from __future__ import annotations

from contacts.timeline import TimelineEntry, TimelineQuery, register_query
from core.reversing import url_pattern

from .models import Event, place

# An event sits on its first day where it happens (``Event.first_day``): each event has its own
# time zone, so PostgreSQL's ``timezone(zone, timestamptz)`` rather than one date cast.
_MET_SQL = """
SELECT e.id, e.title, e.starts_at, e.timezone, e.venue, e.city, e.state, e.online_url,
       p.created_at
  FROM events_personmet p
  JOIN events_event e ON e.id = p.event_id
 WHERE p.contact_id = %(contact)s AND p.owner_id = %(owner)s{before}
 ORDER BY timezone(e.timezone, e.starts_at)::date DESC, e.starts_at DESC
 LIMIT %(limit)s"""


@register_query("events.people_met")
def met_at_events(contact, limit: int, before=None) -> TimelineQuery:
    """The events where the doctor met this contact, newest first. One statement."""
    sql = _MET_SQL.format(
        before="\n   AND timezone(e.timezone, e.starts_at)::date <= %(before)s"
        if before is not None
        else ""
    )
    params = {"contact": contact.pk, "owner": contact.owner_id, "limit": limit, "before": before}
    return TimelineQuery(sql, params, _entries)


def _entries(rows: list[tuple]) -> list[TimelineEntry]:
    event_url = url_pattern("events:detail").format
    zone = Event._meta.get_field("timezone").to_python
    return [
        TimelineEntry(
            kind="event",
            occurred_on=starts_at.astimezone(zone(timezone)).date(),  # Event.first_day
            title=f"Met at {title}",
            body=place(venue, city, state, online_url),
            url=event_url(pk),
            sort_key=created_at.isoformat(),
        )
        for pk, title, starts_at, timezone, venue, city, state, online_url, created_at in rows
    ]
