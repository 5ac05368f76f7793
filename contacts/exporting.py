"""Exporting a doctor's contacts as vCard 4.0 or CSV, streamed so 10,000 contacts never sit in
memory as one string. Readers fetch contacts in chunks with their parts prefetched (six queries
per chunk of ``CHUNK``), whatever the size of the network.

Our vCards are written by hand (vobject's serializer is slow at this scale) and tested to parse
with vobject and to re-import into NetMed as the same contacts.
"""

from __future__ import annotations

import base64
import csv
from collections.abc import Iterator

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from .models import Contact, Position

CHUNK = 500
PHONE_TYPES = {"mobile": "cell", "work": "work", "home": "home", "pager": "pager"}
CSV_HEADER = [
    "Prefix",
    "Given name",
    "Family name",
    "Preferred name",
    "Emails",
    "Phones",
    "Organisation",
    "Department",
    "Title",
    "City",
    "State",
    "Country",
    "Links",
    "Tags",
    "Birthday",
    "Last contacted",
    "How we met",
    "Notes",
]
# Spreadsheet programs run a cell starting with these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def contacts_for_export(owner) -> QuerySet[Contact]:
    """The owner's living contacts with everything an export writes, prefetched."""
    positions = Position.objects.select_related("organisation").order_by("end_date", "-start_date")
    return (
        Contact.objects.for_user(owner)
        .alive()
        .prefetch_related(
            "emails", "phones", "links", "tags", Prefetch("positions", queryset=positions)
        )
    )


def _position(contact: Contact) -> Position | None:
    positions = list(contact.positions.all())
    return next((p for p in positions if p.is_current), positions[0] if positions else None)


# --- vCard -----------------------------------------------------------------------------------


def _escape(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Fold at 75 octets (RFC 6350 §3.2) without splitting a UTF-8 character."""
    if len(line.encode()) <= 75:
        return line + "\r\n"
    parts, current, size = [], [], 0
    for char in line:
        width = len(char.encode())
        if size + width > 75:
            parts.append("".join(current))
            current, size = [" "], 1
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n".join(parts) + "\r\n"


def vcard(contact: Contact, *, photo: bool = False) -> str:
    """One contact as a vCard 4.0 (parts must be prefetched, see ``contacts_for_export``)."""
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        "PRODID:-//NetMed//Contacts//EN",
        f"UID:urn:uuid:{contact.pk}",
        f"FN:{_escape(contact.full_name or contact.display_name)}",
        "N:"
        + ";".join(
            _escape(v) for v in [contact.family_name, contact.given_name, "", contact.prefix, ""]
        ),
    ]
    if contact.preferred_name:
        lines.append(f"NICKNAME:{_escape(contact.preferred_name)}")
    for email in contact.emails.all():
        pref = ";PREF=1" if email.is_primary else ""
        lines.append(f"EMAIL{pref}:{_escape(email.email)}")
    for phone in contact.phones.all():
        kind = PHONE_TYPES.get(phone.label.lower(), "voice")
        if phone.number.startswith("+"):
            lines.append(f"TEL;VALUE=uri;TYPE={kind}:tel:{phone.number}")
        else:
            lines.append(f"TEL;VALUE=text;TYPE={kind}:{_escape(phone.number)}")
    position = _position(contact)
    if position:
        lines.append(f"ORG:{_escape(position.organisation.name)};{_escape(position.department)}")
        if position.title:
            lines.append(f"TITLE:{_escape(position.title)}")
    for link in contact.links.all():
        lines.append(f"URL:{link.url}")
    if contact.city or contact.state or contact.country:
        country = contact.country.name if contact.country else ""
        lines.append(
            "ADR:;;;"
            + ";".join(_escape(str(v)) for v in [contact.city, contact.state, "", country])
        )
    if contact.birthday_month and contact.birthday_day:
        year = f"{contact.birthday_year:04d}" if contact.birthday_year else "--"
        lines.append(f"BDAY:{year}{contact.birthday_month:02d}{contact.birthday_day:02d}")
    tags = [t.name for t in contact.tags.all()]
    if tags:
        lines.append("CATEGORIES:" + ",".join(_escape(t) for t in tags))
    if contact.notes:
        lines.append(f"NOTE:{_escape(contact.notes)}")
    if photo and contact.photo:
        lines.append(_photo_line(contact))
    lines.append(f"REV:{contact.updated_at:%Y%m%dT%H%M%SZ}")
    lines.append("END:VCARD")
    return "".join(_fold(line) for line in lines if line)


def _photo_line(contact: Contact) -> str:
    try:
        with contact.photo.open("rb") as handle:
            data = handle.read()
    except OSError:
        return ""
    kind = contact.photo.name.rsplit(".", 1)[-1].lower().replace("jpg", "jpeg")
    return f"PHOTO:data:image/{kind};base64,{base64.b64encode(data).decode()}"


def vcards(contacts: QuerySet[Contact]) -> Iterator[str]:
    """vCards for a queryset, a chunk of contacts at a time."""
    batch: list[str] = []
    for contact in contacts.iterator(chunk_size=CHUNK):
        batch.append(vcard(contact))
        if len(batch) >= 100:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


# --- CSV -------------------------------------------------------------------------------------


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a stream."""

    def write(self, value: str) -> str:
        return value


def neutralise(value: object) -> str:
    """A cell a spreadsheet will show as text, never run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_row(contact: Contact) -> list[str]:
    position = _position(contact)
    birthday = ""
    if contact.birthday_month and contact.birthday_day:
        birthday = f"{contact.birthday_day:02d}/{contact.birthday_month:02d}"
        birthday += f"/{contact.birthday_year}" if contact.birthday_year else ""
    values = [
        contact.prefix,
        contact.given_name,
        contact.family_name,
        contact.preferred_name,
        "; ".join(e.email for e in contact.emails.all()),
        "; ".join(p.number for p in contact.phones.all()),
        position.organisation.name if position else "",
        position.department if position else "",
        position.title if position else "",
        contact.city,
        contact.state,
        contact.country.name if contact.country else "",
        "; ".join(link.url for link in contact.links.all()),
        "; ".join(t.name for t in contact.tags.all()),
        birthday,
        f"{contact.last_interaction_at:%d/%m/%Y}" if contact.last_interaction_at else "",
        contact.how_we_met,
        contact.notes,
    ]
    return [neutralise(v) for v in values]


def csv_lines(contacts: QuerySet[Contact]) -> Iterator[str]:
    """A UTF-8 BOM (so Excel reads accents right), the header, then one line per contact."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(CSV_HEADER)
    batch: list[str] = []
    for contact in contacts.iterator(chunk_size=CHUNK):
        batch.append(writer.writerow(csv_row(contact)))
        if len(batch) >= 200:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def filename(extension: str) -> str:
    return f"netmed-contacts-{timezone.localdate():%Y-%m-%d}.{extension}"
