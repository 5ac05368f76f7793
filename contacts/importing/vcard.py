"""vCard 2.1, 3.0 and 4.0 (Apple, Google, Outlook, CardDAV servers, NetMed's own export).

vobject's tokenizer does the line work (unfolding, quoted-printable soft line breaks, groups,
bare 2.1 parameters); the values are decoded here, because vobject's value decoding splits
vCard 4.0 data URIs and some 3.0 text at commas. Each card is read on its own, so one broken
card is an error row and the others still import.
"""

from __future__ import annotations

import base64
import binascii
import io
import quopri
import re

from vobject.base import ParseError, getLogicalLines, parseLine

from .base import ParsedContact, add_link, add_phone, clean_emails, finish

FORMAT = "vcard"
LABEL = "vCard (.vcf)"
MAX_PHOTO_BYTES = 512 * 1024


def looks_like(text: str) -> bool:
    return text.lstrip()[:20].upper().startswith("BEGIN:VCARD")


def parse(text: str) -> list[ParsedContact]:
    contacts, card, start = [], None, 0
    try:
        lines = list(getLogicalLines(io.StringIO(text)))
    except ParseError as exc:  # pragma: no cover - the tokenizer is lenient
        return [ParsedContact(line=1, error=f"could not read the file: {exc}")]
    for text_line, number in lines:
        number = max(number, 1)
        head = text_line.strip().upper()
        if head == "BEGIN:VCARD":
            card, start = [], number
        elif head == "END:VCARD" and card is not None:
            contacts.append(_card(start, card))
            card = None
        elif card is not None:
            card.append((text_line, number))
    if card is not None:
        contacts.append(ParsedContact(line=start, error="the card has no END:VCARD"))
    return contacts


def _card(start: int, lines: list[tuple[str, int]]) -> ParsedContact:
    contact = ParsedContact(line=start)
    props: list[tuple[str, dict[str, list[str]], str]] = []
    for text_line, number in lines:
        try:
            name, params, value, _group = parseLine(text_line, number)
        except ParseError:
            contact.error = f"line {number}: could not read {text_line[:40]!r}"
            return contact
        props.append((name.upper(), _params(params), value))
    fn = ""
    emails = []
    for name, params, raw in props:
        value = _decode_text(raw, params)
        if name == "N":
            parts = _split(value) + [""] * 5
            contact.family_name, contact.given_name = parts[0], parts[1]
            contact.prefix = parts[3]
        elif name == "FN":
            fn = _unescape(value)
        elif name == "NICKNAME":
            contact.preferred_name = _unescape(value.split(",")[0])
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
        elif name == "BDAY":
            contact.birthday = _birthday(value)
        elif name == "PHOTO" and contact.photo is None:
            _photo(contact, value, params)
        elif name == "X-ABSHOWAS" and value.upper() == "COMPANY":
            contact.error = "this card is a company, not a person"
    clean_emails(contact, emails)
    if not (contact.given_name or contact.family_name) and fn and not contact.error:
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


def _decode_text(value: str, params: dict[str, list[str]]) -> str:
    if "QUOTED-PRINTABLE" in params.get("ENCODING", []) + params.get("TYPE", []):
        charset = (params.get("CHARSET") or ["UTF-8"])[0]
        raw = quopri.decodestring(value.replace("=\n", "").encode("latin-1", "replace"))
        try:
            return raw.decode(charset).replace("\r\n", "\n")
        except (LookupError, UnicodeDecodeError):
            return raw.decode("cp1252", errors="replace")
    return value


def _unescape(value: str) -> str:
    return re.sub(
        r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value.strip()
    ).strip()


def _split(value: str) -> list[str]:
    """A structured value's components, split at unescaped semicolons."""
    return [_unescape(part) for part in re.split(r"(?<!\\);", value)]


def _type_label(params: dict[str, list[str]]) -> str:
    types = [t for t in params.get("TYPE", []) if t not in ("VOICE", "PREF", "INTERNET")]
    return {"CELL": "mobile", "WORK": "work", "HOME": "home", "PAGER": "pager"}.get(
        types[0] if types else "", ""
    )


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
