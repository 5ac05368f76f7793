"""What a web process does once it has loaded, before it serves requests."""

from __future__ import annotations

import gc

from django.core.signals import request_started

# The requests before which a warming process collects and freezes what it has built since the
# last freeze: doubling, so the few collections it costs happen early and then stop.
REFREEZE_AT = tuple(2**n for n in range(4, 13))  # 16, 32, … 4096


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


class WarmUpFreezer:
    """A ``request_started`` receiver that freezes, at the start of requests ``REFREEZE_AT``,
    what the process has built while warming up.

    The first requests to each page compile its templates and fill the URL resolver's, the form
    renderer's and the vocabularies' caches: some 40,000 objects that live as long as the
    process but are made after ``freeze_startup_heap``. Each full collection walked them all
    (7-20 ms, about one request in 160), which set the 95th percentile of whichever page it
    landed on. Freezing them too brings a full collection to ~1.5 ms. The collection runs before
    the request is read, when the previous request's objects are gone, so no request's
    garbage is frozen with the caches."""

    UID = "core.startup.WarmUpFreezer"

    def __init__(self, schedule: tuple[int, ...] = REFREEZE_AT) -> None:
        self.schedule = frozenset(schedule)
        self.last = max(schedule)
        self.requests = 0

    def __call__(self, **kwargs) -> None:
        self.requests += 1
        if self.requests in self.schedule:
            gc.collect()
            gc.freeze()
        if self.requests >= self.last:
            request_started.disconnect(dispatch_uid=self.UID)

    def connect(self) -> WarmUpFreezer:
        request_started.connect(self, weak=False, dispatch_uid=self.UID)
        return self
