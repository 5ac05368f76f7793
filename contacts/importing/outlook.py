"""Outlook's CSV export (``E-mail Address``, ``Mobile Phone``, ``Job Title``…).

Rows may be ragged (fewer cells than the header): missing cells are read as empty.
"""

from __future__ import annotations

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

FORMAT = "outlook"
LABEL = "Outlook (CSV)"
EMAILS = ("E-mail Address", "E-mail 2 Address", "E-mail 3 Address")
PHONES = [
    ("Mobile Phone", "mobile"),
    ("Business Phone", "work"),
    ("Business Phone 2", "work"),
    ("Home Phone", "home"),
    ("Home Phone 2", "home"),
    ("Pager", "pager"),
    ("Company Main Phone", "main"),
    ("Primary Phone", "main"),
    ("Business Fax", "fax"),
    ("Home Fax", "fax"),
    ("Other Fax", "fax"),
    ("Other Phone", ""),
]


def looks_like(text: str) -> bool:
    head = text[:3000].splitlines()[0] if text.strip() else ""
    return "E-mail Address" in head


def parse(text: str, notices: list[str] | None = None) -> list[ParsedContact]:
    return parse_csv(text, _contact, notices=notices)


def _contact(line: int, row: dict) -> ParsedContact:
    given, family = row.get("First Name", ""), row.get("Last Name", "")
    full_name = row.get("Name", "")  # the two above, joined: read only when they are empty
    if not (given or family) and full_name:
        given, _, family = full_name.rpartition(" ")
    contact = ParsedContact(
        line=line,
        prefix=row.get("Title", ""),
        given_name=given,
        family_name=family,
        preferred_name=row.get("Nickname", ""),
        organisation=row.get("Company", ""),
        department=row.get("Department", ""),
        title=row.get("Job Title", ""),
        notes=row.get("Notes", ""),
        # Outlook's own id for the person, when the export has one: re-imports match on it.
        source_id=row.get("ID", "")[:200],
    )
    for place in ("Business", "Home", "Other"):
        add_address(
            contact,
            city=row.get(f"{place} City", ""),
            region=row.get(f"{place} State", ""),
            country=row.get(f"{place} Country/Region", "") or row.get(f"{place} Country", ""),
            formatted=row.get(f"{place} Address", ""),
        )
    parse_birthday(contact, row.get("Birthday", ""), month_first=True)
    clean_emails(contact, [row.get(k, "") for k in EMAILS])
    for column, label in PHONES:
        add_phone(contact, row.get(column, ""), label)
    if row.get("Web Page"):
        add_link(contact, row["Web Page"])
    return finish(contact)
