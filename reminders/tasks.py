"""Digest tasks: beat runs ``dispatch_digests`` every 5 minutes; it queues batches of user ids."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import digest
from .models import DispatcherRun


@shared_task
def dispatch_digests(at: str | None = None) -> int:
    """Find the doctors whose digest time has come and queue their batches. Safe to run twice
    (or from two beat processes): each batch claims its digests in PostgreSQL before sending."""
    now = dt.datetime.fromisoformat(at) if at else timezone.now()
    with transaction.atomic():
        run = DispatcherRun.objects.create(started_at=timezone.now(), as_of=now)
        ids = digest.candidates(now)
        DispatcherRun.objects.filter(pk=run.pk).update(
            candidates=len(ids), finished_at=timezone.now()
        )
        for start in range(0, len(ids), digest.BATCH_SIZE):
            batch = ids[start : start + digest.BATCH_SIZE]
            transaction.on_commit(
                lambda batch=batch: send_digest_batch.delay(batch, now.isoformat(), run.pk)
            )
    return len(ids)


@shared_task(acks_late=True)
def send_digest_batch(user_ids: list[int], at: str, run_id: int | None = None) -> int:
    """Claim, build and send these doctors' digests. A lost or repeated task is harmless: the
    next dispatcher pass finds unclaimed or stale-claimed doctors again."""
    result = digest.send_batch(user_ids, dt.datetime.fromisoformat(at))
    if run_id:
        DispatcherRun.objects.filter(pk=run_id).update(
            claimed=F("claimed") + result.claimed,
            sent=F("sent") + result.sent,
            skipped=F("skipped") + result.skipped,
            failed=F("failed") + result.failed,
        )
    return result.sent
