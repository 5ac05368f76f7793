"""Tests that start a Celery worker thread on the shared broker take turns.

Every worker consumes the one broker queue, whichever xdist worker (and test database) started
it; two at once took each other's tasks, and a test's import never finished."""

import fcntl
import hashlib
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings


@contextmanager
def only_worker_on_the_broker() -> Iterator[None]:
    """Hold the machine-wide turn for this broker (a file lock) while the block runs."""
    key = hashlib.sha256(settings.CELERY_BROKER_URL.encode()).hexdigest()[:12]
    lock = Path(tempfile.gettempdir()) / f"netmed-celery-worker-{key}.lock"
    with lock.open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        yield
