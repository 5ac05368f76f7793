"""Reminders figures (issue 6): the digest dispatcher, sending through SMTP, and the dashboard.

Runs on the ``fleet`` scenario (``bench/seed.py``; built here if it is not): 10,000 doctors with
200 contacts each, a fifth of them with something due, every doctor taking a daily digest at 7
local time (also when nothing is due) in one of eight Australian and New Zealand time zones.

1. **Dispatch + build**: one dispatcher pass as ``manage.py send_digests`` runs it
   (``digest.run_pass(at, send=False)``: find who is due, claim, evaluate every due source per
   batch, build each digest's HTML with CSS inlined, plain text, signed links and the MIME
   message's bytes, mark) with this process pinned to one core. Target: under 30 s on one core
   excluding SMTP, so the figure is this process's CPU time plus its PostgreSQL backend's CPU
   time (``/proc/<pid>/stat``); the wall time, which carries the machine's load, is shown too.
   Queries are counted: they must grow per batch, not per doctor.
2. **Send**: every digest again, this time through a real SMTP server (``aiosmtpd`` on loopback
   with a handler that counts messages) by two Celery worker processes (``celery worker
   --concurrency 2``) on ``REDIS_URL``: the beat task ``dispatch_digests`` queues the batches and
   the clock stops when the server has accepted every message. Target: under 120 s.
3. **Dashboard** of a doctor with 10,000 contacts (seeded here), p95 server time under 100 ms.

    DATABASE_URL=... python -m bench.digest
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netmed.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")

SCENARIO = "fleet"
DASHBOARD_CONTACTS = 10_000
# 23:30 UTC is 07:30 in Perth and 12:30 in Auckland: every fleet doctor's 7 o'clock has come.
DISPATCH_TIME = dt.time(23, 30, tzinfo=dt.UTC)
SEND_TIMEOUT = 900  # seconds; the target is 120
COMMAND = "DATABASE_URL=… python -m bench.digest"
ROOT = Path(__file__).resolve().parent.parent


def _load() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def _proc_cpu(pid: int) -> float | None:
    """User + system CPU seconds of a process on this machine, or None if it cannot be read
    (PostgreSQL on another host)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _backend_pid() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _at() -> dt.datetime:
    return dt.datetime.combine(dt.datetime.now(dt.UTC).date(), DISPATCH_TIME)


def _forget_digests() -> None:
    """Delete the bench doctors' digest records, so the pass claims every digest again."""
    from reminders.models import DigestRecord

    DigestRecord.objects.filter(user__email__startswith="bench-").delete()


class _QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def dispatcher_figures() -> list[dict]:
    from django.db import connection

    from bench.seed import ensure
    from reminders import digest, due

    ensure(SCENARIO, log=lambda message: print(f"  {message}", file=sys.stderr))
    at = _at()
    _forget_digests()
    backend = _backend_pid()
    affinity = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(affinity)})  # one core, as `taskset -c 0` would
    counter = _QueryCounter()
    try:
        with connection.execute_wrapper(counter):
            pg_cpu, cpu = _proc_cpu(backend), time.process_time()
            started = time.perf_counter()
            result = digest.run_pass(at, send=False)
            elapsed = time.perf_counter() - started
            cpu = time.process_time() - cpu
            pg_after = _proc_cpu(backend)
    finally:
        os.sched_setaffinity(0, affinity)
    pg_cpu = None if pg_cpu is None or pg_after is None else pg_after - pg_cpu
    total = cpu + (pg_cpu or 0)
    batches = -(-result.candidates // digest.BATCH_SIZE)
    # Per batch: users, their periods, claim, re-claim, one query per due source, the
    # keep-in-touch tally of items not listed, mark built (as tests/reminders/test_digest.py).
    per_batch = 6 + len(due.sources())
    fixed = 20  # the pass's own: who is due now, in which time zones
    print(f"  {result}", file=sys.stderr)
    built = result.sent + result.skipped
    pg = f" + {pg_cpu:.1f} s PostgreSQL = {total:.1f} s CPU" if pg_cpu is not None else " CPU"
    return [
        {
            "figure": "digest dispatch + build, every digest [fleet] (one core, excl. SMTP)",
            "target": "< 30 s",
            "measured": f"{built:,} digests: {cpu:.1f} s Python{pg}; {elapsed:.1f} s wall "
            f"({_load()})",
            "met": total < 30 and result.failed == 0 and built >= result.candidates,
            "command": COMMAND,
        },
        {
            "figure": "digest dispatch queries [fleet]",
            "target": f"grows per batch, not per doctor (≤ {per_batch} per batch)",
            "measured": f"{counter.count} for {batches} batches of {digest.BATCH_SIZE} "
            f"({counter.count / max(batches, 1):.1f} per batch)",
            "met": counter.count <= per_batch * batches + fixed,
            "command": COMMAND,
        },
    ]


# --- sending through SMTP with two workers -----------------------------------------------------
class _Sink:
    """An aiosmtpd handler that accepts and counts messages (and keeps nothing)."""

    def __init__(self) -> None:
        self.count = 0
        self.bytes = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            self.bytes += len(envelope.content)
        return "250 Message accepted for delivery"


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_workers(smtp_port: int, log_path: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "netmed",
        "worker",
        "--concurrency",
        "2",
        "--pool",
        "prefork",
        "--without-heartbeat",
        "--without-gossip",
        "--without-mingle",
        "--loglevel",
        "WARNING",
        "--hostname",
        f"bench-digest-{os.getpid()}@%h",
    ]
    log = log_path.open("w")
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def _wait_ready(app, name_prefix: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        replies = app.control.ping(timeout=1.0) or []
        if any(name.startswith(name_prefix) for reply in replies for name in reply):
            return
        time.sleep(0.5)
    raise RuntimeError("the Celery workers did not start")


def send_figures() -> list[dict]:
    from aiosmtpd.controller import Controller
    from django.db.models import Count

    from netmed.celery import app
    from reminders import digest, tasks
    from reminders.models import DigestRecord, DigestStatus

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every session
    at = _at()
    sink = _Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=_free_port())
    controller.start()
    log_path = ROOT / "bench" / "results" / "digest-workers.log"
    log_path.parent.mkdir(exist_ok=True)
    app.control.purge()  # tasks left by an interrupted run
    _forget_digests()
    due_ids = digest.candidates(at)
    records = DigestRecord.objects.filter(user_id__in=due_ids)
    workers = _start_workers(controller.port, log_path)
    try:
        _wait_ready(app, f"bench-digest-{os.getpid()}@")
        started = time.perf_counter()
        tasks.dispatch_digests(at.isoformat())
        deadline = started + SEND_TIMEOUT
        # Done when every due doctor's record is final (sent, skipped as empty, or failed).
        while time.perf_counter() < deadline:
            if workers.poll() is not None:
                raise RuntimeError(f"the workers exited ({workers.returncode}); see {log_path}")
            if records.exclude(status=DigestStatus.CLAIMED).count() >= len(due_ids):
                break
            time.sleep(0.25)
        elapsed = time.perf_counter() - started
        outcome = dict(records.values_list("status").annotate(n=Count("pk")))
    finally:
        workers.terminate()
        try:
            workers.wait(30)
        except subprocess.TimeoutExpired:
            workers.kill()
            workers.wait()
        controller.stop()
        app.control.purge()
    sent, failed = outcome.get(DigestStatus.SENT, 0), outcome.get(DigestStatus.FAILED, 0)
    print(f"  {sink.count} messages, {sink.bytes / 1e6:.0f} MB, {outcome}", file=sys.stderr)
    return [
        {
            "figure": "digest send to a local aiosmtpd, 2 workers [fleet]",
            "target": "< 120 s",
            "measured": (
                f"{elapsed:.1f} s wall for {sink.count:,} messages "
                f"({sink.count / elapsed:.0f}/s, {sink.bytes / max(sink.count, 1) / 1024:.0f} KB "
                f"each), {sent:,} marked sent, {failed} failed ({_load()})"
            ),
            "met": elapsed < 120 and failed == 0 and sink.count >= sent > 0,
            "command": COMMAND,
        }
    ]


# --- the dashboard -----------------------------------------------------------------------------
def _contacts_for(owner, count: int, today: dt.date):
    from contacts.models import Contact

    for i in range(count):
        due = i % 5 == 0
        yield Contact(
            owner=owner,
            given_name=f"Given{i}",
            family_name=f"Family{i}",
            cadence_days=30 if due else None,
            last_interaction_at=today - dt.timedelta(days=40 if due else 10),
        )


def _seed_dashboard_doctor(today: dt.date):
    from accounts.models import User
    from contacts import due_dates, organisation_counts
    from contacts.models import Contact, Organisation, Position

    user, _ = User.objects.get_or_create(
        email="bench-dashboard@netmed.local",
        defaults={"display_name": "Bench", "digest_frequency": "off"},
    )
    if Contact.objects.filter(owner=user).count() < DASHBOARD_CONTACTS:
        contacts = Contact.objects.bulk_create(
            _contacts_for(user, DASHBOARD_CONTACTS, today), batch_size=5000
        )
        orgs = Organisation.objects.bulk_create(
            Organisation(owner=user, name=f"Bench Hospital {i}") for i in range(40)
        )
        Position.objects.bulk_create(
            (Position(contact=c, organisation=orgs[i % 40]) for i, c in enumerate(contacts)),
            batch_size=5000,
        )
        # Date keeping in touch (Contact.next_due_on) and count each organisation's people, as
        # the contact services do after writing.
        due_dates.refresh(owner_ids=[user.pk])
        organisation_counts.refresh_all([user.pk])
    return user


def dashboard_figures(runs: int = 30) -> list[dict]:
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    settings.ALLOWED_HOSTS = ["*"]
    user = _seed_dashboard_doctor(dt.date.today())
    client = Client()
    client.force_login(user)
    url = reverse("dashboard")
    for _ in range(3):
        client.get(url)
    times = []
    for _ in range(runs):
        response = client.get(url)
        times.append(float(response["Server-Timing"].split("dur=")[1].split(";")[0]))
    return [
        {
            "figure": f"dashboard, {DASHBOARD_CONTACTS:,} contacts (2,000 due), p50 / p95",
            "target": "p95 < 100 ms",
            "measured": f"{statistics.median(times):.0f} ms / {p95(times):.0f} ms ({_load()})",
            "met": p95(times) < 100,
            "command": COMMAND,
        }
    ]


def run() -> list[dict]:
    from django.apps import apps

    from bench.seed import setup_django

    if not apps.ready:
        setup_django()
    return dashboard_figures() + dispatcher_figures() + send_figures()


if __name__ == "__main__":
    for row in run():
        print(f"{row['figure']}: {row['measured']} (target {row['target']}, met: {row['met']})")
