"""Faults, against real services: Redis stopped (a second, throwaway redis-server, never the
machine's), a PostgreSQL connection killed. Pages keep working; queued work is kept and sent
once the broker is back."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from contacts.importing.service import stage_import
from contacts.models import Contact, ImportJob
from core import queueing
from core.models import PendingTask
from netmed.celery import app as celery_app
from netmed.embedded import database_url
from tests.factories import PASSWORD

BASE_DIR = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server")

VCARD = b"BEGIN:VCARD\nVERSION:3.0\nFN:Dr Ada Fault\nN:Fault;Ada;;Dr;\nEND:VCARD\n"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ThrowawayRedis:
    """A real redis-server on a spare loopback port, that a test may stop and start."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        self.process.kill()
        self.process.wait()


@pytest.fixture
def redis_server(settings, monkeypatch):
    server = ThrowawayRedis()
    server.start()
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": server.url}}
    monkeypatch.setattr(celery_app.conf, "broker_url", server.url)
    monkeypatch.setattr(celery_app.conf, "task_always_eager", False)
    monkeypatch.setattr(celery_app, "_pool", None, raising=False)
    monkeypatch.setattr(celery_app.amqp, "_producer_pool", None, raising=False)
    yield server
    if server.process.poll() is None:
        server.stop()


@pytest.mark.django_db
def test_pages_and_sign_in_keep_working_with_redis_stopped(client, doctor, redis_server):
    from django.core.cache import cache

    cache.set("probe", 1)
    assert cache.get("probe") == 1  # the cache really is the throwaway server
    redis_server.stop()

    started = time.monotonic()
    response = client.post(reverse("account_login"), {"login": doctor.email, "password": PASSWORD})
    assert response.status_code == 302
    for name in ("dashboard", "contacts:list", "accounts:profile"):
        assert client.get(reverse(name)).status_code == 200, name
    assert time.monotonic() - started < 30


@pytest.mark.django_db(transaction=True)
def test_an_import_confirmed_with_redis_stopped_is_delayed_then_completes(
    doctor_client, doctor, redis_server, monkeypatch
):
    """Autocommit, as in production: the task is published as soon as the view's write commits."""
    job = stage_import(owner=doctor, filename="one.vcf", data=VCARD)
    redis_server.stop()

    response = doctor_client.post(reverse("contacts:import_confirm", args=[job.pk]))
    assert response.status_code == 302
    page = doctor_client.get(response.url)
    assert page.status_code == 200
    assert queueing.DELAYED_MESSAGE in page.content.decode()
    assert PendingTask.objects.filter(name="contacts.tasks.run_import_job").count() == 1

    # The broker is back (here the task runs in-process): the resend completes the import once.
    monkeypatch.setattr(celery_app.conf, "task_always_eager", True)
    assert queueing.resend_pending() == 1
    assert queueing.resend_pending() == 0
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert Contact.objects.for_user(doctor).filter(family_name="Fault").count() == 1


def get_json(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def database_status(url: str) -> tuple[int, str]:
    status, body = get_json(url)
    return status, body["database"]


@pytest.fixture
def gunicorn_on_test_database(transactional_db):
    """A real gunicorn (one sync worker) serving NetMed from the test database."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(connection.settings_dict),
        "DJANGO_DEBUG": "true",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "netmed.wsgi:application", "--workers", "1"]
        + ["--bind", f"127.0.0.1:{port}"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(url + "/floor", timeout=5).close()
            break
        except OSError:
            time.sleep(0.5)
    yield url
    process.terminate()
    process.wait(timeout=30)


@pytest.mark.slow
def test_the_next_request_recovers_after_postgresql_drops_the_servers_connection(
    gunicorn_on_test_database,
):
    """PostgreSQL ends the server's kept connection (as on a restart); with CONN_HEALTH_CHECKS
    the next request notices and reconnects instead of failing."""
    assert connection.settings_dict["CONN_HEALTH_CHECKS"]
    assert connection.settings_dict["CONN_MAX_AGE"] > 0
    url = gunicorn_on_test_database + reverse("healthz")
    assert database_status(url) == (200, "ok")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        assert cursor.fetchone()[0] >= 1  # the server's kept connection is gone
    assert database_status(url) == (200, "ok")


# --- A worker killed mid-task -------------------------------------------------------------------

KILL_ROWS = 3000  # three chunks of the import's write: long enough to be killed in the middle


def many_contacts_csv(rows: int = KILL_ROWS) -> bytes:
    lines = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    lines += [
        f"Ada,Killed {i},https://www.linkedin.com/in/ada-killed-{i},ada{i}@health.example.org,"
        f"Hospital {i % 40},Registrar,01 Jan 2024"
        for i in range(rows)
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


class Worker:
    """A real Celery worker process (prefork, one child) on the throwaway Redis and the test
    database, in its own process group so that a test can kill it with the child it forked."""

    def __init__(self, redis: ThrowawayRedis, cache_prefix: str, email_url: str = ""):
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url(connection.settings_dict),
            "REDIS_URL": redis.url,
            "NETMED_CACHE_PREFIX": cache_prefix,
            "DJANGO_DEBUG": "true",
            "CELERY_TASK_ALWAYS_EAGER": "false",
            # A dead worker's unacknowledged message is handed out again after 1 s, not 15 min.
            "CELERY_VISIBILITY_TIMEOUT": "1",
            **({"EMAIL_URL": email_url} if email_url else {}),
        }
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "netmed", "worker", "--pool", "prefork"]
            + ["--concurrency", "1", "--without-gossip", "--without-mingle"]
            + ["--without-heartbeat", "--loglevel", "WARNING"],
            cwd=BASE_DIR,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def pool_children(self) -> list[int]:
        found = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True
        ).stdout
        return [int(pid) for pid in found.split()]

    def kill(self):
        """SIGKILL the worker and its pool child at once: no chance to acknowledge anything."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.kill()  # the test is over: no need to wait for a warm shutdown


def wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def workers(redis_server, settings):
    prefix = f"kill-{os.getpid()}-{time.monotonic_ns()}"
    settings.CACHES = {"default": {**settings.CACHES["default"], "KEY_PREFIX": prefix}}
    started: list[Worker] = []

    def start(email_url: str = "") -> Worker:
        worker = Worker(redis_server, prefix, email_url)
        worker.start()
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def queued_import_midway(doctor, start_worker) -> tuple[ImportJob, Worker]:
    """An import of KILL_ROWS contacts, queued for real, with a worker part-way through it."""
    from django.core.cache import cache

    from contacts.importing import service

    job = service.stage_import(owner=doctor, filename="big.csv", data=many_contacts_csv())
    worker = start_worker()
    assert service.queue_import(job=job)  # autocommit: published at once
    wait_for(
        lambda: (cache.get(service.progress_key(job.pk)) or 0) >= 1000,
        60,
        "the worker to write its first thousand contacts",
    )
    return job, worker


def assert_imported_exactly_once(doctor, job: ImportJob):
    wait_for(lambda: ImportJob.objects.get(pk=job.pk).is_finished, 60, "the import to finish again")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.failure
    assert job.created_count == KILL_ROWS
    mine = Contact.objects.for_user(doctor)
    assert mine.count() == KILL_ROWS
    assert mine.values("family_name").distinct().count() == KILL_ROWS  # no duplicates
    assert Contact.history.filter(owner=doctor).count() == KILL_ROWS  # one entry each, once


def assert_nothing_half_written(doctor, job: ImportJob):
    job.refresh_from_db()
    assert job.status == ImportJob.Status.QUEUED
    assert not Contact.objects.for_user(doctor).exists()
    assert not Contact.history.filter(owner=doctor).exists()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_import_is_followed_by_a_new_worker_that_imports_exactly_once(
    doctor, workers
):
    """SIGKILL the whole worker (as when its machine or container dies) in the middle of the
    import's one transaction: nothing is written, the message was never acknowledged, and the
    next worker to start is handed it again and completes the import once."""
    job, worker = queued_import_midway(doctor, workers)
    worker.kill()
    assert_nothing_half_written(doctor, job)

    time.sleep(1.1)  # the visibility timeout (1 s here, 15 min in production) runs out
    workers()
    assert_imported_exactly_once(doctor, job)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_pool_process_killed_mid_import_is_retried_by_its_worker_exactly_once(doctor, workers):
    """SIGKILL only the pool process running the task (as the kernel's OOM killer does): with
    ``task_reject_on_worker_lost`` the worker puts the message back at once, instead of
    acknowledging it as failed, and its next pool process completes the import once."""
    job, worker = queued_import_midway(doctor, workers)
    (child,) = worker.pool_children()
    os.kill(child, signal.SIGKILL)
    assert_imported_exactly_once(doctor, job)


class SlowInbox:
    """An SMTP server's handler that holds each recipient for ``delay`` seconds before accepting
    it, so a worker can be caught waiting on the server between two delivered digests."""

    def __init__(self):
        self.delay = 1.0
        self.recipients_asked = 0
        self.messages: list[tuple[str, ...]] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        import asyncio

        self.recipients_asked += 1
        await asyncio.sleep(self.delay)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(tuple(envelope.rcpt_tos))
        return "250 Message accepted for delivery"


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_digest_run_loses_no_digest_and_sends_none_twice(workers):
    """SIGKILL the worker while it waits on the mail server with two of six digests sent: the
    two are marked sent, the other four stay claimed; once their lease has run out the next
    dispatcher pass (on a new worker) sends those four, and nobody gets a digest twice."""
    import datetime as dt
    import zoneinfo

    from aiosmtpd.controller import Controller

    from reminders import digest
    from reminders.models import DigestRecord, DigestStatus
    from reminders.tasks import dispatch_digests, send_digest_batch
    from tests import factories

    at = dt.datetime(2026, 11, 30, 7, 0, tzinfo=zoneinfo.ZoneInfo("Australia/Sydney"))
    doctors = [
        factories.UserFactory(digest_frequency="daily", digest_hour=7, timezone="Australia/Sydney")
        for _ in range(6)
    ]
    for doctor in doctors:
        factories.FollowUpFactory(owner=doctor, due_on=at.date())
    inbox = SlowInbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    try:
        first = workers(email_url=f"smtp://127.0.0.1:{smtp.port}")
        send_digest_batch.delay([d.pk for d in doctors], at.isoformat())
        wait_for(lambda: inbox.recipients_asked >= 3, 60, "the third digest to be under way")
        first.kill()
        inbox.delay = 0
        assert len(inbox.messages) == 2
        records = DigestRecord.objects.all()
        assert sorted(r.status for r in records) == ["claimed"] * 4 + ["sent"] * 2

        workers(email_url=f"smtp://127.0.0.1:{smtp.port}")
        later = at + digest.LEASE + dt.timedelta(minutes=1)
        dispatch_digests.delay(later.isoformat())
        wait_for(
            lambda: not records.exclude(status=DigestStatus.SENT).exists(),
            60,
            "every digest to be sent",
        )
    finally:
        smtp.stop()
    delivered = sorted(r for rcpts in inbox.messages for r in rcpts)
    assert delivered == sorted(d.email for d in doctors)  # each doctor once
