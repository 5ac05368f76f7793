"""Multi-step writes on contacts. Views, tasks and commands call these; nothing else writes."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core.dashboard import forget_network_health
from core.history import forgetting

from . import history, links, organisation_counts
from .models import Contact

TRASH_DAYS = 30


def parse_ids(raw: Iterable[str]) -> list[uuid.UUID]:
    """The well-formed UUIDs among ``raw`` (form input), silently dropping the rest."""
    ids = []
    for value in raw:
        try:
            ids.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    return ids


@transaction.atomic
def trash_contacts(
    *, owner, ids: Iterable[uuid.UUID], reason: str = "Moved to the Trash"
) -> list[uuid.UUID]:
    """Move the owner's living contacts among ``ids`` to the Trash; returns the ids moved."""
    contacts = Contact.objects.for_user(owner).alive().filter(pk__in=list(ids))
    moved = list(contacts.values_list("pk", flat=True))
    Contact.objects.filter(pk__in=moved).update(
        deleted_at=timezone.now(), updated_at=F("updated_at")
    )
    history.record(moved, reason=reason, user=owner)
    organisation_counts.refresh_for_contacts(moved)
    links.refresh(owner.pk, moved)  # the network graph leaves out trashed people
    forget_network_health(owner.pk)
    return moved


@transaction.atomic
def restore_contacts(*, owner, ids: Iterable[uuid.UUID]) -> int:
    """Bring the owner's trashed contacts among ``ids`` back; returns how many."""
    contacts = Contact.objects.for_user(owner).in_trash().filter(pk__in=list(ids))
    restored = list(contacts.values_list("pk", flat=True))
    Contact.objects.filter(pk__in=restored).update(deleted_at=None, updated_at=F("updated_at"))
    history.record(restored, reason="Restored from the Trash", user=owner)
    organisation_counts.refresh_for_contacts(restored)
    links.refresh(owner.pk, restored)
    forget_network_health(owner.pk)
    return len(restored)


@transaction.atomic
def delete_forever(*, owner, ids: Iterable[uuid.UUID]) -> int:
    """Delete trashed contacts now rather than waiting 30 days. Only ever from the Trash."""
    return _erase(Contact.objects.for_user(owner).in_trash().filter(pk__in=list(ids)))


@transaction.atomic
def purge_trash(*, older_than_days: int = TRASH_DAYS) -> int:
    cutoff = timezone.now() - timedelta(days=older_than_days)
    return _erase(Contact.objects.filter(deleted_at__lt=cutoff))


@transaction.atomic
def delete_for_staff(*, contacts) -> int:
    """Staff deleting contacts (a doctor's request to support): gone at once, with their change
    history, whoever owns them and whether or not they are in the Trash."""
    return _erase(contacts)


def _erase(contacts) -> int:
    """Delete contacts for good: their change history goes with them (deleted notes must not
    live on in it), and their owners' dashboards forget them. The number of contacts."""
    by_owner: dict[int, list[uuid.UUID]] = {}
    for pk, owner_id in contacts.values_list("pk", "owner_id"):
        by_owner.setdefault(owner_id, []).append(pk)
    gone = [pk for ids in by_owner.values() for pk in ids]
    owners = set(by_owner)
    workplaces = organisation_counts.organisations_of(gone)
    for owner_id, ids in by_owner.items():  # the people linked to them have fewer links now
        links.refresh(owner_id, ids, leaving=True)
    with forgetting():
        Contact.objects.filter(pk__in=gone).delete()
    history.forget(gone)
    organisation_counts.refresh(workplaces)
    for owner_id in owners:
        forget_network_health(owner_id)
    return len(gone)


@transaction.atomic
def split_name(text: str) -> tuple[str, str, str]:
    """A typed name as (title, given, family): "Dr Élodie Dubois" → ("Dr", "Élodie", "Dubois");
    one word is a family name, as a doctor refers to a consultant ("Sharma")."""
    name = " ".join(text.split())
    prefix = ""
    for title in Contact.PREFIXES:
        if name.lower().startswith(title.lower() + " "):
            prefix, name = title, name[len(title) + 1 :]
            break
    given, _, family = name.rpartition(" ")
    return prefix, given, family


@transaction.atomic
def add_contact(
    *,
    owner,
    given_name: str = "",
    family_name: str = "",
    prefix: str = "",
    email: str = "",
    organisation: str = "",
    reason: str = "Added",
    **fields,
) -> Contact:
    """A new contact from a few facts (a name typed in a picker, a person met in a corridor,
    another doctor's profile), indexed for search and dated for keeping in touch like one
    saved from the full form."""
    from .editing import organisation_named, refresh_derived
    from .models import ContactEmail, Position

    contact = Contact(
        owner=owner, prefix=prefix, given_name=given_name, family_name=family_name, **fields
    )
    contact._change_reason = reason
    contact.save()
    if email:
        ContactEmail.objects.create(contact=contact, email=email, is_primary=True)
    if organisation:
        Position.objects.create(
            contact=contact, organisation=organisation_named(owner=owner, name=organisation)
        )
    refresh_derived(contacts=[contact])
    return contact


def contact_for_doctor(*, owner, doctor, relationship: str = "", how_we_met: str = "") -> Contact:
    """``owner``'s contact for another NetMed doctor: the living one with their email, else a
    new one from what that doctor's profile shows others (name, email, specialty, career stage,
    workplace). ``relationship`` (a relationship-kind code, "mentor") is added either way, so a
    mentorship shows up in the network picture, "worked with most" and keeping in touch."""
    from core.models import Term

    from .editing import refresh_derived

    contact = (
        Contact.objects.for_user(owner)
        .alive()
        .filter(emails__email__iexact=doctor.email)
        .order_by("created_at")
        .first()
    )
    if contact is None:
        prefix, given, family = split_name(doctor.display_name or "")
        contact = add_contact(
            owner=owner,
            prefix=prefix,
            given_name=given,
            family_name=family or doctor.email,
            email=doctor.email,
            organisation=doctor.workplace or "",
            specialty=doctor.specialty,
            career_stage=doctor.career_stage,
            how_we_met=how_we_met,
            reason="Added from a NetMed mentorship",
        )
    if relationship:
        kind = Term.objects.filter(kind="relationship_kind", code=relationship).first()
        if kind is not None:
            contact.relationship_kinds.add(kind)
            refresh_derived(contacts=[contact])  # a mentor's default cadence may apply now
    return contact
