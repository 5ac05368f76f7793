"""Outlook's CSV export (``E-mail Address``, ``Mobile Phone``, ``Job Title``…).

Rows may be ragged (fewer cells than the header): missing cells are read as empty.
"""

from __future__ import annotations

from .base import ParsedContact, add_link, add_phone, clean_emails, csv_rows, finish

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
]


def looks_like(text: str) -> bool:
    head = text[:3000].splitlines()[0] if text.strip() else ""
    return "E-mail Address" in head


def parse(text: str) -> list[ParsedContact]:
    return [_contact(line, row) for line, row in csv_rows(text)]


def _contact(line: int, row: dict) -> ParsedContact:
    given, family = row.get("First Name", ""), row.get("Last Name", "")
    if not (given or family) and row.get("Name"):
        given, _, family = row["Name"].rpartition(" ")
    contact = ParsedContact(
        line=line,
        prefix=row.get("Title", ""),
        given_name=given,
        family_name=family,
        preferred_name=row.get("Nickname", ""),
        organisation=row.get("Company", ""),
        department=row.get("Department", ""),
        title=row.get("Job Title", ""),
        city=row.get("Business City", "") or row.get("Home City", ""),
        state=row.get("Business State", "") or row.get("Home State", ""),
        notes=row.get("Notes", ""),
    )
    clean_emails(contact, [row.get(k, "") for k in EMAILS])
    for column, label in PHONES:
        add_phone(contact, row.get(column, ""), label)
    if row.get("Web Page"):
        add_link(contact, row["Web Page"])
    return finish(contact)
