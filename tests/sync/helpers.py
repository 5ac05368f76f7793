"""Shared by the sync tests: Basic auth headers and DAV requests through Django's test client."""

from __future__ import annotations

import base64

PROPFIND_ETAGS = b"""<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:" xmlns:cs="http://calendarserver.org/ns/">
  <d:prop><d:getetag/><d:getcontenttype/><cs:getctag/><d:sync-token/></d:prop>
</d:propfind>"""


def basic(email: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{email}:{password}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


def dav(client, method: str, url: str, *, auth: dict, body: bytes = b"", **headers):
    content_type = headers.pop("content_type", "application/xml; charset=utf-8")
    return client.generic(method, url, body, content_type=content_type, **auth, **headers)


def responses(body: bytes) -> dict[str, dict[str, str]]:
    """A multistatus answer as {href: {property's local name: text}}, for the found (200)
    properties."""
    from xml.etree import ElementTree

    found = {}
    for response in ElementTree.fromstring(body).iter("{DAV:}response"):
        href = response.findtext("{DAV:}href")
        props = {}
        for propstat in response.iter("{DAV:}propstat"):
            if "200" not in (propstat.findtext("{DAV:}status") or ""):
                continue
            for prop in propstat.find("{DAV:}prop"):
                props[prop.tag.rsplit("}", 1)[-1]] = prop.text or ""
        found[href] = props
    return found
