"""Mentorship meetings on a contact's timeline (the contact is the viewer's own row for the other
person of a mentorship). Private notes never appear here: only the date and agenda.

A meeting also logs a "mentoring" interaction (so "last contacted" stays right); the timeline shows
the meeting once, in the interaction's place, with a link to that interaction to edit or delete it.
"""

from __future__ import annotations

from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.html import escape, format_html

from contacts.timeline import TimelineEntry, register_shown_elsewhere, register_source

from .models import Meeting

Logged = Meeting.interactions.through


def _meetings_of(contact):
    """Meetings of the mentorships in which ``contact`` is its owner's row for the other person."""
    return Meeting.objects.filter(
        Q(mentorship__contact=contact, mentorship__owner_id=contact.owner_id)
        | Q(mentorship__member_contact=contact, mentorship__member_id=contact.owner_id)
    )


@register_source("mentorship_meetings")
def meeting_entries(contact, limit: int, before=None) -> list[TimelineEntry]:
    """The newest ``limit`` meetings, each with the id of the interaction it logged for this
    contact's owner (if any), in one query."""
    logged = Logged.objects.filter(
        meeting=OuterRef("pk"), interaction__owner_id=contact.owner_id
    ).values("interaction_id")[:1]
    meetings = _meetings_of(contact)
    if before is not None:
        meetings = meetings.filter(held_on__lte=before)
    meetings = (
        meetings.only("id", "held_on", "agenda", "created_at", "mentorship_id")
        .annotate(interaction_id=Subquery(logged))
        .order_by("-held_on", "-created_at")[:limit]
    )
    return [
        TimelineEntry(
            kind="mentorship_meeting",
            occurred_on=meeting.held_on,
            title="Mentorship meeting",
            body=_body(meeting, contact),
            url=reverse("mentorship:meeting_detail", args=[meeting.pk]),
            sort_key=meeting.created_at.isoformat(),
        )
        for meeting in meetings
    ]


def _body(meeting, contact) -> str:
    agenda = escape(meeting.agenda[:300])
    if meeting.interaction_id is None:
        return agenda
    return format_html(
        '{} <a href="{}?back={}" class="small-link">logged interaction</a>',
        agenda,
        reverse("contacts:interaction_edit", args=[meeting.interaction_id]),
        contact.pk,
    )


@register_shown_elsewhere("mentorship_meetings")
def logged_interactions(contact):
    """The interactions this contact's meetings logged: the meeting entries stand for them."""
    return Logged.objects.filter(meeting__in=_meetings_of(contact)).values("interaction_id")
