"""The contacts app's own timeline sources: interactions and the contact's notes."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from .listing import url_maker
from .models import Contact, full_name
from .rendering import LazyMarkdown, render_markdown
from .timeline import TimelineEntry, TimelineQuery, register_query, register_source, shown_elsewhere

# Read from the contact's own links in the order of the (contact, date) index: each link holds its
# interaction's date (``InteractionContact.occurred_on``), so PostgreSQL reads the newest few
# links and their interactions. Sorted by the interaction's own date, it had to fetch every one of
# a busy contact's interactions first (1,200 index probes, 10-16 ms); and sorted by that date
# through the interactions' own date index, it walked everyone's interactions (5.6 s for a busy
# contact among 1.4M rows). What other sources show is left out on the contact's own links, not
# on the interactions: ``NOT IN`` on the interaction table turned the plan into a scan of
# everyone's interactions (190-350 ms for the busiest bench contact, against 20 ms from the
# links' contact index). The other people's names come in the same row, in the contacts'
# default order (family name, given name), not in a second query.
_INTERACTIONS_SQL = """
SELECT i.id, i.occurred_on, i.created_at, i.place, i.note, k.label,
       ARRAY(SELECT ARRAY[c.prefix, c.given_name, c.family_name]
               FROM contacts_contact c
               JOIN contacts_interaction_contacts o ON o.contact_id = c.id
              WHERE o.interaction_id = l.interaction_id AND c.id <> %(contact)s
              ORDER BY lower(c.family_name), lower(c.given_name))
  FROM contacts_interaction_contacts l
  JOIN contacts_interaction i ON i.id = l.interaction_id
  JOIN core_term k ON k.id = i.kind_id
 WHERE l.contact_id = %(contact)s{shown_elsewhere}{before}
 ORDER BY l.occurred_on DESC NULLS LAST, i.created_at DESC, l.interaction_id DESC
 LIMIT %(limit)s"""


@register_query("interactions")
def interactions(contact: Contact, limit: int, before=None) -> TimelineQuery:
    """The newest ``limit`` interactions with this contact, in one statement; those another
    source shows as its own entry (a mentorship meeting) are left out."""
    excluded = "".join(
        f"\n   AND l.interaction_id NOT IN ({select})" for select in shown_elsewhere()
    )
    sql = _INTERACTIONS_SQL.format(
        shown_elsewhere=excluded,
        before="\n   AND l.occurred_on <= %(before)s" if before is not None else "",
    )
    params = {"contact": contact.pk, "owner": contact.owner_id, "limit": limit, "before": before}
    return TimelineQuery(sql, params, _interaction_entries)


def _interaction_entries(rows: list[tuple]) -> list[TimelineEntry]:
    edit_url = url_maker("contacts:interaction_edit")
    entries = []
    for pk, occurred_on, created_at, place, note, kind, others in rows:
        title = kind + (f" at {place}" if place else "")
        if others:
            title += " with " + ", ".join(full_name(*name) or "(no name)" for name in others)
        entries.append(
            TimelineEntry(
                kind="interaction",
                occurred_on=occurred_on,
                title=title,
                body=LazyMarkdown(note),
                url=edit_url(pk),
                sort_key=created_at.isoformat(),
            )
        )
    return entries


@register_source("notes")
def notes(contact: Contact, limit: int, before=None) -> list[TimelineEntry]:
    """The contact's notes, dated when the contact was last edited. No query: already loaded."""
    if not contact.notes or limit < 1:
        return []
    day = timezone.localtime(contact.updated_at).date()
    if before is not None and day > before:
        return []
    return [
        TimelineEntry(
            kind="note",
            occurred_on=day,
            title="Notes",
            body=render_markdown(contact.notes),
            url=reverse("contacts:edit", args=[contact.pk]),
            sort_key=contact.updated_at.isoformat(),
        )
    ]
