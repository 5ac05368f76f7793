"""What a web process does before and while it warms up (core/startup.py)."""

import gc

import pytest
from django.core.signals import request_started

from core.startup import WarmUpFreezer


@pytest.fixture
def unfrozen():
    """Whatever a test freezes goes back into the collector's generations afterwards."""
    gc.unfreeze()
    yield
    gc.unfreeze()


def _receivers() -> list:
    # (lookup key, receiver, …): a receiver connected with weak=False is held as itself
    return [entry[1] for entry in request_started.receivers]


def _collectable(obj) -> bool:
    """Whether the collector walks ``obj`` (frozen objects are not among its generations)."""
    return any(tracked is obj for tracked in gc.get_objects())


def test_the_warm_up_freezer_freezes_only_at_the_requests_of_its_schedule(unfrozen):
    freezer = WarmUpFreezer(schedule=(2, 4))
    built_while_warming = [[n] for n in range(3)]  # lists: always tracked
    freezer()
    assert _collectable(built_while_warming)
    freezer()
    assert not _collectable(built_while_warming)
    more = [[n] for n in range(3)]
    freezer()
    assert _collectable(more)
    freezer()
    assert not _collectable(more)


def test_the_warm_up_freezer_listens_for_requests_until_its_last_freeze(unfrozen):
    freezer = WarmUpFreezer(schedule=(1, 2)).connect()
    # called as request_started calls it: the signal's other receivers use the database
    try:
        assert freezer in _receivers()
        freezer(sender=None, environ={})
        assert freezer in _receivers()
        freezer(sender=None, environ={})
        assert freezer not in _receivers()
        assert freezer.requests == 2
    finally:
        request_started.disconnect(dispatch_uid=WarmUpFreezer.UID)


def test_the_web_process_freezes_its_warm_up_at_doubling_request_counts_then_stops():
    schedule = WarmUpFreezer().schedule
    assert min(schedule) >= 16 and max(schedule) <= 4096
    assert all(n * 2 in schedule for n in schedule if n < 4096)
