import functools

import pytest
from radicale.app import Application

from sync import dav


@functools.cache
def application_without_login_delay() -> Application:
    """The DAV server as configured, except that a refused login answers at once: production
    waits half a second on each (Radicale's brute-force delay), which made the DAV tenancy walk,
    seventy refusals, sleep for 35 s. tests/sync/test_dav.py proves the delay is there."""
    configuration = dav._configuration()
    configuration.update({"auth": {"delay": "0"}}, "tests", privileged=True)
    return Application(configuration)


@pytest.fixture(autouse=True)
def no_login_delay(monkeypatch):
    monkeypatch.setattr(dav, "_application", application_without_login_delay())
