"""vCard 2.1, 3.0 and 4.0 (Apple, Google, Outlook, CardDAV servers, NetMed's own export).

``logical_lines`` unfolds lines as vobject's tokenizer does, in linear time, and vobject's
``parseLine`` reads each one (groups, bare 2.1 parameters); the values are decoded here,
because vobject's value decoding splits vCard 4.0 data URIs and some 3.0 text at commas. Each
card is read on its own, so one broken card is an error row and the others still import.
"""

from __future__ import annotations

import base64
import binascii
import quopri
import re
from collections.abc import Iterator

from vobject.base import ParseError, parseLine

from .base import (
    UTF8_SEQUENCE,
    ImportFileError,
    ParsedContact,
    add_fellowships,
    add_link,
    add_phone,
    clean_emails,
    country_code,
    encoding_name,
    finish,
    guess_legacy_encoding,
)

FORMAT = "vcard"
LABEL = "vCard (.vcf)"
MAX_PHOTO_BYTES = 512 * 1024
# Limits that keep one file from holding a worker: a card of real people's details spans a few
# dozen lines (a few thousand with a photo folded at 75 characters); a photo over
# MAX_PHOTO_BYTES is dropped anyway, so no value needs to be longer than this; and an import
# takes at most 20,000 contacts (service.MAX_ROWS), so reading stops at the first card past it.
MAX_LINES_PER_CARD = 50_000
MAX_VALUE_CHARS = 2_000_000
MAX_CARDS = 20_000


def looks_like(text: str) -> bool:
    return text.lstrip()[:20].upper().startswith("BEGIN:VCARD")


def logical_lines(text: str) -> Iterator[tuple[str, int]]:
    """(logical line, its first physical line number), as vobject's ``getLogicalLines`` reads
    them (folded lines joined, vCard 2.1's quoted-printable soft breaks kept as "\n"), in
    linear time: vobject re-reads the whole line so far at each fold, so one card of a million
    folded lines held a web worker for half a minute (issue 20)."""
    parts: list[str] = []
    start = 0
    quoted = False  # the logical line so far names quoted-printable
    soft_break = False  # and its last physical line ended with "=": the next one continues it
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            if parts:
                yield "".join(parts), start
            parts, start, quoted, soft_break = [], number, False, False
            continue
        if soft_break:
            parts += ["\n", line]
        elif line[0] in " \t" and parts:
            parts.append(line[1:])
        else:
            if parts:
                yield "".join(parts), start
            parts, start, quoted = [line], number, False
        quoted = quoted or "quoted-printable" in line.lower()
        soft_break = quoted and line.endswith("=")
    if parts:
        yield "".join(parts), start


def parse(text: str, notices: list[str] | None = None, legacy: str = "") -> list[ParsedContact]:
    """The cards of a file. ``notices`` (the preview's notes on the whole file) gets the code
    page assumed for quoted-printable text that names no CHARSET and is not UTF-8."""
    cards, card, start = [], None, 0
    for text_line, number in logical_lines(text):
        number = max(number, 1)
        _check_limits(text_line, number, start if card is not None else None, len(cards))
        head = text_line.strip().upper()
        if head == "BEGIN:VCARD":
            card, start = [], number
        elif head == "END:VCARD" and card is not None:
            cards.append((start, _properties(card)))
            card = None
        elif card is not None:
            card.append((text_line, number))
    chosen = bool(legacy)
    legacy = legacy or _legacy_encoding(cards)
    if legacy and not chosen and notices is not None:
        notices.append(
            "Quoted-printable text that does not name its character set and is not UTF-8 "
            f"was read as {encoding_name(legacy)}."
        )
    contacts = [_card(start, props, legacy or "cp1252") for start, props in cards]
    unused = sorted(
        {name for _start, props in cards for name, *_ in props if name and name not in READ}
    )
    if unused and notices is not None:
        shown = ", ".join(unused[:12]) + (" …" if len(unused) > 12 else "")
        notices.append(f"Not imported (NetMed has no place for them): {shown}.")
    if card is not None:
        contacts.append(ParsedContact(line=start, error="the card has no END:VCARD"))
    return contacts


def _check_limits(text_line: str, number: int, start: int | None, cards: int) -> None:
    """Raise ``ImportFileError`` for a file past one of the limits above, naming the line."""
    if len(text_line) > MAX_VALUE_CHARS:
        raise ImportFileError(
            f"Line {number} holds {len(text_line):,} characters; NetMed reads at most "
            f"{MAX_VALUE_CHARS:,} in one vCard line. Check the file is a contact export."
        )
    if start is not None and number - start > MAX_LINES_PER_CARD:
        raise ImportFileError(
            f"The card that begins on line {start} runs past line {number}; NetMed reads at "
            f"most {MAX_LINES_PER_CARD:,} lines in one card. Check the file is a contact export."
        )
    if cards > MAX_CARDS:
        raise ImportFileError(
            f"The file holds more than {MAX_CARDS:,} cards, the limit per import. "
            "Split it into smaller files."
        )


Property = tuple[str, dict[str, list[str]], str, int]  # name, parameters, raw value, line
# The properties read into a contact, and those that only describe the card itself.
READ = {
    "N",
    "FN",
    "NICKNAME",
    "EMAIL",
    "TEL",
    "ORG",
    "TITLE",
    "URL",
    "X-SOCIALPROFILE",
    "NOTE",
    "ADR",
    "BDAY",
    "PHOTO",
    "UID",
    "X-ABSHOWAS",
    "KIND",
    "CATEGORIES",
    "X-NETMED-HOW-WE-MET",
    "X-NETMED-SPECIALTY",
    "X-NETMED-CAREER-STAGE",
    "VERSION",
    "PRODID",
    "REV",
    "X-ABUID",
    "X-ABLABEL",
    "X-ABADR",
    "SOURCE",
    "X-NETMED-ID",
}


def _properties(lines: list[tuple[str, int]]) -> list[Property | tuple[None, None, str, int]]:
    props = []
    for text_line, number in lines:
        try:
            name, params, value, _group = parseLine(text_line, number)
        except ParseError:
            props.append((None, None, text_line, number))  # reported on its card, then skipped
            continue
        props.append((name.upper(), _params(params), value, number))
    return props


def _undeclared_qp(params: dict[str, list[str]]) -> bool:
    quoted = "QUOTED-PRINTABLE" in params.get("ENCODING", []) + params.get("TYPE", [])
    return quoted and not params.get("CHARSET")


def _legacy_encoding(cards) -> str:
    """The code page of the file's quoted-printable text that names no CHARSET and is not
    UTF-8, guessed from all such text in the file together; "" when there is none."""
    samples = []
    for _start, props in cards:
        for name, params, raw, _number in props:
            if name and _undeclared_qp(params):
                data = _qp_bytes(raw)
                try:
                    data.decode("utf-8")
                except UnicodeDecodeError:
                    if not UTF8_SEQUENCE.search(data):
                        samples.append(data)
    return guess_legacy_encoding(b"\n".join(samples)) if samples else ""


def _card(start: int, props, legacy: str) -> ParsedContact:
    contact = ParsedContact(line=start)
    fn = ""
    emails = []
    company = False
    for name, params, raw, number in props:
        if name is None:
            contact.warnings.append(f"line {number}: could not read {raw[:40]!r}: left out")
            continue
        value = _decode_text(raw, params, legacy, contact, number)
        if name == "N":
            parts = _split(value) + [""] * 5
            contact.family_name, contact.given_name = parts[0], parts[1]
            contact.prefix = parts[3]
            add_fellowships(contact, parts[4].replace(",", " "), line=number)
        elif name == "FN":
            fn = _unescape(value)
        elif name == "NICKNAME":
            contact.preferred_name = _split(value, ",")[0]
        elif name == "EMAIL":
            emails.append(_unescape(value))
        elif name == "TEL":
            add_phone(contact, _unescape(value), _type_label(params))
        elif name == "ORG":
            parts = _split(value) + [""]
            contact.organisation, contact.department = parts[0], parts[1]
        elif name == "TITLE":
            contact.title = _unescape(value)
        elif name in ("URL", "X-SOCIALPROFILE"):
            add_link(contact, _unescape(value))
        elif name == "NOTE":
            contact.notes = _unescape(value)
        elif name == "ADR" and not contact.city:
            parts = _split(value) + [""] * 7
            contact.city, contact.state = parts[3], parts[4]
            contact.country = country_code(parts[6])
        elif name == "CATEGORIES":
            contact.tags += _split(value, ",")
        elif name == "X-NETMED-HOW-WE-MET":
            contact.how_we_met = _unescape(value)
        elif name == "X-NETMED-SPECIALTY":
            contact.specialty = _unescape(value)
        elif name == "X-NETMED-CAREER-STAGE":
            contact.career_stage = _unescape(value)
        elif name == "BDAY":
            contact.birthday = _birthday(value)
            if contact.birthday is None and value.strip():
                contact.warnings.append(
                    f"line {number}: birthday {value.strip()[:20]!r} is not a date: left out"
                )
        elif name == "PHOTO" and contact.photo is None:
            _photo(contact, value, params)
        elif name == "UID":
            contact.source_id = _unescape(value)[:200]
        elif (name == "X-ABSHOWAS" and value.upper() == "COMPANY") or (
            name == "KIND" and value.strip().lower() == "org"
        ):
            company = True
    clean_emails(contact, emails)
    if company and not contact.organisation:
        contact.organisation = fn
    if company and not (contact.given_name or contact.family_name):
        # A company card (Apple's "show as company", vCard 4's KIND:org): the organisation is
        # its name, so it imports as a contact at that organisation.
        contact.preferred_name = contact.organisation
    elif (
        not (contact.given_name or contact.family_name)
        and fn
        and not contact.error
        # FN stands in for a missing N, unless it is only what the card already says
        # (an email address or the nickname, as exporters write for a card with no name).
        and fn not in (contact.preferred_name, contact.organisation)
        and "@" not in fn
    ):
        contact.given_name, _, contact.family_name = fn.rpartition(" ")
    return finish(contact)


def _params(params: list[list[str]]) -> dict[str, list[str]]:
    """{"TYPE": [...], "ENCODING": [...]}; bare 2.1 parameters (``TEL;WORK;VOICE``) are types."""
    out: dict[str, list[str]] = {}
    for param in params:
        if len(param) == 1:
            out.setdefault("TYPE", []).append(param[0].upper())
        else:
            key = param[0].upper()
            for value in param[1:]:
                out.setdefault(key, []).extend(v.upper() for v in value.split(","))
    return out


def _qp_bytes(value: str) -> bytes:
    return quopri.decodestring(value.replace("=\n", "").encode("latin-1", "replace"))


def _decode_text(
    value: str, params: dict[str, list[str]], legacy: str, contact: ParsedContact, number: int
) -> str:
    """A property's text. Quoted-printable bytes are read in their CHARSET; with none, as UTF-8
    first, then in the file's guessed code page. A stray byte in UTF-8 text spoils only itself
    ("\ufffd"), and the card says so on its line."""
    if "QUOTED-PRINTABLE" not in params.get("ENCODING", []) + params.get("TYPE", []):
        return value
    raw = _qp_bytes(value)
    charsets = params.get("CHARSET") or []
    for charset in [*charsets[:1], "utf-8"]:
        try:
            return raw.decode(charset).replace("\r\n", "\n")
        except (LookupError, UnicodeDecodeError):
            continue
    if UTF8_SEQUENCE.search(raw):
        contact.warnings.append(
            f"line {number}: bytes that are not UTF-8 shown as \u201c\ufffd\u201d"
        )
        return raw.decode("utf-8", errors="replace").replace("\r\n", "\n")
    return raw.decode(legacy, errors="replace").replace("\r\n", "\n")


def _unescape(value: str) -> str:
    return re.sub(
        r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value.strip()
    ).strip()


def _split(value: str, separator: str = ";") -> list[str]:
    """A structured value's components (or a list's items, with ``","``), split where the
    separator is not escaped (an escaped backslash before it does not escape it)."""
    parts, current, escaped = [], [], False
    for char in value:
        if escaped:
            current.append("\\" + char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current) + ("\\" if escaped else ""))
    return [_unescape(part) for part in parts]


def _type_label(params: dict[str, list[str]]) -> str:
    types = [t for t in params.get("TYPE", []) if t not in ("VOICE", "PREF", "INTERNET")]
    labels = {"CELL": "mobile", "WORK": "work", "HOME": "home", "PAGER": "pager", "FAX": "fax"}
    labels |= {"MAIN": "main", "X-MAIN": "main", "MAIN-NUMBER": "main"}
    if "FAX" in types:  # "TYPE=WORK,FAX" is a fax first and foremost
        return "fax"
    return labels.get(types[0] if types else "", "")


def _birthday(value: str) -> tuple[int | None, int, int] | None:
    digits = value.strip().split("T")[0].replace("-", "")
    if re.fullmatch(r"\d{8}", digits):
        year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:])
        year = None if year in (1604, 0) else year  # Apple writes 1604 for "no year".
    elif re.fullmatch(r"\d{4}", digits) and value.startswith("--"):
        year, month, day = None, int(digits[:2]), int(digits[2:])
    else:
        return None
    return (year, month, day) if 1 <= month <= 12 and 1 <= day <= 31 else None


def _photo(contact: ParsedContact, value: str, params: dict[str, list[str]]) -> None:
    """Embedded photos only (base64 or a data: URI); remote URLs are not fetched."""
    match = re.match(r"data:image/[\w.+-]+;base64,(.*)", value.strip(), re.S | re.I)
    if match:
        value = match.group(1)
    elif not ({"B", "BASE64"} & set(params.get("ENCODING", []))):
        return
    try:
        photo = base64.b64decode(re.sub(r"\s+", "", value), validate=False)
    except (binascii.Error, ValueError):
        return
    if 0 < len(photo) <= MAX_PHOTO_BYTES:
        contact.photo = photo
