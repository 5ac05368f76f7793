"""Contributes "Met at <event>" entries to a contact's timeline (contacts.timeline)."""

from __future__ import annotations

from django.urls import reverse

from contacts.timeline import TimelineEntry, register_source

from .models import PersonMet


@register_source("events.people_met")
def met_at_events(contact, limit: int) -> list[TimelineEntry]:
    """The events where the doctor met this contact, newest first. One query."""
    met = (
        PersonMet.objects.filter(contact=contact, owner_id=contact.owner_id)
        .select_related("event")
        .order_by("-event__starts_at")[:limit]
    )
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
