"""Making, revoking and checking app passwords (see ``sync.models.AppPassword``)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from dataclasses import dataclass

from django.contrib.auth.hashers import check_password, make_password
from django.core.cache import cache
from django.utils import timezone

from .models import AppPassword, SyncAccount

# 32 characters from an alphabet without look-alikes (no 0/o, 1/l/i), shown in groups of four so
# it can be typed on a phone: 8 public key characters and 24 secret ones (about 120 bits).
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
KEY_LENGTH = 8
SECRET_LENGTH = 24
# A checked password is remembered (as a digest, never the secret) for a few minutes, so a sync
# of many requests hashes it once, not once per request. Revoking is checked on every request.
VERIFIED_FOR = dt.timedelta(minutes=5)
# last_used_at is written at most once a minute, not on every request of a sync.
TOUCH_EVERY = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class NewAppPassword:
    app_password: AppPassword
    password: str  # shown to the doctor once, never stored


def _random(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def _grouped(text: str) -> str:
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def create_app_password(*, owner, label: str) -> NewAppPassword:
    """A new app password for ``owner``; the plain password is returned once, only a hash kept."""
    key, secret = _random(KEY_LENGTH), _random(SECRET_LENGTH)
    while AppPassword.objects.filter(key=key).exists():
        key = _random(KEY_LENGTH)
    app_password = AppPassword.objects.create(
        owner=owner, label=label.strip() or "Phone", key=key, secret_hash=make_password(secret)
    )
    return NewAppPassword(app_password=app_password, password=_grouped(key + secret))


def revoke_app_password(*, owner, pk) -> bool:
    """Revoke one of ``owner``'s app passwords: the next request made with it is refused."""
    return bool(
        AppPassword.objects.for_user(owner).active().filter(pk=pk).update(revoked_at=timezone.now())
    )


def _normalised(password: str) -> str:
    return "".join(password.split()).replace("-", "").lower()


def _cache_key(key: str, password: str) -> str:
    return "sync:app-password:" + hashlib.sha256(f"{key}:{password}".encode()).hexdigest()


def authenticate(*, email: str, password: str):
    """The user whose email and active app password these are, else None. Never the account
    password: that is for the web login (with its second factor) only."""
    token = _normalised(password)
    if len(token) != KEY_LENGTH + SECRET_LENGTH:
        return None
    key, secret = token[:KEY_LENGTH], token[KEY_LENGTH:]
    app_password = (
        AppPassword.objects.active()
        .select_related("owner")
        .filter(key=key, owner__email__iexact=email.strip(), owner__is_active=True)
        .first()
    )
    if app_password is None:
        return None
    remembered = _cache_key(key, token)
    if cache.get(remembered) != str(app_password.pk):
        if not check_password(secret, app_password.secret_hash):
            return None
        cache.set(remembered, str(app_password.pk), VERIFIED_FOR.total_seconds())
    _touch(app_password)
    return app_password.owner


def _touch(app_password: AppPassword) -> None:
    now = timezone.now()
    if app_password.last_used_at and now - app_password.last_used_at < TOUCH_EVERY:
        return
    AppPassword.objects.filter(pk=app_password.pk).update(last_used_at=now)


def principal_for(user) -> str:
    """The doctor's principal name on the DAV server (``SyncAccount``), made on first use."""
    account, _ = SyncAccount.objects.get_or_create(owner=user)
    return str(account.pk)


def user_for_principal(name: str):
    """The active user a DAV principal name stands for, or None."""
    try:
        pk = uuid.UUID(name)
    except (TypeError, ValueError):
        return None
    account = SyncAccount.objects.select_related("owner").filter(pk=pk).first()
    return account.owner if account and account.owner.is_active else None
