"""Exporting a doctor's contacts as vCard 4.0 or CSV, streamed so 10,000 contacts never sit in
memory as one string.

Contacts are read as plain values (not model instances, which cost ~10x more CPU at this scale)
a chunk at a time through a server-side cursor; each chunk's emails, phones, links, tags and
positions come in one query each, so an export makes the same few queries per ``CHUNK`` contacts
whatever the size of the network.

Our vCards are written by hand (vobject's serializer is slow at this scale) and tested to parse
with vobject and to re-import into NetMed as the same contacts.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models.functions import Lower
from django.utils import timezone
from django_countries import countries

from .models import Contact, ContactEmail, ContactLink, ContactPhone, Position

CHUNK = 1000
PHONE_TYPES = {
    "mobile": "cell",
    "work": "work",
    "home": "home",
    "pager": "pager",
    "fax": "fax",
    "main": "main",
}
VCARD_VERSIONS = ("4.0", "3.0")
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
    "Specialty",
    "Career stage",
    "Fellowships",
    "Tags",
    "Birthday",
    "Last contacted",
    "How we met",
    "Notes",
]
# Spreadsheet programs run a cell starting with these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FIELDS = [
    "id",
    "prefix",
    "given_name",
    "family_name",
    "preferred_name",
    "city",
    "state",
    "country",
    "birthday_year",
    "birthday_month",
    "birthday_day",
    "notes",
    "how_we_met",
    "last_interaction_at",
    "updated_at",
    "photo",
    "specialty__label",
    "career_stage__label",
    "fellowships",
]


@dataclass
class ExportedContact:
    id: object
    prefix: str
    given_name: str
    family_name: str
    preferred_name: str
    city: str
    state: str
    country: str
    birthday_year: int | None
    birthday_month: int | None
    birthday_day: int | None
    notes: str
    how_we_met: str
    last_interaction_at: dt.date | None
    updated_at: dt.datetime
    photo: str
    specialty: str | None
    career_stage: str | None
    fellowships: list[str]
    emails: list[tuple[str, bool]] = field(default_factory=list)
    phones: list[tuple[str, str]] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    position: tuple[str, str, str] | None = None  # organisation, department, title

    @property
    def full_name(self) -> str:
        return " ".join(p for p in [self.prefix, self.given_name, self.family_name] if p)

    @property
    def display_name(self) -> str:
        """What a card is called: the name, else the nickname, organisation or an email."""
        organisation = self.position[0] if self.position else ""
        email = self.emails[0][0] if self.emails else ""
        return self.full_name or self.preferred_name or organisation or email or "NetMed contact"

    @property
    def country_name(self) -> str:
        return str(countries.name(self.country)) if self.country else ""


def exported_contacts(owner, *, pk=None) -> Iterator[ExportedContact]:
    """The owner's living contacts (or the one with ``pk``), in name order, with their parts."""
    contacts = (
        Contact.objects.for_user(owner)
        .alive()
        .order_by(Lower("family_name"), Lower("given_name"), "id")
    )
    if pk is not None:
        contacts = contacts.filter(pk=pk)
    batch: list[ExportedContact] = []
    for values in contacts.values_list(*FIELDS).iterator(chunk_size=CHUNK):
        batch.append(ExportedContact(*values))
        if len(batch) >= CHUNK:
            yield from _with_parts(batch)
            batch = []
    if batch:
        yield from _with_parts(batch)


def _with_parts(batch: list[ExportedContact]) -> list[ExportedContact]:
    """Fill in a chunk's emails, phones, links, tags and current position: five queries."""
    by_id = {c.id: c for c in batch}
    ids = list(by_id)
    emails = ContactEmail.objects.filter(contact_id__in=ids).order_by("-is_primary", "email")
    for contact_id, email, primary in emails.values_list("contact_id", "email", "is_primary"):
        by_id[contact_id].emails.append((email, primary))
    phones = ContactPhone.objects.filter(contact_id__in=ids).order_by("-is_primary", "number")
    for contact_id, number, label in phones.values_list("contact_id", "number", "label"):
        by_id[contact_id].phones.append((number, label))
    links = ContactLink.objects.filter(contact_id__in=ids).order_by("kind", "url")
    for contact_id, url in links.values_list("contact_id", "url"):
        by_id[contact_id].links.append(url)
    tags = Contact.tags.through.objects.filter(contact_id__in=ids).order_by(Lower("tag__name"))
    for contact_id, name in tags.values_list("contact_id", "tag__name"):
        by_id[contact_id].tags.append(name)
    today = timezone.localdate()
    positions = defaultdict(list)
    rows = Position.objects.filter(contact_id__in=ids).values_list(
        "contact_id", "organisation__name", "department", "title", "start_date", "end_date"
    )
    for contact_id, org, department, title, start, end in rows:
        current = end is None or end >= today
        positions[contact_id].append(((current, start or dt.date.min), (org, department, title)))
    for contact_id, options in positions.items():
        by_id[contact_id].position = max(options, key=lambda option: option[0])[1]
    return batch


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
    if len(line) <= 75 and line.isascii() or len(line.encode()) <= 75:
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


def vcard(contact: ExportedContact, *, photo: bytes | None = None, version: str = "4.0") -> str:
    """One contact as a vCard 4.0, or 3.0 for older clients. NetMed's own fields (how we met,
    specialty, career stage) travel as X-NETMED-* properties, which other clients keep."""
    v3 = version == "3.0"
    # N's last part is the honorific suffix: the college fellowships (FRACP FACEM).
    name = [
        contact.family_name,
        contact.given_name,
        "",
        contact.prefix,
        " ".join(contact.fellowships),
    ]
    lines = [
        "BEGIN:VCARD",
        f"VERSION:{'3.0' if v3 else '4.0'}",
        "PRODID:-//NetMed//Contacts//EN",
        f"UID:{contact.id}" if v3 else f"UID:urn:uuid:{contact.id}",
        f"FN:{_escape(contact.display_name)}",
        "N:" + ";".join(_escape(v) for v in name),
    ]
    if contact.preferred_name:
        lines.append(f"NICKNAME:{_escape(contact.preferred_name)}")
    for email, primary in contact.emails:
        if v3:
            lines.append(f"EMAIL;TYPE=INTERNET{',PREF' if primary else ''}:{_escape(email)}")
        else:
            lines.append(f"EMAIL{';PREF=1' if primary else ''}:{_escape(email)}")
    for number, label in contact.phones:
        kind = PHONE_TYPES.get(label.lower(), "voice")
        if v3:
            lines.append(f"TEL;TYPE={kind.upper()}:{_escape(number)}")
        elif number.startswith("+"):
            lines.append(f"TEL;VALUE=uri;TYPE={kind}:tel:{number}")
        else:
            lines.append(f"TEL;VALUE=text;TYPE={kind}:{_escape(number)}")
    if contact.position:
        org, department, title = contact.position
        lines.append(f"ORG:{_escape(org)};{_escape(department)}")
        if title:
            lines.append(f"TITLE:{_escape(title)}")
    lines += [f"URL:{url}" for url in contact.links]
    if contact.city or contact.state or contact.country:
        parts = [contact.city, contact.state, "", contact.country_name]
        lines.append("ADR:;;;" + ";".join(_escape(p) for p in parts))
    if contact.birthday_month and contact.birthday_day:
        # vCard 3.0 has no date without a year: Apple's 1604 says "no year" there.
        no_year = "1604" if v3 else "--"
        year = f"{contact.birthday_year:04d}" if contact.birthday_year else no_year
        month_day = f"{contact.birthday_month:02d}{contact.birthday_day:02d}"
        if v3 and not contact.birthday_year:
            lines.append(f"BDAY;X-APPLE-OMIT-YEAR=1604:{year}{month_day}")
        else:
            lines.append(f"BDAY:{year}{month_day}")
    if contact.tags:
        lines.append("CATEGORIES:" + ",".join(_escape(t) for t in contact.tags))
    if contact.notes:
        lines.append(f"NOTE:{_escape(contact.notes)}")
    if contact.how_we_met:
        lines.append(f"X-NETMED-HOW-WE-MET:{_escape(contact.how_we_met)}")
    if contact.specialty:
        lines.append(f"X-NETMED-SPECIALTY:{_escape(contact.specialty)}")
    if contact.career_stage:
        lines.append(f"X-NETMED-CAREER-STAGE:{_escape(contact.career_stage)}")
    if photo:
        kind = contact.photo.rsplit(".", 1)[-1].lower().replace("jpg", "jpeg")
        encoded = base64.b64encode(photo).decode()
        if v3:
            lines.append(f"PHOTO;ENCODING=b;TYPE={kind.upper()}:{encoded}")
        else:
            lines.append(f"PHOTO:data:image/{kind};base64,{encoded}")
    lines.append(f"REV:{contact.updated_at:%Y%m%dT%H%M%SZ}")
    lines.append("END:VCARD")
    return "".join(_fold(line) for line in lines)


def photo_bytes(contact: ExportedContact) -> bytes | None:
    """The stored photo, or None when there is none or its file is missing."""
    if not contact.photo:
        return None
    from django.core.files.storage import default_storage

    try:
        with default_storage.open(contact.photo) as handle:
            return handle.read()
    except OSError:
        return None


def vcards(contacts: Iterator[ExportedContact], *, version: str = "4.0") -> Iterator[str]:
    """vCards with their photos, joined into chunks of 100 so the response is not a million
    tiny writes."""
    batch: list[str] = []
    for contact in contacts:
        batch.append(vcard(contact, photo=photo_bytes(contact), version=version))
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


# Phone numbers in E.164 ("+61412345678", several joined by "; "): a spreadsheet reads them as
# numbers, never as formulas, so they are written as they are.
PLAIN_NUMBERS = re.compile(r"\+\d{4,15}(; \+\d{4,15})*")


def neutralise(value: object) -> str:
    """A cell a spreadsheet will show as text, never run as a formula."""
    text = "" if value is None else str(value)
    if PLAIN_NUMBERS.fullmatch(text):
        return text
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_row(contact: ExportedContact) -> list[str]:
    org, department, title = contact.position or ("", "", "")
    birthday = ""
    if contact.birthday_month and contact.birthday_day:
        birthday = f"{contact.birthday_day:02d}/{contact.birthday_month:02d}"
        birthday += f"/{contact.birthday_year}" if contact.birthday_year else ""
    last = contact.last_interaction_at
    values = [
        contact.prefix,
        contact.given_name,
        contact.family_name,
        contact.preferred_name,
        "; ".join(email for email, _ in contact.emails),
        "; ".join(number for number, _ in contact.phones),
        org,
        department,
        title,
        contact.city,
        contact.state,
        contact.country_name,
        "; ".join(contact.links),
        contact.specialty or "",
        contact.career_stage or "",
        " ".join(contact.fellowships),
        "; ".join(contact.tags),
        birthday,
        f"{last:%d/%m/%Y}" if last else "",
        contact.how_we_met,
        contact.notes,
    ]
    return [neutralise(v) for v in values]


def csv_lines(contacts: Iterator[ExportedContact]) -> Iterator[str]:
    """A UTF-8 BOM (so Excel reads accents right), the header, then one line per contact."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(CSV_HEADER)
    batch: list[str] = []
    for contact in contacts:
        batch.append(writer.writerow(csv_row(contact)))
        if len(batch) >= 200:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def filename(extension: str) -> str:
    return f"netmed-contacts-{timezone.localdate():%Y-%m-%d}.{extension}"
