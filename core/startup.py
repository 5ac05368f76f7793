"""What a web process does once it has loaded, before it serves requests."""

from __future__ import annotations

import gc


def freeze_startup_heap() -> None:
    """Load the URLconf (and with it every view, form and filter module), then move everything
    loaded so far out of the garbage collector's reach.

    Django and its libraries leave a few hundred thousand long-lived objects, and each full
    (generation 2) collection walks all of them: measured at 65-85 ms, it landed on about one
    request in forty and set the 95th percentile of search as you type (docs/performance.md).
    ``gc.freeze`` (Python 3.7+) parks them in a permanent generation that collections skip; they
    live as long as the process anyway. Objects made while serving requests are collected as
    before."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imported for its side effect: the views load now
    gc.collect()  # nothing collectable is frozen with the rest
    gc.freeze()
