"""The contacts app's own timeline sources: interactions and the contact's notes."""

from __future__ import annotations

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import F, OuterRef
from django.db.models.functions import JSONObject
from django.urls import reverse
from django.utils import timezone

from .listing import url_maker
from .models import Contact, InteractionContact
from .rendering import LazyMarkdown, render_markdown
from .timeline import TimelineEntry, register_source, shown_elsewhere


@register_source("interactions")
def interactions(contact: Contact, limit: int, before=None) -> list[TimelineEntry]:
    """The newest ``limit`` interactions with this contact, in one query; those another source
    shows as its own entry (a mentorship meeting) are left out.

    Read from the contact's own links in the order of the (contact, date) index: each link
    holds its interaction's date (``InteractionContact.occurred_on``), so PostgreSQL reads the
    newest few links and their interactions. Sorted by the interaction's own date, it had to
    fetch every one of a busy contact's interactions first (1,200 index probes, 10-16 ms); and
    sorted by that date through the interactions' own date index, it walked everyone's
    interactions (5.6 s for a busy contact among 1.4M rows)."""
    # Excluded on the contact's own links, not on the interactions: ``NOT IN`` on the
    # interaction table turned the plan into a scan of everyone's interactions (190-350 ms for
    # the busiest bench contact, against 20 ms from the links' contact index).
    links = InteractionContact.objects.filter(contact=contact)
    for ids in shown_elsewhere(contact):
        links = links.exclude(interaction_id__in=ids)
    if before is not None:
        links = links.filter(occurred_on__lte=before)
    # The other people's names come in the same row (an array, in the order a prefetch of
    # ``contacts`` gives), not in a second query.
    others = (
        Contact.objects.filter(interactions=OuterRef("interaction_id"))
        .exclude(pk=contact.pk)
        .values(name=JSONObject(prefix="prefix", given="given_name", family="family_name"))
    )
    links = (
        links.select_related("interaction__kind")
        .annotate(others=ArraySubquery(others))
        .order_by(
            F("occurred_on").desc(nulls_last=True), "-interaction__created_at", "-interaction_id"
        )[:limit]
    )
    entries = []
    edit_url = url_maker("contacts:interaction_edit")
    for link in links:
        row = link.interaction
        others = [
            str(Contact(prefix=o["prefix"], given_name=o["given"], family_name=o["family"]))
            for o in link.others
        ]
        title = row.kind.label + (f" at {row.place}" if row.place else "")
        if others:
            title += " with " + ", ".join(others)
        entries.append(
            TimelineEntry(
                kind="interaction",
                occurred_on=row.occurred_on,
                title=title,
                body=LazyMarkdown(row.note),
                url=edit_url(row.pk),
                sort_key=row.created_at.isoformat(),
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
