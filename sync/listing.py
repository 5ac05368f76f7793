"""A fast answer to the one request that lists a whole address book: ``PROPFIND`` with
``Depth: 1`` asking only for ETags, content types and resource types.

Clients that do not use sync tokens (vdirsyncer, Thunderbird, some older phones) send it on every
sync to learn what changed. Radicale builds each card's answer with path sanitising, rights
checks and a log line per item (about 1 ms each, 10 s for 10,000 cards on a busy machine), so
this module answers that request itself from ``sync.cards.card_index`` (one query) with the same
XML Radicale writes. Anything else, including the same request by anyone but the address book's
owner, goes to Radicale. ``tests/sync/test_listing.py`` compares both answers.
"""

from __future__ import annotations

import base64
import binascii
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

from . import app_passwords, cards, dav

DAV = "{DAV:}"
LISTED = {f"{DAV}getetag", f"{DAV}getcontenttype", f"{DAV}resourcetype"}
CARD_TYPE = "text/vcard;charset=utf-8"


def requested(body: bytes) -> list[str] | None:
    """The properties a PROPFIND body asks for, if it asks only for those listed here."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        return None
    prop = root.find(f"{DAV}prop")
    if root.tag != f"{DAV}propfind" or prop is None:
        return None
    names = [child.tag for child in prop]
    return names if names and set(names) <= LISTED else None


def _user(authorization: str):
    kind, _, encoded = authorization.partition(" ")
    if kind.lower() != "basic":
        return None
    try:
        login, _, password = base64.b64decode(encoded).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return app_passwords.authenticate(email=login, password=password)


def address_book_listing(request, rest: str) -> bytes | None:
    """The multistatus for a depth-1 listing of the signed-in doctor's own address book, or
    None when this is not that request (Radicale answers it then)."""
    parts = [p for p in rest.split("/") if p]
    if (
        request.method != "PROPFIND"
        or request.META.get("HTTP_DEPTH") != "1"
        or len(parts) != 2
        or parts[1] != dav.CONTACTS
    ):
        return None
    props = requested(request.body)
    if props is None:
        return None
    user = _user(request.META.get("HTTP_AUTHORIZATION", ""))
    if user is None or app_passwords.principal_for(user) != parts[0]:
        return None
    base = request.META.get("SCRIPT_NAME", "").rstrip("/") + f"/dav/{parts[0]}/{dav.CONTACTS}/"
    tag = cards.address_book_tag(user)
    out = [
        "<?xml version='1.0' encoding='utf-8'?>\n"
        '<multistatus xmlns="DAV:" xmlns:CR="urn:ietf:params:xml:ns:carddav">',
        _response(base, props, etag=f'"{tag}"', kind="text/vcard", collection=True),
    ]
    for ref in cards.card_index(user):
        out.append(_response(base + escape(ref.href), props, etag=ref.etag, kind=CARD_TYPE))
    out.append("</multistatus>")
    return "".join(out).encode()


def _response(href: str, props: list[str], *, etag: str, kind: str, collection=False) -> str:
    values = []
    for name in props:
        if name == f"{DAV}getetag":
            values.append(f"<getetag>{escape(etag)}</getetag>")
        elif name == f"{DAV}getcontenttype":
            values.append(f"<getcontenttype>{kind}</getcontenttype>")
        elif collection:
            values.append("<resourcetype><CR:addressbook /><collection /></resourcetype>")
        else:
            values.append("<resourcetype />")
    return (
        f"<response><href>{href}</href><propstat><prop>{''.join(values)}</prop>"
        "<status>HTTP/1.1 200 OK</status></propstat></response>"
    )
