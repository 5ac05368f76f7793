"""Reading contact files: LinkedIn, Google and Outlook CSV, and vCard. See ``detect``/``parse``."""

from __future__ import annotations

import dataclasses

from . import google, linkedin, outlook, vcard
from .base import ImportFileError, ParsedContact, ParseResult, decode

# Order matters: LinkedIn before Google (both have "First Name"), Outlook last among CSVs.
FORMATS = [vcard, linkedin, google, outlook]
FORMAT_LABELS = {module.FORMAT: module.LABEL for module in FORMATS}

__all__ = ["FORMAT_LABELS", "ImportFileError", "ParseResult", "ParsedContact", "detect", "parse"]


def detect(text: str) -> str:
    """The format of a decoded file, or ImportFileError naming the formats we read."""
    for module in FORMATS:
        if module.looks_like(text):
            return module.FORMAT
    raise ImportFileError(
        "NetMed could not tell what kind of file this is. It reads LinkedIn Connections.csv, "
        "Google Contacts CSV, Outlook CSV and vCard (.vcf) files."
    )


def parse(data: bytes) -> ParseResult:
    """Parse an uploaded file of any supported format into contacts (some with errors)."""
    text = decode(data).replace("\x00", "")
    fmt = detect(text)
    module = next(m for m in FORMATS if fmt == m.FORMAT)
    return ParseResult(format=fmt, contacts=[_without_nul(c) for c in module.parse(text)])


def _strip_nul(value):
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, tuple):
        return tuple(_strip_nul(v) for v in value)
    return value


def _without_nul(contact):
    """PostgreSQL text and JSON cannot hold NUL, which decoded values (quoted-printable "=00")
    can still contain after the file's own NULs were removed."""
    for field in dataclasses.fields(contact):
        value = getattr(contact, field.name)
        if isinstance(value, str):
            setattr(contact, field.name, value.replace("\x00", ""))
        elif isinstance(value, list):
            setattr(contact, field.name, [_strip_nul(v) for v in value])
    return contact
