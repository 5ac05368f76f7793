"""A small fixed-window rate limit for NetMed's own public pages (a share card's link).

It keys on the client address as allauth's own limits do (``get_client_ip``, which follows
``NETMED_TRUSTED_PROXY_COUNT``; netmed/settings.py), and counts in the cache (Redis). When Redis
is down the cache reports a miss and the request is allowed: a page never fails for its limit.
"""

from __future__ import annotations

import time

from allauth.account.adapter import get_adapter
from django.core.cache import cache


def client_key(request) -> str:
    return get_adapter().get_client_ip(request)


def allow(request, *, scope: str, limit: int, window: int) -> bool:
    """Count this request against ``limit`` per ``window`` seconds for its client; False once
    the client has used them all in the current window."""
    bucket = int(time.time() // window)
    key = f"ratelimit:{scope}:{client_key(request)}:{bucket}"
    cache.add(key, 0, timeout=window)
    try:
        used = cache.incr(key)
    except ValueError:  # the key was lost between add and incr (an outage): let it through
        return True
    return used <= limit
