"""LinkedIn's ``Connections.csv`` (Settings → Data privacy → Get a copy of your data).

LinkedIn puts a few "Notes:" lines before the header, and has moved columns about over the years,
so columns are read by name and the header is found by its first cell.
"""

from __future__ import annotations

import datetime as dt

from .base import ParsedContact, add_link, clean_emails, finish, parse_csv

FORMAT = "linkedin"
LABEL = "LinkedIn connections (CSV)"
HEADER = ("First Name",)


def looks_like(text: str) -> bool:
    head = text[:3000]
    return "First Name,Last Name" in head and ("Connected On" in head or "Notes:" in head)


def parse(text: str, notices: list[str] | None = None) -> list[ParsedContact]:
    return parse_csv(text, _contact, header_starts=HEADER, notices=notices)


def _contact(line: int, row: dict) -> ParsedContact:
    contact = ParsedContact(
        line=line,
        given_name=row.get("First Name", ""),
        family_name=row.get("Last Name", ""),
        organisation=row.get("Company", ""),
        title=row.get("Position", ""),
    )
    clean_emails(contact, [row.get("Email Address", "")])
    if row.get("URL"):
        add_link(contact, row["URL"])
    connected = _date(row.get("Connected On", ""))
    if connected:
        contact.how_we_met = f"Connected on LinkedIn on {connected:%d/%m/%Y}."
    return finish(contact)


# Every form LinkedIn's exports have used: "12 Mar 2024", "12-Mar-24", ISO, and the numeric
# form, which is month first ("05/14/23").
DATE_FORMS = ("%d %b %Y", "%d-%b-%y", "%d-%b-%Y", "%Y-%m-%d", "%m/%d/%y", "%m/%d/%Y")


def _date(value: str) -> dt.date | None:
    for pattern in DATE_FORMS:
        try:
            return dt.datetime.strptime(value.strip(), pattern).date()
        except ValueError:
            continue
    return None
