"""A Redis cache that keeps pages working when Redis is down.

Django's ``RedisCache`` raises on a lost connection, so every page that touches the cache
(sign-in rate limits, import progress) would answer 500 while Redis restarts. This backend
logs the error and behaves like an empty cache instead; with short socket timeouts (see
``CACHES`` in settings) a page waits at most about a second for a Redis that is gone.

The trade-off: while Redis is down allauth's rate limits cannot count, so they fail open.
"""

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)


def _tolerant(name: str, fallback):
    def method(self, *args, **kwargs):
        try:
            return getattr(super(TolerantRedisCache, self), name)(*args, **kwargs)
        except UNAVAILABLE as error:
            logger.warning("Cache %s failed, carrying on without the cache: %s", name, error)
            return fallback(*args, **kwargs)

    method.__name__ = name
    return method


def _default(key, default=None, *args, **kwargs):
    return default


def _computed(key, default, *args, **kwargs):
    return default() if callable(default) else default


def _delta(key, delta=1, *args, **kwargs):
    return delta


class TolerantRedisCache(RedisCache):
    get = _tolerant("get", _default)
    get_or_set = _tolerant("get_or_set", _computed)
    set = _tolerant("set", lambda *a, **k: None)
    add = _tolerant("add", lambda *a, **k: True)  # as an empty cache would (DummyCache)
    touch = _tolerant("touch", lambda *a, **k: False)
    delete = _tolerant("delete", lambda *a, **k: False)
    has_key = _tolerant("has_key", lambda *a, **k: False)
    incr = _tolerant("incr", _delta)
    decr = _tolerant("decr", lambda key, delta=1, *a, **k: -delta)
    get_many = _tolerant("get_many", lambda *a, **k: {})
    set_many = _tolerant("set_many", lambda data, *a, **k: list(data))
    delete_many = _tolerant("delete_many", lambda *a, **k: None)
    clear = _tolerant("clear", lambda *a, **k: False)
