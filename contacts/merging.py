"""Merging two records of one person into one, losing nothing.

The doctor picks, field by field, which value to keep. Everything attached to the duplicate moves
to the kept contact: emails, phones, links, positions, interactions, tags, relationship kinds and
every other app's link to it (found generically from ``Contact._meta``, so apps added later are
covered). Notes, languages and fellowships are combined. The emptied duplicate goes to the Trash,
so the merge can be undone within 30 days (its moved items stay with the kept contact).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, models, transaction
from django.db.models.functions import Lower

from core.vocabulary import fellowships

from . import history, links
from .interactions import refresh_last_interaction, store_people
from .models import Contact, ContactEmail, ContactPhone
from .search import refresh_search_vectors
from .services import trash_contacts

# Fields the doctor chooses between when they differ. Notes, languages and fellowships are
# combined instead.
CHOOSABLE = [
    "prefix",
    "given_name",
    "family_name",
    "preferred_name",
    "career_stage",
    "specialty",
    "specialty_field",
    "specialty_other",
    "city",
    "state",
    "country",
    "qualification_country",
    "how_we_met",
    "closeness",
    "cadence_days",
    "birthday_day",
    "birthday_month",
    "birthday_year",
    "photo",
]


@dataclass(frozen=True)
class FieldChoice:
    name: str
    label: str
    kept_value: object
    other_value: object


def differing_fields(keep: Contact, other: Contact) -> list[FieldChoice]:
    """The choosable fields on which the two contacts differ (both values shown to the doctor)."""
    choices = []
    for name in CHOOSABLE:
        field = Contact._meta.get_field(name)
        mine, theirs = getattr(keep, name), getattr(other, name)
        if (mine or None) != (theirs or None):
            choices.append(FieldChoice(name, str(field.verbose_name), mine, theirs))
    return choices


@transaction.atomic
def merge_contacts(*, owner, keep: Contact, duplicate: Contact, take: set[str]) -> Contact:
    """Fold ``duplicate`` into ``keep``; ``take`` names the fields whose value comes from it."""
    if keep.pk == duplicate.pk or {keep.owner_id, duplicate.owner_id} != {owner.pk}:
        raise PermissionError("Merge two different contacts of your own.")
    locked = Contact.objects.select_for_update().in_bulk([keep.pk, duplicate.pk])
    keep, duplicate = locked[keep.pk], locked[duplicate.pk]
    for name in take & set(CHOOSABLE):
        setattr(keep, name, getattr(duplicate, name))
    keep.notes = "\n\n".join(n for n in dict.fromkeys([keep.notes, duplicate.notes]) if n)
    keep.languages = list(dict.fromkeys(keep.languages + duplicate.languages))
    both = set(keep.fellowships + duplicate.fellowships)
    keep.fellowships = [letters for letters, _ in fellowships() if letters in both]
    keep._change_reason = f"Merged from {duplicate.display_name}"[: history.REASON_LENGTH]
    keep.save()
    for field in Contact._meta.many_to_many:  # tags, relationship kinds
        getattr(keep, field.name).add(*getattr(duplicate, field.name).all())
    for relation in _relations_pointing_at_contacts():
        _repoint(relation, keep=keep, duplicate=duplicate)
    _drop_repeated(ContactEmail, Lower("email"), keep)
    _drop_repeated(ContactPhone, models.F("number"), keep)
    # An interaction with both of them now names one person fewer.
    store_people(keep.interactions.values_list("pk", flat=True))
    # Also re-dates keeping in touch (cadence, closeness, tags and kinds may have changed).
    refresh_last_interaction([keep.pk, duplicate.pk])
    refresh_search_vectors([keep.pk, duplicate.pk])
    trash_contacts(owner=owner, ids=[duplicate.pk], reason=f"Merged into {keep.display_name}")
    # The kept contact now has the duplicate's projects, papers, meetings…: its links again.
    links.refresh(owner.pk, [keep.pk])
    return keep


def _relations_pointing_at_contacts() -> list[models.ForeignObjectRel]:
    """Every reverse relation to Contact (hidden ones too), except forward M2Ms' own tables and
    tables derived from contacts' facts (``derived_from_contacts``, recomputed after a merge)."""
    forward_through = {f.remote_field.through for f in Contact._meta.many_to_many}
    return [
        rel
        for rel in Contact._meta.get_fields(include_hidden=True)
        if rel.auto_created
        and not rel.concrete
        and rel.related_model not in forward_through
        and not getattr(rel.related_model, "derived_from_contacts", False)
    ]


def _repoint(relation, *, keep: Contact, duplicate: Contact) -> None:
    if relation.many_to_many:  # e.g. Interaction.contacts: move the link rows of the M2M table
        through = relation.through._default_manager
        to_contact = relation.field.m2m_reverse_field_name()
        other_side = relation.field.m2m_field_name()
        shared = through.filter(**{to_contact: keep}).values(other_side)
        through.filter(**{to_contact: duplicate, f"{other_side}__in": shared}).delete()
        through.filter(**{to_contact: duplicate}).update(**{to_contact: keep})
        return
    manager = relation.related_model._default_manager
    name = relation.field.name
    rows = manager.filter(**{name: duplicate})
    try:
        with transaction.atomic():
            rows.update(**{name: keep})
    except IntegrityError:
        # A unique rule says the kept contact already has this link (the same project, say):
        # move row by row and drop only the rows the kept contact already has an equal of.
        for pk in list(rows.values_list("pk", flat=True)):
            try:
                with transaction.atomic():
                    manager.filter(pk=pk).update(**{name: keep})
            except IntegrityError:
                manager.filter(pk=pk).delete()


def _drop_repeated(model, key, keep: Contact) -> None:
    """After moving, the same email or number may appear twice: keep one of each."""
    seen, repeated = set(), []
    rows = model.objects.filter(contact=keep).annotate(key=key).order_by("-is_primary", "pk")
    for pk, value in rows.values_list("pk", "key"):
        if value in seen:
            repeated.append(pk)
        seen.add(value)
    model.objects.filter(pk__in=repeated).delete()
