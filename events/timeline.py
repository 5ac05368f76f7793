"""Contributes "Met at <event>" entries to a contact's timeline (contacts.timeline)."""

from __future__ import annotations

from django.db.models import DateField, F, Func
from django.db.models.functions import Cast
from django.urls import reverse

from contacts.timeline import TimelineEntry, register_source

from .models import PersonMet


def _first_day(event_path: str) -> Cast:
    """The event's first day where it happens (``Event.first_day``), in SQL: each event has its
    own time zone, so PostgreSQL's ``timezone(zone, timestamptz)`` rather than one TruncDate."""
    local = Func(F(f"{event_path}__timezone"), F(f"{event_path}__starts_at"), function="timezone")
    return Cast(local, DateField())


@register_source("events.people_met")
def met_at_events(contact, limit: int, before=None) -> list[TimelineEntry]:
    """The events where the doctor met this contact, newest first. One query."""
    met = PersonMet.objects.filter(contact=contact, owner_id=contact.owner_id).alias(
        day=_first_day("event")
    )
    if before is not None:
        met = met.filter(day__lte=before)
    met = met.select_related("event").order_by("-day", "-event__starts_at")[:limit]
    return [
        TimelineEntry(
            kind="event",
            occurred_on=person.event.first_day,
            title=f"Met at {person.event.title}",
            body=person.event.place,
            url=reverse("events:detail", args=[person.event_id]),
            sort_key=person.created_at.isoformat(),
        )
        for person in met
    ]
