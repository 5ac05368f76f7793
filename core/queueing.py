"""Queue a background task after the transaction commits, and survive a broker that is down.

``enqueue_on_commit(task, *args)`` is the one way views and services queue work. If Redis does
not answer (bounded by the broker timeouts in settings), the task is kept as a ``PendingTask``
row, resent by ``core.tasks.resend_pending_tasks`` once the broker is back, and
``QueueDelayMiddleware`` tells the doctor the work is delayed, instead of a 500.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar

from django.db import transaction

logger = logging.getLogger(__name__)
_delayed: ContextVar[list[str] | None] = ContextVar("netmed_delayed_tasks", default=None)
DELAYED_MESSAGE = (
    "Saved. The background service is not answering right now, so this work will start a few "
    "minutes late, by itself."
)


def send(name: str, args: list) -> None:
    """Hand a task to the broker now (raises if the broker is down); eager mode runs it here."""
    from netmed.celery import app

    app.tasks[name].apply_async(args=args)


def enqueue_on_commit(task, *args) -> None:
    """Queue ``task(*args)`` once the current transaction commits (at once outside one)."""
    name, arguments = task.name, [str(a) if not isinstance(a, int | float) else a for a in args]

    def publish():
        try:
            send(name, arguments)
        except Exception as error:  # kombu/redis raise several kinds for a broker that is down
            from .models import PendingTask

            logger.warning("Broker unavailable, keeping %s for later: %s", name, error)
            PendingTask.objects.create(name=name, args=arguments, last_error=str(error)[:500])
            delayed = _delayed.get()
            if delayed is not None:
                delayed.append(name)

    transaction.on_commit(publish)


def resend_pending() -> int:
    """Send every pending task again; those the broker takes are removed. Safe to run twice."""
    from .models import PendingTask

    sent = 0
    for pending in PendingTask.objects.all()[:500]:
        try:
            send(pending.name, pending.args)
        except Exception as error:
            PendingTask.objects.filter(pk=pending.pk).update(last_error=str(error)[:500])
            break
        PendingTask.objects.filter(pk=pending.pk).delete()
        sent += 1
    return sent


class QueueDelayMiddleware:
    """Tells the doctor when work they asked for could not be queued yet."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _delayed.set([])
        try:
            response = self.get_response(request)
            if _delayed.get() and hasattr(request, "_messages"):
                from django.contrib import messages

                messages.warning(request, DELAYED_MESSAGE)
            return response
        finally:
            _delayed.reset(token)
