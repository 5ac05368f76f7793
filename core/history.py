"""Change history (django-simple-history) that can be switched off while rows are deleted for good.

A history normally records a deletion (it outlives the row by design). When a doctor deletes a
contact for good, or their account, the history goes too, so recording one "deleted" row per
email, phone and position only to delete it again would cost an INSERT per row for nothing:
inside ``forgetting()`` deletions are not recorded.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from simple_history.models import HistoricalRecords

_forgetting: ContextVar[bool] = ContextVar("history_forgetting", default=False)


@contextmanager
def forgetting() -> Iterator[None]:
    token = _forgetting.set(True)
    try:
        yield
    finally:
        _forgetting.reset(token)


class History(HistoricalRecords):
    def post_delete(self, instance, using=None, **kwargs):
        if not _forgetting.get():
            super().post_delete(instance, using=using, **kwargs)
