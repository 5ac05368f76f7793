"""Signed one-click links for digest emails: single-purpose, for one doctor, expiring.

Each purpose signs with its own salt, so a "done" token is refused by "snooze", "open" and
"unsubscribe". The token names the doctor; the action then scopes by that doctor exactly as a
signed-in request would, so a token can never reach another doctor's rows.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

MAX_AGE = dt.timedelta(days=14)
PURPOSES = ("done", "snooze", "open", "unsubscribe")


@dataclass(frozen=True)
class LinkClaim:
    user_id: int
    action_ref: str
    url: str
    title: str


def _signer(purpose: str) -> signing.TimestampSigner:
    if purpose not in PURPOSES:
        raise ValueError(purpose)
    return signing.TimestampSigner(salt=f"reminders.email-link.{purpose}")


def make_token(purpose: str, user_id: int, action_ref: str = "", url: str = "", title: str = ""):
    # A compact "id|ref|url|title" rather than JSON (digests sign hundreds of thousands of these),
    # base64url-encoded so the token sits in a URL path as it is.
    value = f"{user_id}|{action_ref}|{url}|{title}".encode()
    return _signer(purpose).sign(base64.urlsafe_b64encode(value).decode().rstrip("="))


def read_token(purpose: str, token: str) -> LinkClaim:
    """The claim in a valid token; raises ``signing.BadSignature`` (or its subclass
    ``SignatureExpired``) for a forged, altered, expired or other-purpose token."""
    encoded = _signer(purpose).unsign(token, max_age=MAX_AGE)
    try:
        value = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode()
        user_id, action_ref, url, title = value.split("|", 3)
    except ValueError as error:  # cannot happen for a token we signed
        raise signing.BadSignature(token) from error
    return LinkClaim(int(user_id), action_ref, url, title)


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


@functools.cache
def _url_pattern(purpose: str, site_url: str) -> str:
    return site_url + reverse(f"reminders:email_{purpose}", args=["TOKEN"]).replace("TOKEN", "{}")


def link(purpose: str, user_id: int, action_ref: str = "", url: str = "", title: str = "") -> str:
    """The absolute URL of a signed link."""
    return _url_pattern(purpose, settings.SITE_URL).format(
        make_token(purpose, user_id, action_ref, url, title)
    )
