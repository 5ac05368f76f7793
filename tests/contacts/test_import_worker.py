"""One import end to end through the real Redis broker and a real Celery worker."""

import time
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connection, transaction

from contacts.importing import service
from contacts.models import Contact, ImportJob
from netmed.celery import app as celery_app
from tests import factories
from tests.celery_workers import only_worker_on_the_broker

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module", autouse=True)
def restore_database_afterwards(django_db_setup, django_db_blocker):
    """Put back what the migrations loaded (the vocabulary), which the flush after a
    transactional test removes, so later tests find the database as they expect."""
    yield
    with django_db_blocker.unblock():
        connection.creation.deserialize_db_from_string(connection._test_serialized_contents)


# transaction=True: the worker runs in its own thread with its own database connection, so it
# sees only committed rows, and queue_import's on_commit hook must really fire.
# serialized_rollback=True: start from the migrated data even if an earlier transactional test
# flushed it (and have pytest-django keep a serialized copy for the fixture above).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_imports_a_confirmed_file_exactly_once():
    doctor = factories.UserFactory()
    job = service.stage_import(
        owner=doctor, filename="c.vcf", data=(FIXTURES / "cards_mixed.vcf").read_bytes()
    )
    with (
        only_worker_on_the_broker(),
        start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=20),
    ):
        with transaction.atomic():
            service.queue_import(job=job)
            service.queue_import(job=job)  # a double-click queues nothing more
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.is_finished:
                break
            time.sleep(0.2)
    assert job.status == ImportJob.Status.DONE, job.failure
    assert job.created_count == 2
    assert Contact.objects.for_user(doctor).count() == 2
