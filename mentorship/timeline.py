"""Mentorship meetings on a contact's timeline (the contact is the viewer's own row for the other
person of a mentorship). Private notes never appear here: only the date and agenda."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.html import escape

from contacts.timeline import TimelineEntry, register_source

from .models import Meeting


@register_source("mentorship_meetings")
def meeting_entries(contact, limit: int) -> list[TimelineEntry]:
    meetings = (
        Meeting.objects.filter(
            Q(mentorship__contact=contact, mentorship__owner_id=contact.owner_id)
            | Q(mentorship__member_contact=contact, mentorship__member_id=contact.owner_id)
        )
        .only("id", "held_on", "agenda", "created_at", "mentorship_id")
        .order_by("-held_on", "-created_at")[:limit]
    )
    return [
        TimelineEntry(
            kind="mentorship_meeting",
            occurred_on=meeting.held_on,
            title="Mentorship meeting",
            body=escape(meeting.agenda[:300]),
            url=reverse("mentorship:meeting_detail", args=[meeting.pk]),
            sort_key=meeting.created_at.isoformat(),
        )
        for meeting in meetings
    ]
