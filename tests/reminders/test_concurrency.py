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


@pytest.fixture(autouse=True)
def committed_db(django_db_setup, django_db_blocker):
    """Real commits that other connections see, without ``transaction=True``'s flush at the end
    (which would also empty the vocabulary the migrations loaded for the tests that follow):
    this test's own rows are deleted instead."""
    from accounts.models import User
    from reminders.models import DispatcherRun

    with django_db_blocker.unblock():
        users_before = set(User.objects.values_list("pk", flat=True))
        runs_before = set(DispatcherRun.objects.values_list("pk", flat=True))
        yield
        User.objects.exclude(pk__in=users_before).delete()
        DispatcherRun.objects.exclude(pk__in=runs_before).delete()


AT = dt.datetime(2026, 11, 30, 7, 0, tzinfo=zoneinfo.ZoneInfo("Australia/Sydney"))


@pytest.fixture(autouse=True)
def at_the_digest_hour(clock):
    """Digests are sent at a doctor's hour: the clock starts at AT, so what the
    factories make "now" (cadences, claims, leases) lines up with the period being sent."""
    clock.move_to(AT)


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
    statuses = DigestRecord.objects.filter(user__in=users).values_list("status", flat=True)
    assert set(statuses) == {DigestStatus.SENT}


def test_racing_re_claims_of_a_dead_workers_digest_send_it_once():
    users = doctors(6)
    dead_worker = uuid.uuid4()
    digest._claim({u.pk: "daily:2026-11-30" for u in users}, AT, dead_worker)
    later = AT + digest.LEASE + dt.timedelta(minutes=1)

    results = run_together(3, lambda: digest.run_pass(later, batch_size=2))

    assert sum(r.sent for r in results) == 6
    assert len(mail.outbox) == 6
    attempts = DigestRecord.objects.filter(user__in=users).values_list("attempts", flat=True)
    assert set(attempts) == {2}
