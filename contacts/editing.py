"""Creating and editing a contact with its emails, phones, links, positions and tags, atomically."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.forms import BaseInlineFormSet

from core.dashboard import forget_network_health

from . import due_dates, organisation_counts
from .forms import ContactForm
from .models import Contact, Organisation, Tag
from .search import refresh_organisation, refresh_search_vectors


class EditConflict(Exception):
    """The contact was saved elsewhere (another tab or device) after this form was opened."""


CONFLICT_MESSAGE = (
    "This contact was changed in another tab or window after you opened this page, so nothing "
    "was saved. Your text is still below: check the contact's page, then save again to keep it."
)


@transaction.atomic
def save_contact(*, owner, form: ContactForm, formsets: dict[str, BaseInlineFormSet]) -> Contact:
    """Save a valid contact form and its valid inline formsets as one unit of work.

    An edit claims the version the form was opened at with a conditional update; if another
    save got there first, nothing is written and ``EditConflict`` is raised.
    """
    contact = form.save(commit=False)
    worked_at = set()  # where the contact worked before: a position may move or go
    if contact._state.adding:
        contact.owner = owner
    elif contact.owner_id != owner.pk:
        raise PermissionError("Only the owner may edit a contact.")
    else:
        opened_at = form.cleaned_data.get("version") or contact.version
        claimed = Contact.objects.filter(pk=contact.pk, version=opened_at).update(
            version=F("version") + 1
        )
        if not claimed:
            raise EditConflict(contact.pk)
        contact.version = opened_at + 1
        worked_at = organisation_counts.organisations_of([contact.pk])
    contact.languages = form.cleaned_data["languages_text"]
    contact.save()
    form.save_m2m()
    set_tags(contact=contact, names=form.cleaned_data["tags_text"])
    for name in ("emails", "phones", "links"):
        formsets[name].instance = contact
        formsets[name].save()
    _save_positions(owner=owner, contact=contact, formset=formsets["positions"])
    refresh_derived(contacts=[contact], worked_at=worked_at)
    contact.refresh_from_db(fields=["next_due_on"])
    return contact


def refresh_derived(*, contacts: Iterable[Contact], worked_at: Iterable[object] = ()) -> None:
    """Recompute what is derived from these saved contacts' rows: the search vector, when
    keeping in touch falls due, their workplaces' counts (and those of ``worked_at``, the
    organisations of their positions before the save) and their owners' dashboard picture. For
    every writer that saves a contact's rows itself (this module's ``save_contact``, the admin)."""
    contacts = list(contacts)
    ids = [c.pk for c in contacts]
    refresh_search_vectors(ids)
    due_dates.refresh(ids)
    organisation_counts.refresh_for_contacts(ids, also=worked_at)
    for owner_id in {c.owner_id for c in contacts}:
        forget_network_health(owner_id)


def organisation_changed(*, organisation: Organisation) -> None:
    """After an organisation is renamed: everyone who works or worked there is found under its
    new name, and the dashboard's "where they work" shows it."""
    refresh_organisation(organisation.pk)
    forget_network_health(organisation.owner_id)


def tags_changed(*, tag_ids: Iterable[object]) -> list[object]:
    """After tags are renamed (or just before they are deleted, then again after): the tagged
    contacts' search vectors follow. Returns the contacts' ids."""
    ids = list(
        Contact.tags.through.objects.filter(tag_id__in=list(tag_ids)).values_list(
            "contact_id", flat=True
        )
    )
    refresh_search_vectors(ids)
    return ids


@transaction.atomic
def delete_tags(*, tags) -> int:
    """Delete tags (a queryset): their contacts are no longer found by them."""
    tagged = tags_changed(tag_ids=tags.values_list("pk", flat=True))
    count, _ = tags.delete()
    refresh_search_vectors(tagged)
    return count


def term_relabelled(*, term_id: int) -> None:
    """After staff reword a vocabulary term: contacts of that specialty, field or career stage
    are found by the new words, and their owners' dashboards show them."""
    contacts = Contact.objects.filter(
        Q(specialty_id=term_id) | Q(specialty_field_id=term_id) | Q(career_stage_id=term_id)
    )
    refresh_search_vectors(contacts.values_list("pk", flat=True))
    for owner_id in contacts.values_list("owner_id", flat=True).distinct():
        forget_network_health(owner_id)


def _save_positions(*, owner, contact: Contact, formset: BaseInlineFormSet) -> None:
    for form in formset.forms:
        if not form.has_changed():
            continue
        if formset._should_delete_form(form):
            if form.instance.pk:
                form.instance.delete()
            continue
        position = form.save(commit=False)
        position.contact = contact
        if new_name := form.cleaned_data.get("new_organisation"):
            position.organisation = organisation_named(
                owner=owner, name=new_name, kind=form.cleaned_data.get("new_organisation_kind")
            )
        position.save()


def organisation_named(*, owner, name: str, kind: str | None = None) -> Organisation:
    """The doctor's organisation of this name (any case), created when it is new."""
    name = " ".join(name.split())
    existing = (
        Organisation.objects.for_user(owner)
        .annotate(lname=Lower("name"))
        .filter(lname=name.lower())
    )
    return existing.first() or Organisation.objects.create(
        owner=owner, name=name, kind=kind or "hospital"
    )


def tags_named(*, owner, names: Iterable[str]) -> list[Tag]:
    """The doctor's tags of these names (any case), creating the new ones."""
    names = list(names)
    found = {
        t.lname: t
        for t in Tag.objects.for_user(owner)
        .annotate(lname=Lower("name"))
        .filter(lname__in=[n.lower() for n in names])
    }
    tags = []
    for name in names:
        tag = found.get(name.lower())
        if tag is None:
            tag = found[name.lower()] = Tag.objects.create(owner=owner, name=name)
        tags.append(tag)
    return tags


def set_tags(*, contact: Contact, names: Iterable[str]) -> None:
    contact.tags.set(tags_named(owner=contact.owner, names=names))
