"""Logging interactions: the one writer of ``Interaction`` rows and of ``last_interaction_at``.

Every feature that records contact with a person (the contact page's quick-add, "met here" at an
event, a mentorship meeting, an import) calls ``log_interaction`` so "last contacted" stays right.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from core.dashboard import forget_network_health
from core.models import Term

from . import due_dates, links, organisation_counts
from .models import Contact, Interaction


@transaction.atomic
def log_interaction(
    owner,
    contacts: Iterable[Contact],
    *,
    kind: str | Term,
    occurred_on: dt.date | None = None,
    place: str = "",
    note: str = "",
) -> Interaction:
    """Record one interaction with one or more of ``owner``'s contacts and move their clocks on.

    ``kind`` is an ``interaction_kind`` term or its code (``coffee``, ``conference``…).
    """
    contacts = list(contacts)
    if any(c.owner_id != owner.pk for c in contacts):
        raise PermissionError("An interaction may only name the owner's own contacts.")
    if isinstance(kind, str):
        kind = Term.objects.get(kind="interaction_kind", code=kind)
    occurred_on = occurred_on or timezone.localdate()
    interaction = Interaction.objects.create(
        owner=owner, kind=kind, occurred_on=occurred_on, place=place, note=note
    )
    interaction.contacts.set(contacts)
    store_people([interaction.pk])
    refresh_links(owner.pk, [[c.pk for c in contacts]])
    Contact.objects.filter(pk__in=[c.pk for c in contacts]).filter(
        Q(last_interaction_at__isnull=True) | Q(last_interaction_at__lt=occurred_on)
    ).update(last_interaction_at=occurred_on, updated_at=F("updated_at"))
    due_dates.refresh([c.pk for c in contacts])
    organisation_counts.refresh_for_contacts([c.pk for c in contacts])
    forget_network_health(owner.pk)
    return interaction


def store_people(interaction_ids: Iterable[object]) -> None:
    """Store what is kept from each of these interactions' people and date: how many people it
    names (``Interaction.people_count``) and its date on each of its links
    (``InteractionContact.occurred_on``). Call after writing an interaction's ``contacts`` or
    its ``occurred_on``."""
    ids = [str(pk) for pk in interaction_ids]
    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            """UPDATE contacts_interaction i SET people_count = (
                   SELECT count(*) FROM contacts_interaction_contacts ic
                    WHERE ic.interaction_id = i.id)
                WHERE i.id = ANY(%s::uuid[])""",
            [ids],
        )
        cursor.execute(
            """UPDATE contacts_interaction_contacts ic SET occurred_on = i.occurred_on
                 FROM contacts_interaction i
                WHERE i.id = ic.interaction_id AND ic.interaction_id = ANY(%s::uuid[])
                  AND ic.occurred_on IS DISTINCT FROM i.occurred_on""",
            [ids],
        )


def refresh_links(owner_id: int, people: Iterable[Iterable[object]]) -> None:
    """After writing interactions: the network graph's "met together" links among the people
    of any of them that names two or more (``people``: each one's contact ids, before and after
    a change). An interaction with one person links no one, so most writes skip this."""
    ids: set = set()
    for group in people:
        group = set(group)
        if len(group) > 1:
            ids |= group
    links.refresh(owner_id, ids)


def refresh_last_interaction(contact_ids: Iterable[object]) -> None:
    """Recompute "last contacted" (and so when keeping in touch falls due) after interactions
    were edited, deleted or moved (merge)."""
    from django.db.models import Max, OuterRef, Subquery

    latest = (
        Interaction.objects.filter(contacts=OuterRef("pk"))
        .order_by()
        .values("contacts")
        .annotate(latest=Max("occurred_on"))
        .values("latest")
    )
    contact_ids = list(contact_ids)
    Contact.objects.filter(pk__in=contact_ids).update(last_interaction_at=Subquery(latest))
    due_dates.refresh(contact_ids)
    organisation_counts.refresh_for_contacts(contact_ids)


@transaction.atomic
def update_interaction(
    interaction: Interaction,
    *,
    contacts: Iterable[Contact],
    kind: Term,
    occurred_on: dt.date,
    place: str = "",
    note: str = "",
) -> Interaction:
    """Change an interaction (and who was there), then put every affected clock right."""
    contacts = list(contacts)
    if not contacts or any(c.owner_id != interaction.owner_id for c in contacts):
        raise PermissionError("An interaction names at least one of the owner's own contacts.")
    before = set(interaction.contacts.values_list("pk", flat=True))
    interaction.kind, interaction.occurred_on = kind, occurred_on
    interaction.place, interaction.note = place, note
    interaction.save()
    interaction.contacts.set(contacts)
    store_people([interaction.pk])
    refresh_links(interaction.owner_id, [before, [c.pk for c in contacts]])
    refresh_last_interaction(before | {c.pk for c in contacts})
    return interaction


@transaction.atomic
def delete_interaction(interaction: Interaction) -> None:
    """Delete an interaction; "last contacted" falls back to the next newest one."""
    affected = list(interaction.contacts.values_list("pk", flat=True))
    interaction.delete()
    refresh_links(interaction.owner_id, [affected])
    refresh_last_interaction(affected)
