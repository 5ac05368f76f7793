"""``reverse`` once per URL name, then format: for lists and due sources that build a URL for each
of hundreds of rows (a ``reverse`` costs ~50 µs, a ``str.format`` well under one)."""

from __future__ import annotations

import functools
import uuid

from django.conf import settings
from django.urls import get_script_prefix, reverse

_ANY_PK = str(uuid.UUID(int=0))


def url_pattern(name: str) -> str:
    """The URL of ``name`` for any one object (a URL whose one argument is a UUID) as a
    ``str.format`` pattern: ``url_pattern("contacts:detail").format(pk)`` gives what
    ``reverse("contacts:detail", args=[pk])`` gives. Reverses in ``ROOT_URLCONF``: NetMed sets
    no per-request URLconf."""
    return _pattern(name, get_script_prefix(), settings.ROOT_URLCONF)


@functools.lru_cache(maxsize=256)
def _pattern(name: str, prefix: str, urlconf: str) -> str:
    # Keyed on the script prefix and URLconf too, so a test that overrides either never reads
    # another's URL.
    return reverse(name, args=[_ANY_PK], urlconf=urlconf).replace(_ANY_PK, "{}")


def fixed_url(name: str) -> str:
    """``reverse(name)`` for a URL that takes no arguments, reversed once a process (the event
    page links each person met to the follow-up form)."""
    return _fixed(name, get_script_prefix(), settings.ROOT_URLCONF)


@functools.lru_cache(maxsize=64)
def _fixed(name: str, prefix: str, urlconf: str) -> str:
    return reverse(name, urlconf=urlconf)
