"""Exactly once, with real concurrency: threads with their own PostgreSQL connections run the
dispatcher at the same moment against the same doctors."""

import datetime as dt
import threading
import uuid
import zoneinfo
from collections import Counter

import pytest
from django.core import mail
from django.db import connection

from reminders import digest
from reminders.models import DigestRecord, DigestStatus
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)
AT = dt.datetime(2026, 11, 30, 7, 0, tzinfo=zoneinfo.ZoneInfo("Australia/Sydney"))


def doctors(n: int) -> list:
    users = factories.UserFactory.create_batch(
        n, digest_frequency="daily", digest_hour=7, timezone="Australia/Sydney"
    )
    for user in users:
        factories.FollowUpFactory(owner=user, due_on=AT.date())
    return users


def run_together(count: int, work) -> list:
    barrier = threading.Barrier(count)
    results, errors = [], []

    def worker():
        try:
            barrier.wait(timeout=30)
            results.append(work())
        except Exception as error:  # noqa: BLE001 - surfaced below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results


def test_two_dispatchers_running_at_once_send_one_digest_per_doctor():
    users = doctors(12)

    results = run_together(2, lambda: digest.run_pass(AT, batch_size=4))

    sent_to = Counter(message.to[0] for message in mail.outbox)
    assert sent_to == Counter({user.email: 1 for user in users})
    assert sum(r.claimed for r in results) == 12
    assert set(DigestRecord.objects.values_list("status", flat=True)) == {DigestStatus.SENT}


def test_racing_re_claims_of_a_dead_workers_digest_send_it_once():
    users = doctors(6)
    dead_worker = uuid.uuid4()
    digest._claim({u.pk: "daily:2026-11-30" for u in users}, AT, dead_worker)
    later = AT + digest.LEASE + dt.timedelta(minutes=1)

    results = run_together(3, lambda: digest.run_pass(later, batch_size=2))

    assert sum(r.sent for r in results) == 6
    assert len(mail.outbox) == 6
    assert set(DigestRecord.objects.values_list("attempts", flat=True)) == {2}
