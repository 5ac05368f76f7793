"""The doctor's address book on the DAV server: contacts out as vCards, a phone's edits back in.

Out: ``card_index`` lists every living contact's href and ETag from one query (no vCard is
written to list the address book); ``card_texts`` writes the vCards of many contacts at once with
``contacts.exporting`` (the same cards as the vCard export, in vCard 3.0, which every phone reads).

In: a phone may change the name, phones, emails and notes. ``save_card`` writes them through
the same functions as the web form's save (``contacts.editing.refresh_derived``: search vector,
keep-in-touch due date, the dashboard), claims the contact's ``version`` as the form does (a
stale write is refused, never merged), and records the change in the contact's history. A new
card becomes a contact through ``contacts.services.add_contact``; a deleted card moves the
contact to the Trash (``contacts.services.trash_contacts``), never erasing it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

import phonenumbers
from django.db import connection, transaction
from django.db.models import F

from contacts import exporting
from contacts.editing import refresh_derived
from contacts.models import Contact, ContactEmail, ContactPhone
from contacts.services import add_contact, trash_contacts

from .models import SyncedCard

VERSION = "3.0"
CHANGE_REASON = "Changed on a phone (CardDAV)"
# vCard TEL types back to NetMed's labels (the reverse of contacts.exporting.PHONE_TYPES).
PHONE_LABELS = {"cell": "mobile", "iphone": "mobile", "work": "work", "home": "home"}
PHONE_LABELS |= {"pager": "pager", "fax": "fax", "main": "main"}


class StaleCard(Exception):
    """The contact changed in NetMed after the phone last read it."""


@dataclass(frozen=True)
class CardRef:
    href: str
    etag: str
    uid: str
    contact_id: uuid.UUID
    version: int
    updated_at: object


def contact_etag(version: int, updated_at) -> str:
    return f'"{version}-{int(updated_at.timestamp() * 1_000_000)}"'


def default_href(contact_id) -> str:
    return f"{contact_id}.vcf"


def card_index(owner, *, ids: Iterable | None = None, hrefs: Iterable[str] | None = None):
    """``CardRef``s of the owner's living contacts (all, those with ``ids``, or those at
    ``hrefs``): one query, no vCard text."""
    contacts = Contact.objects.for_user(owner).alive()
    if ids is not None:
        contacts = contacts.filter(pk__in=list(ids))
    if hrefs is not None:
        # Two plain index reads, not one OR across a join (which scanned every contact).
        hrefs = list(hrefs)
        found = {pk for pk in map(_id_from_href, hrefs) if pk}
        found |= set(
            SyncedCard.objects.filter(owner=owner, href__in=hrefs).values_list(
                "contact_id", flat=True
            )
        )
        contacts = contacts.filter(pk__in=found)
    rows = contacts.values_list(
        "id", "version", "updated_at", "synced_card__href", "synced_card__uid"
    ).order_by("id")
    for pk, version, updated_at, href, uid in rows.iterator(chunk_size=5000):
        yield CardRef(
            href=href or default_href(pk),
            etag=contact_etag(version, updated_at),
            uid=uid or str(pk),
            contact_id=pk,
            version=version,
            updated_at=updated_at,
        )


def _id_from_href(href: str) -> uuid.UUID | None:
    if not href.endswith(".vcf"):
        return None
    try:
        return uuid.UUID(href.removesuffix(".vcf"))
    except ValueError:
        return None


def address_book_tag(owner) -> str:
    """A token that changes whenever any card of the address book would: one aggregate query
    (the CardDAV ctag and sync-token; an unchanged address book costs only this to check)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT md5(coalesce(string_agg(c.id::text || ':' || c.version || ':' ||"
            " extract(epoch from c.updated_at)::text || ':' || coalesce(s.href, ''), ','"
            " ORDER BY c.id), '')), count(*)"
            f" FROM {Contact._meta.db_table} c"
            f" LEFT JOIN {SyncedCard._meta.db_table} s ON s.contact_id = c.id"
            " WHERE c.owner_id = %s AND c.deleted_at IS NULL",
            [owner.pk],
        )
        digest, count = cursor.fetchone()
    return f"{digest}-{count}"


def card_texts(owner, refs: Iterable[CardRef]) -> dict[uuid.UUID, str]:
    """The vCards of these contacts, by contact id: a few queries per thousand contacts."""
    by_id = {ref.contact_id: ref for ref in refs}
    texts = {}
    for contact in exporting.exported_contacts(owner, pks=by_id):
        text = exporting.vcard(contact, photo=exporting.photo_bytes(contact), version=VERSION)
        uid = by_id[contact.id].uid
        if uid != str(contact.id):
            text = text.replace(f"\r\nUID:{contact.id}\r\n", f"\r\nUID:{_escape(uid)}\r\n", 1)
        texts[contact.id] = text
    return texts


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")


def has_uid(owner, uid: str) -> bool:
    """Whether a living contact already has this vCard UID (its id, or a phone's own UID)."""
    contacts = Contact.objects.for_user(owner).alive()
    try:
        if contacts.filter(pk=uuid.UUID(uid)).exists():
            return True
    except ValueError:
        pass
    return contacts.filter(synced_card__uid=uid).exists()


def lock_href(owner, href: str) -> None:
    """Lock the contact at ``href`` until the transaction ends, so the ETag a write was checked
    against cannot change before it is written."""
    pk = _id_from_href(href)
    contacts = Contact.objects.for_user(owner).filter(
        pk__in=SyncedCard.objects.filter(owner=owner, href=href).values("contact_id")
    )
    if pk:
        contacts = contacts | Contact.objects.for_user(owner).filter(pk=pk)
    list(contacts.select_for_update().values_list("pk", flat=True))


# --- writes from the phone ------------------------------------------------------------------


@dataclass
class CardFields:
    prefix: str
    given_name: str
    family_name: str
    notes: str
    emails: list[str]
    phones: list[tuple[str, str]]  # (E.164 or as typed, label)


def card_fields(card, *, region: str) -> CardFields:
    """What NetMed takes from a phone's vCard (a vobject component)."""
    prefix = given = family = ""
    if hasattr(card, "n"):
        name = card.n.value
        prefix, given, family = name.prefix or "", name.given or "", name.family or ""
        prefix, given, family = (_join(v) for v in (prefix, given, family))
    elif hasattr(card, "fn"):
        from contacts.services import split_name

        prefix, given, family = split_name(card.fn.value)
    notes = "\n".join(line.value for line in card.contents.get("note", []) if line.value)
    emails = []
    for line in card.contents.get("email", []):
        value = str(line.value).strip()
        if value and value.lower() not in {e.lower() for e in emails}:
            emails.append(value)
    phones = []
    for line in card.contents.get("tel", []):
        number = _phone(str(line.value), region=region)
        types = {t.lower() for t in line.params.get("TYPE", [])}
        label = next((PHONE_LABELS[t] for t in types if t in PHONE_LABELS), "")
        if number and number not in {p for p, _ in phones}:
            phones.append((number, label))
    return CardFields(prefix[:20], given[:100], family[:100], notes, emails, phones)


def _join(value) -> str:
    return " ".join(value) if isinstance(value, list) else str(value)


def _phone(raw: str, *, region: str) -> str:
    raw = raw.strip().removeprefix("tel:")
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return raw[:32]
    if not phonenumbers.is_valid_number(number):
        return raw[:32]
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@transaction.atomic
def save_card(*, owner, ref: CardRef | None, href: str, uid: str, card) -> uuid.UUID:
    """Write a phone's card: an edit of the contact ``ref`` points at (refused with
    ``StaleCard`` if the contact changed since the phone's copy), or a new contact. Returns the
    contact's id."""
    region = str(owner.country or "AU")
    fields = card_fields(card, region=region)
    if ref is None:
        return _add_card(owner=owner, href=href, uid=uid, fields=fields)
    claimed = Contact.objects.for_user(owner).filter(pk=ref.contact_id, version=ref.version)
    if not claimed.update(version=F("version") + 1):
        raise StaleCard(ref.contact_id)
    contact = Contact.objects.get(pk=ref.contact_id)
    contact.prefix, contact.given_name, contact.family_name = (
        fields.prefix,
        fields.given_name,
        fields.family_name,
    )
    contact.notes = fields.notes
    contact._change_reason = CHANGE_REASON
    contact.save()
    _replace_emails(contact, fields.emails)
    _replace_phones(contact, fields.phones)
    refresh_derived(contacts=[contact])
    return contact.pk


def _add_card(*, owner, href: str, uid: str, fields: CardFields) -> uuid.UUID:
    contact = add_contact(
        owner=owner,
        prefix=fields.prefix,
        given_name=fields.given_name,
        family_name=fields.family_name,
        email=fields.emails[0] if fields.emails else "",
        notes=fields.notes,
        reason="Added on a phone (CardDAV)",
    )
    for email in fields.emails[1:]:
        ContactEmail.objects.create(contact=contact, email=email)
    for index, (number, label) in enumerate(fields.phones):
        ContactPhone.objects.create(
            contact=contact, number=number, label=label, is_primary=index == 0
        )
    if fields.phones or fields.emails[1:]:
        refresh_derived(contacts=[contact])
    if href != default_href(contact.pk) or uid != str(contact.pk):
        SyncedCard.objects.create(contact=contact, owner=owner, href=href, uid=uid)
    return contact.pk


def _replace_emails(contact: Contact, emails: list[str]) -> None:
    kept = {e.lower() for e in emails}
    for row in contact.emails.all():
        if row.email.lower() not in kept:
            row.delete()
    have = {row.email.lower() for row in contact.emails.all()}
    for index, email in enumerate(emails):
        if email.lower() not in have:
            ContactEmail.objects.create(
                contact=contact, email=email, is_primary=index == 0 and not have
            )


def _replace_phones(contact: Contact, phones: list[tuple[str, str]]) -> None:
    wanted = dict(phones)
    for row in contact.phones.all():
        if row.number not in wanted:
            row.delete()
    have = {row.number for row in contact.phones.all()}
    for index, (number, label) in enumerate(phones):
        if number not in have:
            ContactPhone.objects.create(
                contact=contact, number=number, label=label, is_primary=index == 0 and not have
            )


def trash_card(*, owner, ref: CardRef) -> None:
    """A card deleted on the phone: its contact goes to NetMed's Trash (restorable there)."""
    trash_contacts(owner=owner, ids=[ref.contact_id], reason="Deleted on a phone (CardDAV)")
