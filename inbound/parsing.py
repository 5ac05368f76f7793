"""Reading an inbound email: who is on it, what the receiving mail system said about its sender,
and the headers of any message forwarded inside it. Pure functions of the message; no database.
"""

from __future__ import annotations

import datetime as dt
import email
import re
import zoneinfo
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.utils import getaddresses, parsedate_to_datetime

# How many people one message may name: a message to a whole department is not 400 interactions.
MAX_PEOPLE = 50
# Results that refuse a message. "softfail", "neutral", "none" and "temperror" do not: only a
# sender the domain's own policy rules out, or a signature that does not verify.
FAILING = {"fail", "permerror"}
METHODS = ("spf", "dkim", "dmarc")


@dataclass(frozen=True)
class Person:
    email: str
    name: str = ""


def parse(raw: bytes) -> EmailMessage:
    return email.message_from_bytes(raw, policy=policy.default)


def header(message, name: str) -> str:
    """A header as text; "" when missing or unreadable (a malformed header must not stop us)."""
    try:
        value = message.get(name)
    except (ValueError, IndexError, TypeError):
        return ""
    return " ".join(str(value).split()) if value is not None else ""


def addresses(message, *names: str) -> list[Person]:
    values = []
    for name in names:
        try:
            values += [str(v) for v in message.get_all(name) or []]
        except (ValueError, IndexError, TypeError):
            continue
    return [
        Person(email=addr.strip().lower(), name=" ".join(display.split()))
        for display, addr in getaddresses(values)
        if "@" in addr
    ]


# --- what the receiving mail system said -----------------------------------------------------

_RESULT = re.compile(r"\b(spf|dkim|dmarc)\s*=\s*([a-z]+)", re.IGNORECASE)


def auth_results_from_headers(message) -> dict[str, str]:
    """SPF, DKIM and DMARC results from ``Authentication-Results`` (RFC 8601, added by a filtering
    MTA in front of the self-hosted receiver) and Mailgun's own ``X-Mailgun-Spf`` /
    ``X-Mailgun-Dkim-Check-Result``. Several results for one method (two DKIM signatures) count
    as a pass when any passes."""
    found: dict[str, set[str]] = {}
    for value in message.get_all("Authentication-Results") or []:
        for method, result in _RESULT.findall(str(value)):
            found.setdefault(method.lower(), set()).add(result.lower())
    for name, method in (("X-Mailgun-Spf", "spf"), ("X-Mailgun-Dkim-Check-Result", "dkim")):
        if value := header(message, name):
            found.setdefault(method, set()).add(value.split()[0].lower())
    return {
        method: "pass" if "pass" in results else sorted(results)[0]
        for method, results in found.items()
    }


def authentication_failure(auth_results: dict[str, str]) -> str:
    """Why these results refuse the message ("" when they do not)."""
    for method in METHODS:
        if auth_results.get(method, "").lower() in FAILING:
            return f"The sender failed {method.upper()} ({auth_results[method]})."
    if str(auth_results.get("spam", "")).lower() in ("yes", "true"):
        return "The mail provider marked it as spam."
    return ""


# --- who is on it ----------------------------------------------------------------------------

# The line that opens a forwarded message in the body, as Gmail, Outlook, Apple Mail and
# Thunderbird write it ("---------- Forwarded message ---------", "-----Original Message-----",
# "Begin forwarded message:", "-------- Forwarded Message --------").
_FORWARD_OPENING = re.compile(
    r"^\s*(?:-{2,}\s*(?:forwarded message|original message)\s*-{2,}|begin forwarded message:)\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_HEADER_LINE = re.compile(r"^\s*[>*]*\s*(from|to|cc|sent|date|subject)\s*:\s*\**\s*(.*)$", re.I)


def body_text(message) -> str:
    try:
        part = message.get_body(preferencelist=("plain", "html"))
        text = part.get_content() if part is not None else ""
    except (KeyError, LookupError, ValueError, AttributeError):
        return ""
    if part is not None and part.get_content_type() == "text/html":
        text = re.sub(r"<br\s*/?>|</p>|</div>", "\n", text, flags=re.IGNORECASE)
        text = re.sub(r"<[^>]+>", "", text).replace("&lt;", "<").replace("&gt;", ">")
        text = text.replace("&nbsp;", " ").replace("&amp;", "&")
    return text


def forwarded_blocks(message) -> list[dict[str, str]]:
    """The header block of each message forwarded in the body ({"from": ..., "to": ..., "cc":
    ..., "date": ...}), and the headers of each message attached whole (message/rfc822)."""
    blocks = []
    text = body_text(message)
    for opening in _FORWARD_OPENING.finditer(text):
        block: dict[str, str] = {}
        last = ""
        for line in text[opening.end() :].lstrip("\n").splitlines()[:20]:
            if not line.strip():
                if block:
                    break
                continue
            matched = _HEADER_LINE.match(line)
            if matched:
                last = matched.group(1).lower()
                block[last] = matched.group(2).strip()
            elif last and line.startswith((" ", "\t")):
                block[last] += " " + line.strip()  # a folded To: line
            else:
                break
        if block:
            blocks.append(block)
    for part in message.walk():
        if part.get_content_type() == "message/rfc822":
            inner = part.get_payload()
            inner = inner[0] if isinstance(inner, list) and inner else inner
            if hasattr(inner, "get"):
                blocks.append({n: header(inner, n) for n in ("from", "to", "cc", "date")})
    return blocks


def _people_in_text(value: str) -> list[Person]:
    """People in a forwarded block's From/To/Cc line. Outlook writes "Sharma, Priya
    [mailto:x@y]" and separates people with ";", so a comma there may be inside a name."""
    value = re.sub(r"\[mailto:([^\]]+)\]", r"<\1>", value)
    pairs = []
    for piece in value.split(";"):
        one = re.fullmatch(r"\s*([^<]*?)\s*<([^<>]+)>\s*", piece)
        pairs += [one.groups()] if one else getaddresses([piece])
    return [
        Person(email=addr.strip().lower(), name=" ".join(display.strip("'\" ").split()))
        for display, addr in pairs
        if re.fullmatch(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+", addr.strip())
    ]


def people_on(message, *, leave_out: set[str], leave_out_domain: str = "") -> list[Person]:
    """Everyone the message names, first mention first, one each: its From, To and Cc, and those
    of any forwarded message in it, without the addresses in ``leave_out`` (the doctor's own) or
    at ``leave_out_domain`` (inbound addresses)."""
    people = addresses(message, "From", "To", "Cc")
    for block in forwarded_blocks(message):
        for name in ("from", "to", "cc"):
            people += _people_in_text(block.get(name, ""))
    seen: dict[str, Person] = {}
    for person in people:
        if person.email in leave_out or person.email in seen:
            continue
        if leave_out_domain and person.email.endswith("@" + leave_out_domain.lower()):
            continue
        seen[person.email] = person
    return list(seen.values())[:MAX_PEOPLE]


def sent_on(message, zone: zoneinfo.ZoneInfo) -> dt.date | None:
    """The day the message (or the message it forwards) was written, in the doctor's zone."""
    candidates = [block.get("date", "") for block in forwarded_blocks(message)[:1]]
    candidates.append(header(message, "Date"))
    for value in candidates:
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            continue
        if moment is not None and moment.tzinfo is not None:
            return moment.astimezone(zone).date()
    return None
