"""Bulk actions on the contact list: tag, untag, set cadence (trash is ``services.trash_contacts``).

Each takes the owner and the ids ticked on the page, acts only on the owner's living contacts
among them, and returns how many contacts it changed.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F

from . import due_dates, history
from .editing import tags_named
from .models import Contact, Tag
from .search import refresh_search_vectors


def _chosen(owner, ids: Iterable[uuid.UUID]):
    return Contact.objects.for_user(owner).alive().filter(pk__in=list(ids))


@transaction.atomic
def tag_contacts(*, owner, ids: Iterable[uuid.UUID], tag_name: str) -> int:
    # The tag is created only when one of the owner's own contacts receives it: ids that all
    # belong to someone else (a forged or stale form) leave no empty tag behind.
    living = list(_chosen(owner, ids).values_list("pk", flat=True))
    if not living:
        return 0
    (tag,) = tags_named(owner=owner, names=[tag_name])
    chosen = list(_chosen(owner, living).exclude(tags=tag).values_list("pk", flat=True))
    Contact.tags.through.objects.bulk_create(
        [Contact.tags.through(contact_id=pk, tag_id=tag.pk) for pk in chosen]
    )
    refresh_search_vectors(chosen)
    due_dates.refresh(chosen)
    return len(chosen)


@transaction.atomic
def untag_contacts(*, owner, ids: Iterable[uuid.UUID], tag_name: str) -> int:
    tag = Tag.objects.for_user(owner).filter(name__iexact=tag_name.strip()).first()
    if tag is None:
        return 0
    chosen = list(_chosen(owner, ids).filter(tags=tag).values_list("pk", flat=True))
    Contact.tags.through.objects.filter(tag=tag, contact_id__in=chosen).delete()
    refresh_search_vectors(chosen)
    due_dates.refresh(chosen)
    return len(chosen)


@transaction.atomic
def set_cadence(*, owner, ids: Iterable[uuid.UUID], days: int | None) -> int:
    chosen = list(_chosen(owner, ids).values_list("pk", flat=True))
    Contact.objects.filter(pk__in=chosen).update(cadence_days=days, updated_at=F("updated_at"))
    due_dates.refresh(chosen)
    history.record(chosen, reason="Keep-in-touch set for several contacts", user=owner)
    return len(chosen)
