"""Scale-out: two web nodes and two Celery workers on one database and Redis, 50 doctors for 60 s.

    python -m bench.scale_out [--users 50] [--seconds 60] [--web-workers 1] [--tasks-per-second 2]
                              [--pgbouncer /usr/sbin/pgbouncer]

The topology of docs/scaling.md, on one machine: two gunicorn servers (each its own master and
``--web-workers`` sync workers, default 1, so the two nodes together have the two workers that
``bench.load`` gives one server) on separate loopback ports, and two Celery workers (concurrency 1,
each its own node name), all against one ``DATABASE_URL`` and one ``REDIS_URL`` with production
settings. The load is ``bench.load``'s: the ``doctor`` scenario, one signed-in session per simulated
doctor, locust headless with ``bench/locust/doctor.py``, its users spread evenly over the two ports
(``NETMED_LOAD_HOSTS``). Logging an interaction queues no task, so while the users browse this
process publishes the beat's frequent, harmless tasks (``core.tasks.resend_pending_tasks``,
``contacts.tasks.forget_abandoned_import_previews``) at ``--tasks-per-second`` through the shared
broker, and counts how many each worker ran. Prints req/s, p50/p95/p99, errors, the tasks each
worker ran and the load average before and after.

With ``--pgbouncer BINARY`` the four processes reach PostgreSQL through a PgBouncer started here
in transaction mode on a free loopback port (its own configuration in a temporary folder, started
and stopped by its pid), with ``DJANGO_DB_PGBOUNCER=true`` as in docker-compose.yml; what the app
cannot send through it (jit off, the statement timeout) PgBouncer sets on each server connection
with ``connect_query``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
COMMAND = "python -m bench.scale_out"
TASKS = ("core.tasks.resend_pending_tasks", "contacts.tasks.forget_abandoned_import_previews")


class CeleryWorker:
    """``celery worker`` (concurrency 1) under its own node name, logging to a file; stopped by
    its own pid (a warm shutdown, then a kill after 30 s)."""

    def __init__(self, env: dict[str, str], name: str, log: Path) -> None:
        self.env, self.name, self.log = env, name, log
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> CeleryWorker:
        handle = self.log.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "netmed", "worker", "--concurrency", "1"]
            + ["--hostname", f"{self.name}@%h", "--loglevel", "INFO"]
            + ["--without-gossip", "--without-mingle"],
            cwd=ROOT,
            env=self.env,
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"celery worker {self.name} exited: {self.log.read_text()}")
            if " ready." in self.log.read_text():
                return self
            time.sleep(0.5)
        self.__exit__()
        raise RuntimeError(f"celery worker {self.name} not ready within 90 s")

    def __exit__(self, *_) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def tasks_run(self) -> int:
        return len(re.findall(r"Task \S+\[[^\]]+\] succeeded", self.log.read_text()))


class PgBouncer:
    """PgBouncer in transaction mode in front of ``database_url``'s server, on a free loopback
    port; ``url`` is the same database through it. Clients on loopback are trusted (as the
    bench's PostgreSQL trusts them)."""

    def __init__(self, binary: str, database_url: str, folder: Path, pool_size: int = 10) -> None:
        from bench.pages import _free_port

        self.binary, self.folder, self.pool_size = binary, folder, pool_size
        self.server = urlsplit(database_url)
        self.port = _free_port()
        self.name = self.server.path.lstrip("/")
        user = self.server.username or "postgres"
        self.url = f"postgres://{user}@127.0.0.1:{self.port}/{self.name}"
        self.process: subprocess.Popen | None = None

    def config(self) -> str:
        # What netmed/settings.py sends as startup options on a direct connection, set on each
        # server connection instead (PgBouncer refuses the options).
        connect = "SET jit = off; SET statement_timeout = 15000"
        host = self.server.hostname or "127.0.0.1"
        return "\n".join(
            [
                "[databases]",
                f"{self.name} = host={host} port={self.server.port or 5432} dbname={self.name} "
                f"connect_query='{connect}'",
                "[pgbouncer]",
                "listen_addr = 127.0.0.1",
                f"listen_port = {self.port}",
                "unix_socket_dir =",
                "auth_type = trust",
                f"auth_file = {self.folder / 'userlist.txt'}",
                "pool_mode = transaction",
                "max_client_conn = 500",
                f"default_pool_size = {self.pool_size}",
                "ignore_startup_parameters = extra_float_digits",
                # PgBouncer will not run as root: it drops to this user after reading its files.
                *(["user = nobody"] if os.geteuid() == 0 else []),
                "",
            ]
        )

    def __enter__(self) -> PgBouncer:
        self.folder.chmod(0o755)
        user = self.server.username or "postgres"
        (self.folder / "userlist.txt").write_text(f'"{user}" ""\n')
        ini = self.folder / "pgbouncer.ini"
        ini.write_text(self.config())
        self.log = (self.folder / "pgbouncer.log").open("w")
        self.process = subprocess.Popen(
            [self.binary, str(ini)], stdout=self.log, stderr=subprocess.STDOUT
        )
        import psycopg

        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError((self.folder / "pgbouncer.log").read_text())
            try:
                with psycopg.connect(self.url, connect_timeout=2) as connection:
                    connection.execute("SELECT 1")
                return self
            except psycopg.OperationalError:
                time.sleep(0.3)
        self.__exit__()
        raise RuntimeError("PgBouncer did not answer within 30 s")

    def __exit__(self, *_) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


def publish_tasks(per_second: float, stop: threading.Event) -> int:
    """Queue the beat's frequent tasks through the broker until ``stop``; how many were sent."""
    from netmed.celery import app

    sent, period = 0, 1 / per_second if per_second > 0 else None
    while period and not stop.wait(period):
        app.send_task(TASKS[sent % len(TASKS)])
        sent += 1
    return sent


def measure(
    users: int = 50,
    seconds: int = 60,
    web_workers: int = 1,
    tasks_per_second: float = 2.0,
    pgbouncer: str = "",
    log=print,
) -> list[dict]:
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(48))
    from bench.load import SCENARIO, sessions, summarise
    from bench.pages import Gunicorn, load_average, server_env
    from bench.seed import ensure, setup_django

    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    secret = settings.SECRET_KEY  # the sessions are signed with it (bench.load.measure)

    call_command("migrate", verbosity=0)
    ensure(SCENARIO, log=log)
    env = {**server_env(secret), "CELERY_TASK_ALWAYS_EAGER": "false"}
    with tempfile.TemporaryDirectory(prefix="netmed-scale-") as folder, ExitStack() as stack:
        folder = Path(folder)
        if pgbouncer:
            bouncer = stack.enter_context(PgBouncer(pgbouncer, os.environ["DATABASE_URL"], folder))
            env.update(DATABASE_URL=bouncer.url, DJANGO_DB_PGBOUNCER="true", DJANGO_DB_POOL="false")
            log(f"PgBouncer (transaction mode) on {bouncer.url}")
        session_file = folder / "sessions.json"
        session_file.write_text(json.dumps(sessions(users)))
        webs = [stack.enter_context(Gunicorn(env, workers=web_workers)) for _ in range(2)]
        workers = [
            stack.enter_context(CeleryWorker(env, f"scale{n}", folder / f"worker{n}.log"))
            for n in (1, 2)
        ]
        hosts = ",".join(web.base for web in webs)
        load_before = load_average()
        log(f"load average before: {load_before}")
        log(f"locust: {users} users for {seconds} s against {hosts}")
        stop, sent = threading.Event(), []
        publisher = threading.Thread(
            target=lambda: sent.append(publish_tasks(tasks_per_second, stop)), daemon=True
        )
        publisher.start()
        subprocess.run(
            [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locust" / "doctor.py")]
            + ["--headless", "--users", str(users), "--spawn-rate", str(users)]
            + ["--run-time", f"{seconds}s", "--host", webs[0].base, "--only-summary"]
            + ["--csv", str(folder / "load"), "--loglevel", "WARNING"],
            cwd=ROOT,
            env={
                **os.environ,
                "NETMED_LOAD_SESSIONS": str(session_file),
                "NETMED_LOAD_HOSTS": hosts,
            },
            check=False,
        )
        stop.set()
        publisher.join(timeout=10)
        load_after = load_average()
        log(f"load average after: {load_after}")
        time.sleep(3)  # let the workers finish what is queued
        rows = summarise(folder / "load_stats.csv", users, seconds)
        ran = [worker.tasks_run() for worker in workers]
    command = (
        f"{COMMAND} --users {users} --seconds {seconds} --web-workers {web_workers} "
        f"--tasks-per-second {tasks_per_second:g}"
    ) + (f" --pgbouncer {pgbouncer}" if pgbouncer else "")
    rows[0]["figure"] = (
        f"scale-out throughput, {users} users for {seconds} s "
        f"(2 web nodes × {web_workers} worker, 2 Celery workers"
        + (", through PgBouncer)" if pgbouncer else ")")
    )
    for row in rows:
        row["command"] = command
        if not row["figure"].startswith("scale-out"):
            row["figure"] = f"scale-out {row['figure'].strip()}"
    rows += [
        {
            "figure": "scale-out Celery tasks run per worker (of those published)",
            "target": "both workers take work",
            "measured": f"{' / '.join(map(str, ran))} of {sum(sent)}",
            "met": all(ran),
            "command": command,
        },
        {
            "figure": "scale-out load average (1/5/15 min)",
            "target": "-",
            "measured": f"before {load_before}, after {load_after}",
            "met": None,
            "command": command,
        },
    ]
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--web-workers", type=int, default=1, help="gunicorn workers per node")
    parser.add_argument("--tasks-per-second", type=float, default=2.0)
    parser.add_argument("--pgbouncer", default="", help="a pgbouncer binary: go through it")
    args = parser.parse_args(argv)
    rows = measure(
        args.users, args.seconds, args.web_workers, args.tasks_per_second, args.pgbouncer
    )
    for row in rows:
        print(f"{row['figure']:70} {row['measured']:40} target {row['target']}")
    return 0 if all(row["met"] is not False for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
