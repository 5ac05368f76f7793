"""Google Contacts CSV, both the old export (``Given Name``, ``E-mail 1 - Type``) and the new
one (``First Name``, ``E-mail 1 - Label``, ``Organization Name``)."""

from __future__ import annotations

import re

from .base import (
    ParsedContact,
    add_address,
    add_link,
    add_phone,
    clean_emails,
    finish,
    parse_birthday,
    parse_csv,
)

FORMAT = "google"
LABEL = "Google Contacts (CSV)"


def looks_like(text: str) -> bool:
    head = text[:3000].splitlines()[0] if text.strip() else ""
    return bool(re.search(r"E-mail 1 - Value|Given Name|Organization (1 - )?Name", head))


def parse(text: str, notices: list[str] | None = None) -> list[ParsedContact]:
    return parse_csv(text, _contact, notices=notices)


def numbered(row: dict, kind: str, part: str) -> list[tuple[str, str]]:
    """(value, label) for ``<kind> 1 - Value``, ``<kind> 2 - Value``… in column order."""
    pairs = []
    for n in range(1, 10):
        value = row.get(f"{kind} {n} - {part}")
        if value is None:
            break
        label = row.get(f"{kind} {n} - Label") or row.get(f"{kind} {n} - Type") or ""
        # Google joins several values of one kind with " ::: ".
        pairs += [(v.strip(), label.strip("* ")) for v in value.split(":::") if v.strip()]
    return pairs


def _contact(line: int, row: dict) -> ParsedContact:
    given = row.get("Given Name") or row.get("First Name") or ""
    family = row.get("Family Name") or row.get("Last Name") or ""
    full_name = row.get("Name", "")  # the two above, joined: read only when they are empty
    if not (given or family) and full_name:
        given, _, family = full_name.rpartition(" ")
    contact = ParsedContact(
        line=line,
        prefix=row.get("Name Prefix", ""),
        given_name=given,
        family_name=family,
        preferred_name=row.get("Nickname", ""),
        organisation=row.get("Organization 1 - Name") or row.get("Organization Name") or "",
        title=row.get("Organization 1 - Title") or row.get("Organization Title") or "",
        department=row.get("Organization 1 - Department")
        or row.get("Organization Department")
        or "",
        notes=row.get("Notes", ""),
    )
    clean_emails(contact, [value for value, _ in numbered(row, "E-mail", "Value")])
    for value, label in numbered(row, "Phone", "Value"):
        add_phone(contact, value, label)
    for value, _ in numbered(row, "Website", "Value"):
        add_link(contact, value)
    parse_birthday(contact, row.get("Birthday", ""))
    for n in range(1, 4):
        add_address(
            contact,
            city=row.get(f"Address {n} - City", ""),
            region=row.get(f"Address {n} - Region", ""),
            country=row.get(f"Address {n} - Country", ""),
            formatted=row.get(f"Address {n} - Formatted", ""),
        )
    return finish(contact)
