"""What every importer produces: one ``ParsedContact`` per row or card, with its line number.

Parsers never touch the database. They turn bytes into ``ParsedContact`` values, marking a row
they cannot use with ``error`` (the reason) rather than raising, so the preview can show every
problem with its line number at once.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterator
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
    country: str = ""  # ISO 3166 code
    notes: str = ""
    how_we_met: str = ""
    birthday: tuple[int | None, int, int] | None = None  # (year or None, month, day)
    photo: bytes | None = None
    # The doctor's own words for the person, as NetMed exports them (CSV columns, vCard
    # CATEGORIES and X-NETMED-* properties): tag names, specialty and career stage labels.
    tags: list[str] = field(default_factory=list)
    specialty: str = ""
    career_stage: str = ""
    # College fellowships as their letters (FRACP), from a vCard's N suffix or NetMed's CSV.
    fellowships: list[str] = field(default_factory=list)
    # The file's own id for this person (a vCard UID): importing the same file again matches it.
    source_id: str = ""
    error: str = ""
    # What was left out of a row that still imports ("'x@' is not a valid email address").
    warnings: list[str] = field(default_factory=list)

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
    # About the file as a whole, for the preview: the encoding assumed, characters removed.
    notices: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[ParsedContact]:
        return [c for c in self.contacts if c.error]


@dataclass
class DecodedText:
    text: str
    notices: list[str] = field(default_factory=list)
    # The legacy code page the file's undeclared 8-bit text was read as, if it had any.
    legacy_encoding: str = ""


# Friendly names for the code pages charset-normalizer may name, for the preview.
ENCODING_NAMES = {
    "cp1250": "Central European (Windows-1250)",
    "cp1251": "Cyrillic (Windows-1251)",
    "cp1252": "Western European (Windows-1252)",
    "cp1253": "Greek (Windows-1253)",
    "cp1254": "Turkish (Windows-1254)",
    "cp1257": "Baltic (Windows-1257)",
    "latin_1": "Western European (ISO-8859-1)",
    "iso8859_2": "Central European (ISO-8859-2)",
    "iso8859_15": "Western European (ISO-8859-15)",
    "mac_roman": "Mac OS Roman",
    "cp437": "DOS (code page 437)",
    "cp850": "DOS Western European (code page 850)",
    "cp852": "DOS Central European (code page 852)",
    "koi8_r": "Cyrillic (KOI8-R)",
    "shift_jis": "Japanese (Shift JIS)",
    "gb2312": "Chinese Simplified (GB2312)",
    "gb18030": "Chinese (GB18030)",
    "big5": "Chinese Traditional (Big5)",
    "euc_kr": "Korean (EUC-KR)",
}
# Control characters that never belong in a name or note (tab and line breaks do).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def encoding_name(encoding: str) -> str:
    return ENCODING_NAMES.get(encoding, encoding.replace("_", "-").upper())


# The code pages address books were written in before UTF-8: Windows' own, KOI8-R and the old
# Mac one. DOS code pages are left out: on short samples (a few names) they win by accident.
LEGACY_CANDIDATES = ["cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1257", "koi8_r"]


def guess_legacy_encoding(samples: bytes) -> str:
    """The code page that best explains a file's undeclared 8-bit text, judged on all of it
    together (one name alone says little). Western European (Windows-1252) when nothing can
    tell, and whenever it reads the text exactly as the guess does."""
    from charset_normalizer import from_bytes

    best = from_bytes(samples, cp_isolation=LEGACY_CANDIDATES).best() if samples else None
    encoding = best.encoding if best else "cp1252"
    if encoding not in LEGACY_CANDIDATES:
        return "cp1252"
    try:
        if samples.decode("cp1252") == samples.decode(encoding):
            return "cp1252"
    except UnicodeDecodeError:
        pass
    return encoding


def _utf16_or_32_without_bom(data: bytes) -> str:
    """UTF-16/32 with no byte-order mark shows itself by its NUL bytes: text in the Latin
    alphabet has a NUL in every other (UTF-16) or three of every four bytes (UTF-32)."""
    sample = data[:4000]
    if len(sample) < 4 or sample.count(0) < len(sample) // 4:
        return ""
    quads = len(sample) // 4 * 4
    if sample[1:quads:4].count(0) + sample[2:quads:4].count(0) > quads // 2 * 0.9:
        return "utf-32-le" if sample[3:quads:4].count(0) > quads // 4 * 0.9 else "utf-32-be"
    evens, odds = sample[0::2].count(0), sample[1::2].count(0)
    if odds > len(sample) // 2 * 0.6 and odds > 3 * evens:
        return "utf-16-le"
    if evens > len(sample) // 2 * 0.6 and evens > 3 * odds:
        return "utf-16-be"
    return ""


# What a doctor can choose on the preview when names look wrong (codec, name).
CHOOSABLE_ENCODINGS = [
    ("utf-8", "Unicode (UTF-8)"),
    ("utf-16", "Unicode (UTF-16)"),
    *[(code, ENCODING_NAMES[code]) for code in LEGACY_CANDIDATES],
    ("iso8859_2", ENCODING_NAMES["iso8859_2"]),
    ("mac_roman", ENCODING_NAMES["mac_roman"]),
    ("shift_jis", ENCODING_NAMES["shift_jis"]),
    ("gb18030", ENCODING_NAMES["gb18030"]),
    ("big5", ENCODING_NAMES["big5"]),
    ("euc_kr", ENCODING_NAMES["euc_kr"]),
]


def decode_as(data: bytes, encoding: str) -> DecodedText:
    """Text read in the encoding the doctor chose (bytes it cannot read become "\ufffd")."""
    text = data.decode(encoding, errors="replace").removeprefix("\ufeff")
    name = dict(CHOOSABLE_ENCODINGS).get(encoding, encoding)
    notices = [f"Read as {name}, as you chose."]
    return DecodedText(
        text=_without_control_characters(text, notices), notices=notices, legacy_encoding=encoding
    )


def _without_control_characters(text: str, notices: list[str]) -> str:
    """The text without control characters, and a notice saying how many went."""
    text, removed = CONTROL_CHARACTERS.subn("", text)
    if removed:
        notices.append(
            f"{removed} control character{'s' if removed != 1 else ''} removed "
            "(they cannot be shown or searched)."
        )
    return text


def decode(data: bytes) -> DecodedText:
    """Text from an upload, saying what was assumed.

    A byte-order mark decides (UTF-32, UTF-16, UTF-8); then UTF-16/32 without one, by its NUL
    bytes; then UTF-8. A file that is not UTF-8 is read line by line: lines that are UTF-8 stay
    so, the others are read in the code page guessed from all of them together (named on the
    preview). Control characters are removed, and the preview says so.
    """
    notices: list[str] = []
    legacy = ""
    boms = [
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ]
    wide = next((codec for bom, codec in boms if data.startswith(bom)), "")
    wide = wide or _utf16_or_32_without_bom(data)
    if wide:
        try:
            text = data.decode(wide)
        except UnicodeDecodeError as exc:
            raise ImportFileError(
                f"The file looks like {wide.upper()} text but is damaged. Export it again as UTF-8."
            ) from exc
        if not data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
            notices.append(f"Read as {wide.upper()} (the file did not say).")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text, legacy, notices = _decode_mixed(data.removeprefix(b"\xef\xbb\xbf"))
    text = _without_control_characters(text, notices)
    return DecodedText(text=text, notices=notices, legacy_encoding=legacy)


# One well-formed UTF-8 character of two to four bytes: a line with one is UTF-8 text.
UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def _decode_mixed(data: bytes) -> tuple[str, str, list[str]]:
    """A file that is not all UTF-8, line by line. A line with UTF-8 in it and a stray byte
    keeps its UTF-8 (the stray byte alone becomes "�", and the line is named); the other
    non-UTF-8 lines are read in the code page guessed from all of them together."""
    lines = data.splitlines(keepends=True)
    utf8_lines, damaged, legacy_lines = 0, [], []
    for number, line in enumerate(lines, 1):
        try:
            line.decode("utf-8")
            utf8_lines += bool(UTF8_SEQUENCE.search(line))
        except UnicodeDecodeError:
            (damaged if UTF8_SEQUENCE.search(line) else legacy_lines).append(number)
    legacy = guess_legacy_encoding(b"".join(lines[n - 1] for n in legacy_lines))
    legacy_set = set(legacy_lines)
    decoded = []
    for number, line in enumerate(lines, 1):
        if number in legacy_set:
            decoded.append(line.decode(legacy, errors="replace"))
        else:
            decoded.append(line.decode("utf-8", errors="replace"))
    notices = []
    if damaged:
        notices.append(
            f"{_lines(damaged)} {'has' if len(damaged) == 1 else 'have'} bytes that are not "
            "UTF-8: each is shown as \u201c\ufffd\u201d. Check those names in the preview."
        )
    if legacy_lines and (utf8_lines or damaged):
        notices.append(
            f"Most of the file is UTF-8, but {_lines(legacy_lines).lower()} "
            f"{'is' if len(legacy_lines) == 1 else 'are'} not: read as {encoding_name(legacy)}."
        )
    elif legacy_lines:
        notices.append(
            f"Read as {encoding_name(legacy)} (the file did not say which encoding it uses)."
        )
    return "".join(decoded), (legacy if legacy_lines else ""), notices


def _lines(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:10]) + (" …" if len(numbers) > 10 else "")
    return f"{'Line' if len(numbers) == 1 else 'Lines'} {shown}"


class ColumnReport:
    """Which of a file's columns held something and which the parser read, so the preview can
    list what was left ("3 columns not used: Home Fax, Other Address, …")."""

    def __init__(self) -> None:
        self.header: list[str] = []
        self.filled: set[str] = set()
        self.read: set[str] = set()

    def notice(self) -> str:
        unused = [h for h in self.header if h in self.filled and h not in self.read]
        if not unused:
            return ""
        shown = ", ".join(unused[:12]) + (" …" if len(unused) > 12 else "")
        return f"{len(unused)} column{'s' if len(unused) != 1 else ''} not used: {shown}."


class _ReadRow(dict):
    """A row that notes each column the parser asks for."""

    def __init__(self, values: dict, report: ColumnReport) -> None:
        super().__init__(values)
        self._report = report

    def get(self, key, default=None):
        self._report.read.add(key)
        return super().get(key, default)

    def __getitem__(self, key):
        self._report.read.add(key)
        return super().__getitem__(key)


def csv_rows(
    text: str, header_starts: tuple[str, ...] = (), report: ColumnReport | None = None
) -> Iterator[tuple[int, dict]]:
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
        values = {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header)}
        if report is None:
            yield line, values
            continue
        report.header = report.header or header
        report.filled |= {h for h, v in values.items() if v}
        yield line, _ReadRow(values, report)
    if header is None:
        raise ImportFileError("No header row was found: is this the right kind of file?")


def parse_csv(
    text: str,
    contact_of: Callable[[int, dict], ParsedContact],
    *,
    header_starts: tuple[str, ...] = (),
    notices: list[str] | None = None,
) -> list[ParsedContact]:
    """Every data row of a CSV export as a contact (``contact_of(line, row)``), and on
    ``notices`` the columns that held something no parser read."""
    report = ColumnReport()
    contacts = [contact_of(line, row) for line, row in csv_rows(text, header_starts, report)]
    if notices is not None and (notice := report.notice()):
        notices.append(notice)
    return contacts


def _lines_in(row: list[str]) -> int:
    return 1 + sum(cell.count("\n") for cell in row)


def clean_emails(contact: ParsedContact, values: list[str]) -> None:
    """Add the valid, distinct addresses; an invalid one is left out, with a warning on the
    row, and the rest of the row still imports."""
    for value in values:
        value = value.strip().removeprefix("mailto:")
        if not value:
            continue
        try:
            validate_email(value)
        except ValidationError:
            contact.warnings.append(f"'{value[:60]}' is not a valid email address: left out")
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


def add_fellowships(contact: ParsedContact, text: str, *, line: int | str = "") -> None:
    """Keep the college fellowships named in ``text`` ("FRACP FACEM", "fracp, FRANZCP"), in the
    file's order; anything else (an honorific suffix such as "Jr") is reported as left out."""
    from core.vocabulary import fellowships

    known = {letters.lower(): letters for letters, _ in fellowships()}
    left_out = []
    for word in re.split(r"[\s,;]+", text.strip()):
        letters = known.get(word.lower())
        if letters and letters not in contact.fellowships:
            contact.fellowships.append(letters)
        elif word and not letters:
            left_out.append(word)
    if left_out:
        where = f"line {line}: " if line else ""
        contact.warnings.append(
            f"{where}“{' '.join(left_out)}” after the name is not a college fellowship "
            "NetMed knows: left out"
        )


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
        ("specialty", 200),
        ("career_stage", 200),
    ]:
        setattr(contact, name, getattr(contact, name).strip()[:size])
    contact.tags = list(dict.fromkeys(t.strip()[:60] for t in contact.tags if t.strip()))
    if not contact.error and not (contact.name or contact.preferred_name or contact.emails):
        contact.error = "no name or email address"
    return contact


def country_code(name: str) -> str:
    """An ISO code from a country's name or code ("Australia", "AU"); "" if unknown."""
    from django_countries import countries

    name = name.strip()
    if not name:
        return ""
    if len(name) == 2 and name.upper() in dict(countries):
        return name.upper()
    return countries.by_name(name) or ""


AU_STATES = {"NSW", "VIC", "QLD", "SA", "WA", "TAS", "NT", "ACT"}
PLACE = re.compile(r"^(?P<city>.*?)[\s,]*\b(?P<state>[A-Z]{2,3})\b\s*(?P<postcode>\d{4,5})?$")


def add_address(contact: ParsedContact, *, city="", region="", country="", formatted="") -> None:
    """City, state and country from an address: its own columns where the file has them, else
    read from the address as one text ("12 Smith St, Camperdown NSW 2050, Australia"). NetMed
    keeps the place, not the street; the first address that names one wins."""
    if contact.city or contact.state:
        return
    if not (city or region) and formatted:
        parts = [p.strip() for p in re.split(r"[,\n]", formatted) if p.strip()]
        # A country is named in full at the end (a two-letter "CA" there is a state).
        if parts and len(parts[-1]) > 3 and (code := country_code(parts[-1])):
            country, parts = country or code, parts[:-1]
        if len(parts) > 1 and re.fullmatch(r"[\d -]{3,10}", parts[-1]):
            parts = parts[:-1]  # a postcode on its own
        if parts and (match := PLACE.match(parts[-1])):
            city = match["city"].strip() or (parts[-2] if len(parts) > 1 else "")
            region = match["state"]
        elif len(parts) > 1:
            city = re.sub(r"^\d{4,5}\s+", "", parts[-1])  # "75002 Paris": the postcode first
    contact.city, contact.state = city.strip(), region.strip()
    if country and not contact.country:
        contact.country = country_code(country)


def parse_birthday(contact: ParsedContact, value: str, *, month_first: bool = False) -> None:
    """A birthday from a CSV cell: ISO ("1980-03-22", "--03-22"), or day/month/year (month
    first for Outlook's US-style dates). Outlook writes "0/0/00" for none."""
    value = value.strip()
    if not value or re.fullmatch(r"0?0/0?0/0{2,4}", value):
        return
    if short := re.fullmatch(r"--(\d{1,2})-?(\d{1,2})", value):
        year, month, day = None, int(short[1]), int(short[2])
    elif iso := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value):
        year, month, day = int(iso[1]), int(iso[2]), int(iso[3])
    elif slashed := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2,4})", value):
        first, second, year = int(slashed[1]), int(slashed[2]), int(slashed[3])
        month, day = (first, second) if month_first else (second, first)
        year = year + (1900 if year >= 30 else 2000) if year < 100 else year
    else:
        contact.warnings.append(f"birthday {value[:20]!r} not understood: left out")
        return
    try:
        dt.date(year or 2000, month, day)
    except ValueError:
        contact.warnings.append(f"birthday {value[:20]!r} is not a date: left out")
        return
    contact.birthday = (year, month, day)
