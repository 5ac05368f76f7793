"""The contacts app's own timeline sources: interactions and the contact's notes."""

from __future__ import annotations

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import DateField, ExpressionWrapper, F, OuterRef
from django.db.models.functions import JSONObject
from django.urls import reverse
from django.utils import timezone

from .listing import url_maker
from .models import Contact, Interaction
from .rendering import LazyMarkdown, render_markdown
from .timeline import TimelineEntry, register_source, shown_elsewhere


@register_source("interactions")
def interactions(contact: Contact, limit: int, before=None) -> list[TimelineEntry]:
    """The newest ``limit`` interactions with this contact, in one query.

    Sorted by ``occurred_on + 0``, which no index serves: so PostgreSQL starts from this
    contact's own links (the through table's contact index) and sorts those few hundred rows.
    Sorted by the bare column, it walked the whole table's date index backwards, everyone's
    interactions, probing each for this contact: 5.6 s for a busy contact among 1.4M rows."""
    newest_first = ExpressionWrapper(F("occurred_on") + 0, output_field=DateField())
    """The newest ``limit`` interactions with this contact, in one query; those another source
    shows as its own entry (a mentorship meeting) are left out."""
    # Excluded on the contact's own links, not on the interactions: ``NOT IN`` on the
    # interaction table turned the plan into a scan of everyone's interactions (190-350 ms for
    # the busiest bench contact, against 20 ms from the links' contact index).
    links = Interaction.contacts.through.objects.filter(contact=contact)
    for ids in shown_elsewhere(contact):
        links = links.exclude(interaction_id__in=ids)
    # The other people's names come in the same row (an array, in the order a prefetch of
    # ``contacts`` gives), not in a second query.
    others = (
        Contact.objects.filter(interactions=OuterRef("pk"))
        .exclude(pk=contact.pk)
        .values(name=JSONObject(prefix="prefix", given="given_name", family="family_name"))
    )
    rows = Interaction.objects.filter(pk__in=links.values("interaction_id"))
    if before is not None:
        rows = rows.filter(occurred_on__lte=before)
    rows = (
        rows.select_related("kind")
        .annotate(others=ArraySubquery(others))
        .order_by(newest_first.desc(), "-created_at", "-id")[:limit]
    )
    entries = []
    edit_url = url_maker("contacts:interaction_edit")
    for row in rows:
        others = [
            str(Contact(prefix=o["prefix"], given_name=o["given"], family_name=o["family"]))
            for o in row.others
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
