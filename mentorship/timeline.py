"""Mentorship meetings on a contact's timeline (the contact is the viewer's own row for the other
person of a mentorship). Private notes never appear here: only the date and agenda.

A meeting also logs a "mentoring" interaction (so "last contacted" stays right); the timeline shows
the meeting once, in the interaction's place, with a link to that interaction to edit or delete it.
"""

from __future__ import annotations

from django.utils.html import escape, format_html

from contacts.timeline import (
    TimelineEntry,
    TimelineQuery,
    register_query,
    register_shown_elsewhere,
)
from core.reversing import url_pattern

# The meetings of the mentorships in which the contact is its owner's row for the other person.
_MEETINGS_OF_CONTACT = """
  FROM mentorship_meeting m
  JOIN mentorship_mentorship s ON s.id = m.mentorship_id
 WHERE ((s.contact_id = %(contact)s AND s.owner_id = %(owner)s)
        OR (s.member_contact_id = %(contact)s AND s.member_id = %(owner)s))"""

# Each meeting with the id of the interaction it logged for this contact's owner (if any).
_MEETINGS_SQL = (
    """
SELECT m.id, m.held_on, m.agenda, m.created_at,
       (SELECT l.interaction_id
          FROM mentorship_meeting_interactions l
          JOIN contacts_interaction i ON i.id = l.interaction_id
         WHERE l.meeting_id = m.id AND i.owner_id = %(owner)s
         LIMIT 1)"""
    + _MEETINGS_OF_CONTACT
    + """{before}
 ORDER BY m.held_on DESC, m.created_at DESC
 LIMIT %(limit)s"""
)


@register_query("mentorship_meetings")
def meeting_entries(contact, limit: int, before=None) -> TimelineQuery:
    """The newest ``limit`` meetings, each with the id of the interaction it logged for this
    contact's owner (if any), in one statement."""
    bound = "\n   AND m.held_on <= %(before)s" if before is not None else ""
    sql = _MEETINGS_SQL.format(before=bound)
    params = {"contact": contact.pk, "owner": contact.owner_id, "limit": limit, "before": before}

    def entries(rows: list[tuple]) -> list[TimelineEntry]:
        meeting_url = url_pattern("mentorship:meeting_detail").format
        interaction_url = url_pattern("contacts:interaction_edit").format
        return [
            TimelineEntry(
                kind="mentorship_meeting",
                occurred_on=held_on,
                title="Mentorship meeting",
                body=_body(agenda, interaction_id and interaction_url(interaction_id), contact),
                url=meeting_url(pk),
                sort_key=created_at.isoformat(),
            )
            for pk, held_on, agenda, created_at, interaction_id in rows
        ]

    return TimelineQuery(sql, params, entries)


def _body(agenda: str, interaction_url: str | None, contact) -> str:
    agenda = escape(agenda[:300])
    if interaction_url is None:
        return agenda
    return format_html(
        '{} <a href="{}?back={}" class="small-link">logged interaction</a>',
        agenda,
        interaction_url,
        contact.pk,
    )


# The interactions this contact's meetings logged: the meeting entries stand for them.
register_shown_elsewhere(
    "mentorship_meetings",
    "SELECT l.interaction_id FROM mentorship_meeting_interactions l"
    " WHERE l.meeting_id IN (SELECT m.id" + _MEETINGS_OF_CONTACT + ")",
)
