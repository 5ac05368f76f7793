"""Load: 50 signed-in doctors browsing, searching and logging interactions for 60 s.

    python -m bench.load [--users 50] [--seconds 60] [--workers 2]

Seeds the ``doctor`` scenario (``bench/seed.py``: 100 doctors, 99 of them with 1,000 contacts
and 10,000 interactions), starts gunicorn with two sync workers on a loopback port with
production settings (``bench.pages.Gunicorn``), makes one session per simulated doctor (Django's
``SessionStore``, as ``bench.pages`` does: logging 50 doctors in through the form would hit the
login rate limit, which is the point of it) and drives the server from a second process with
``locust`` headless (``bench/locust/doctor.py``). Prints and returns throughput, p50/p95/p99 and
the error count, from locust's CSV statistics.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = "doctor"
COMMAND = "python -m bench.load"


def sessions(users: int) -> list[dict]:
    """One signed-in doctor per simulated user: session cookie, some contact ids, the kinds."""
    from accounts.models import User
    from bench.pages import login_cookie
    from contacts.models import Contact
    from core.models import Term

    kinds = list(Term.objects.of_kind("interaction_kind").values_list("pk", flat=True))
    doctors = User.objects.filter(email__startswith=f"bench-{SCENARIO}-").order_by("email")[
        1 : users + 1
    ]
    result = []
    for doctor in doctors:
        name, key = login_cookie(doctor)
        contacts = Contact.objects.for_user(doctor).alive().values_list("pk", flat=True)[:50]
        result.append(
            {"cookie": f"{name}={key}", "contacts": [str(c) for c in contacts], "kinds": kinds}
        )
    return result


def _percentile(row: dict, name: str) -> float:
    return float(row.get(name) or 0)


def summarise(stats_csv: Path, users: int, seconds: int) -> list[dict]:
    with stats_csv.open() as handle:
        rows = {row["Name"]: row for row in csv.DictReader(handle)}
    total = rows["Aggregated"]
    requests_ = int(total["Request Count"])
    failures = int(total["Failure Count"])
    p50, p95, p99 = (_percentile(total, p) for p in ("50%", "95%", "99%"))
    command = f"{COMMAND} --users {users} --seconds {seconds}"
    return [
        {
            "figure": f"throughput, {users} users for {seconds} s (2 gunicorn workers)",
            "target": "-",
            "measured": f"{float(total['Requests/s']):.1f} req/s ({requests_} requests)",
            "met": True,
            "command": command,
        },
        {
            "figure": "latency p50 / p95 / p99 (all requests)",
            "target": "p95 < 300 ms",
            "measured": f"{p50:.0f} / {p95:.0f} / {p99:.0f} ms",
            "met": p95 < 300,
            "command": command,
        },
        {
            "figure": "errors",
            "target": "0",
            "measured": str(failures),
            "met": failures == 0,
            "command": command,
        },
    ] + [
        {
            "figure": f"  {name}: p50 / p95 / p99",
            "target": "-",
            "measured": f"{_percentile(row, '50%'):.0f} / {_percentile(row, '95%'):.0f} / "
            f"{_percentile(row, '99%'):.0f} ms ({row['Request Count']} requests)",
            "met": True,
            "command": command,
        }
        for name, row in sorted(rows.items())
        if name != "Aggregated"
    ]


def measure(users: int = 50, seconds: int = 60, workers: int = 2, log=print) -> list[dict]:
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(48))
    from bench.pages import Gunicorn, server_env
    from bench.seed import ensure, setup_django

    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    # The sessions are signed with this process's key, so the server runs with the same one.
    # (A new key set in the environment here was too late when Django was already set up, as in
    # ``python -m bench``: every session then read as corrupted, and the 50 "doctors" were
    # anonymous visitors sent to the sign-in page.)
    secret = settings.SECRET_KEY

    call_command("migrate", verbosity=0)
    ensure(SCENARIO, log=log)
    with tempfile.TemporaryDirectory(prefix="netmed-load-") as folder:
        session_file = Path(folder) / "sessions.json"
        session_file.write_text(json.dumps(sessions(users)))
        with Gunicorn(server_env(secret), workers=workers) as server:
            log(f"locust: {users} users for {seconds} s against {server.base}")
            subprocess.run(
                [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locust" / "doctor.py")]
                + ["--headless", "--users", str(users), "--spawn-rate", str(users)]
                + ["--run-time", f"{seconds}s", "--host", server.base, "--only-summary"]
                + ["--csv", str(Path(folder) / "load"), "--loglevel", "WARNING"],
                cwd=ROOT,
                env={**os.environ, "NETMED_LOAD_SESSIONS": str(session_file)},
                check=False,
            )
        return summarise(Path(folder) / "load_stats.csv", users, seconds)


def run() -> list[dict]:
    return measure()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    rows = measure(args.users, args.seconds, args.workers)
    for row in rows:
        print(f"{row['figure']:55} {row['measured']:40} target {row['target']}")
    return 0 if all(row["met"] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
