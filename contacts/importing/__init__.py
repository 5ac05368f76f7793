"""Reading contact files: LinkedIn, Google and Outlook CSV, and vCard. See ``detect``/``parse``."""

from __future__ import annotations

import dataclasses

from . import google, linkedin, netmed, outlook, vcard
from .base import (
    CONTROL_CHARACTERS,
    ImportFileError,
    ParsedContact,
    ParseResult,
    decode,
    decode_as,
)

# Order matters: LinkedIn before Google (both have "First Name"), Outlook last among CSVs.
FORMATS = [vcard, netmed, linkedin, google, outlook]
FORMAT_LABELS = {module.FORMAT: module.LABEL for module in FORMATS}

__all__ = ["FORMAT_LABELS", "ImportFileError", "ParseResult", "ParsedContact", "detect", "parse"]


def detect(text: str) -> str:
    """The format of a decoded file, or ImportFileError naming the formats we read."""
    for module in FORMATS:
        if module.looks_like(text):
            return module.FORMAT
    raise ImportFileError(
        "NetMed could not tell what kind of file this is. It reads LinkedIn Connections.csv, "
        "Google Contacts CSV, Outlook CSV, vCard (.vcf) files and its own CSV export."
    )


def parse(data: bytes, *, encoding: str = "") -> ParseResult:
    """Parse an uploaded file of any supported format into contacts (some with errors), read in
    ``encoding`` when the doctor chose one, else in the encoding detected."""
    decoded = decode_as(data, encoding) if encoding else decode(data)
    fmt = detect(decoded.text)
    module = next(m for m in FORMATS if fmt == m.FORMAT)
    notices = list(decoded.notices)
    if fmt == vcard.FORMAT:
        # Values decoded inside a card (quoted-printable "=00", "=01") can hold control
        # characters the file's text did not; CSV cells cannot (decode removed them all).
        chosen = encoding if encoding not in ("", "utf-8", "utf-16") else ""
        cards = vcard.parse(decoded.text, notices=notices, legacy=chosen)
        contacts = [_without_controls(c) for c in cards]
    else:
        contacts = module.parse(decoded.text, notices=notices)
    return ParseResult(format=fmt, contacts=contacts, notices=notices)


def _strip_controls(value):
    if isinstance(value, str):
        return CONTROL_CHARACTERS.sub("", value)
    if isinstance(value, tuple):
        return tuple(_strip_controls(v) for v in value)
    return value


def _without_controls(contact):
    """No control character reaches the database: PostgreSQL cannot hold NUL at all, and the
    others cannot be shown or searched. Values decoded inside a card (quoted-printable "=00",
    "=01") can still hold them after the file's own were removed."""
    for field in dataclasses.fields(contact):
        value = getattr(contact, field.name)
        if field.name == "warnings":
            continue
        if isinstance(value, str):
            cleaned = CONTROL_CHARACTERS.sub("", value)
            if cleaned != value:
                contact.warnings.append(f"control characters removed from the {_label(field.name)}")
            setattr(contact, field.name, cleaned)
        elif isinstance(value, list):
            setattr(contact, field.name, [_strip_controls(v) for v in value])
    return contact


def _label(name: str) -> str:
    return name.replace("_", " ")
