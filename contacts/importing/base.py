"""What every importer produces: one ``ParsedContact`` per row or card, with its line number.

Parsers never touch the database. They turn bytes into ``ParsedContact`` values, marking a row
they cannot use with ``error`` (the reason) rather than raising, so the preview can show every
problem with its line number at once.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, fields

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

DEFAULT_REGION = "AU"


class ImportFileError(ValueError):
    """The whole file is unusable (wrong format, not text); the message is shown to the doctor."""


@dataclass
class ParsedContact:
    line: int
    prefix: str = ""
    given_name: str = ""
    family_name: str = ""
    preferred_name: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[tuple[str, str]] = field(default_factory=list)  # (E.164 number, label)
    organisation: str = ""
    department: str = ""
    title: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)  # (LinkKind value, url)
    city: str = ""
    state: str = ""
    notes: str = ""
    how_we_met: str = ""
    birthday: tuple[int | None, int, int] | None = None  # (year or None, month, day)
    photo: bytes | None = None
    error: str = ""

    @property
    def name(self) -> str:
        return " ".join(p for p in [self.given_name, self.family_name] if p)

    @property
    def label(self) -> str:
        return self.name or self.preferred_name or self.organisation or next(iter(self.emails), "")

    @property
    def linkedin_url(self) -> str:
        return next((url for kind, url in self.links if kind == "linkedin"), "")

    def to_json(self) -> dict:
        """A JSON-safe dict (photo as base64) for storing the preview between requests."""
        import base64

        data = {f.name: getattr(self, f.name) for f in fields(self)}  # asdict() is 10x slower
        data["photo"] = base64.b64encode(self.photo).decode() if self.photo else None
        return data

    @classmethod
    def from_json(cls, data: dict) -> ParsedContact:
        import base64

        data = dict(data)
        data["photo"] = base64.b64decode(data["photo"]) if data.get("photo") else None
        data["phones"] = [tuple(p) for p in data.get("phones", [])]
        data["links"] = [tuple(p) for p in data.get("links", [])]
        data["birthday"] = tuple(data["birthday"]) if data.get("birthday") else None
        return cls(**data)


@dataclass
class ParseResult:
    format: str
    contacts: list[ParsedContact]

    @property
    def errors(self) -> list[ParsedContact]:
        return [c for c in self.contacts if c.error]


def decode(data: bytes) -> str:
    """Text from an upload: UTF-8 (with or without BOM), else UTF-16 (BOM), else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def csv_rows(text: str, header_starts: tuple[str, ...] = ()) -> Iterator[tuple[int, dict]]:
    """(line number, row) for each data row; skips any preamble before the header row.

    The header is the first row whose first cell is one of ``header_starts`` (any row if empty).
    Line numbers are the file's physical lines (a quoted cell spanning lines counts them all).
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    header = None
    for row in reader:
        if header is None:
            first = row[0].strip() if row else ""
            if row and (not header_starts or first in header_starts):
                header = [h.strip() for h in row]
            continue
        if not any(cell.strip() for cell in row):
            continue
        line = reader.line_num - _lines_in(row) + 1
        yield line, {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header)}
    if header is None:
        raise ImportFileError("No header row was found: is this the right kind of file?")


def _lines_in(row: list[str]) -> int:
    return 1 + sum(cell.count("\n") for cell in row)


def clean_emails(contact: ParsedContact, values: list[str]) -> None:
    """Add the valid, distinct addresses; an invalid one makes the row an error."""
    for value in values:
        value = value.strip().removeprefix("mailto:")
        if not value:
            continue
        try:
            validate_email(value)
        except ValidationError:
            contact.error = contact.error or f"'{value[:60]}' is not a valid email address"
            continue
        if value.lower() not in (e.lower() for e in contact.emails):
            contact.emails.append(value)


def clean_phone(value: str, region: str = DEFAULT_REGION) -> str:
    """E.164 when the number is valid (local numbers read as Australian); otherwise the number
    as written, so nothing is silently rewritten into someone else's number."""
    value = value.strip().removeprefix("tel:")
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, region)
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        pass
    return value[:32]


def add_phone(contact: ParsedContact, value: str, label: str = "") -> None:
    number = clean_phone(value)
    if number and number not in (n for n, _ in contact.phones):
        contact.phones.append((number, label[:30].lower()))


LINK_HOSTS = {
    "linkedin.com": "linkedin",
    "x.com": "x",
    "twitter.com": "x",
    "instagram.com": "instagram",
    "facebook.com": "facebook",
    "orcid.org": "orcid",
    "scholar.google.com": "scholar",
    "researchgate.net": "researchgate",
}


def add_link(contact: ParsedContact, url: str) -> None:
    """Add a profile link, kind known from the host; a missing scheme gets https://."""
    url = url.strip().replace("\\:", ":")
    if not url:
        return
    if not re.match(r"^https?://", url, re.I):
        url = "https://" + url
    host = re.sub(r"^https?://(www\.)?", "", url, flags=re.I).split("/")[0].lower()
    kind = next((k for h, k in LINK_HOSTS.items() if host == h or host.endswith("." + h)), None)
    if url not in (u for _, u in contact.links):
        contact.links.append((kind or "website", url[:500]))


def normalise_linkedin(url: str) -> str:
    """linkedin.com/in/<slug>, lower case, without scheme, www, query or trailing slash."""
    url = re.sub(r"^https?://", "", url.strip(), flags=re.I)
    url = re.sub(r"^[a-z]{2,3}\.|^www\.", "", url, flags=re.I)
    return url.split("?")[0].split("#")[0].rstrip("/").lower()


def finish(contact: ParsedContact) -> ParsedContact:
    """Trim fields to their column sizes; a row with nothing to identify it is an error."""
    for name, size in [
        ("prefix", 20),
        ("given_name", 100),
        ("family_name", 100),
        ("preferred_name", 100),
        ("organisation", 200),
        ("department", 150),
        ("title", 150),
        ("city", 100),
        ("state", 100),
    ]:
        setattr(contact, name, getattr(contact, name).strip()[:size])
    if not contact.error and not (contact.name or contact.preferred_name or contact.emails):
        contact.error = "no name or email address"
    return contact
