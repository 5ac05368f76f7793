"""NetMed's own CSV export (``contacts.exporting.CSV_HEADER``), so a doctor's spreadsheet comes
back into NetMed whole: tags, specialty, career stage, fellowships, how we met and birthday
included."""

from __future__ import annotations

import re

from .base import (
    ParsedContact,
    add_fellowships,
    add_link,
    add_phone,
    clean_emails,
    country_code,
    finish,
    parse_birthday,
    parse_csv,
)

FORMAT = "netmed"
LABEL = "NetMed export (CSV)"
HEADER = ("Prefix",)
# The export puts "'" before a cell a spreadsheet would run as a formula; it is taken off again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like(text: str) -> bool:
    return text.lstrip("\ufeff")[:200].startswith("Prefix,Given name,Family name")


def parse(text: str, notices: list[str] | None = None) -> list[ParsedContact]:
    return parse_csv(
        text, lambda line, row: _contact(line, _Cells(row)), header_starts=HEADER, notices=notices
    )


class _Cells:
    """A row read through ``_cell`` (the export's formula guard taken off)."""

    def __init__(self, row: dict) -> None:
        self.row = row

    def get(self, key: str, default: str = "") -> str:
        return _cell(self.row.get(key, default))

    def __getitem__(self, key: str) -> str:
        return _cell(self.row[key])


def _cell(value: str) -> str:
    return value[1:] if value[:1] == "'" and value[1:2] in FORMULA_STARTS else value


def _items(value: str) -> list[str]:
    return [item.strip() for item in value.split("; ") if item.strip()]


def _contact(line: int, row: dict) -> ParsedContact:
    contact = ParsedContact(
        line=line,
        prefix=row.get("Prefix", ""),
        given_name=row.get("Given name", ""),
        family_name=row.get("Family name", ""),
        preferred_name=row.get("Preferred name", ""),
        organisation=row.get("Organisation", ""),
        department=row.get("Department", ""),
        title=row.get("Title", ""),
        city=row.get("City", ""),
        state=row.get("State", ""),
        country=country_code(row.get("Country", "")),
        specialty=row.get("Specialty", ""),
        career_stage=row.get("Career stage", ""),
        tags=_items(row.get("Tags", "")),
        how_we_met=row.get("How we met", ""),
        notes=row.get("Notes", ""),
    )
    add_fellowships(contact, row.get("Fellowships", ""), line=line)
    clean_emails(contact, _items(row.get("Emails", "")))
    for number in _items(row.get("Phones", "")):
        add_phone(contact, number)
    for url in _items(row.get("Links", "")):
        add_link(contact, url)
    birthday = row.get("Birthday", "").strip()
    if re.fullmatch(r"\d{1,2}/\d{1,2}", birthday):  # the export's day/month, with no year
        day, month = (int(part) for part in birthday.split("/"))
        birthday = f"--{month:02d}-{day:02d}"
    parse_birthday(contact, birthday)
    return finish(contact)
