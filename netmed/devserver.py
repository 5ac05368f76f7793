"""Run the whole app for development: embedded services, migrate, demo data, web + worker + beat.

``bin/run`` calls ``python -m netmed.devserver``. One Ctrl-C stops everything cleanly, the
embedded PostgreSQL last so that nothing is lost. ``--smoke`` brings it all up, checks
``/healthz`` and the login page, and shuts down (CI runs it so a broken first command fails).
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEMO_LOGIN = ("demo@netmed.local", "netmed-demo-2026")
STAFF_LOGIN = ("staff@netmed.local", "netmed-staff-2026")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, check=True)


def _wait_for(url: str, timeout: float) -> tuple[int, str]:
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
                return response.status, response.read().decode()
        except Exception as exc:  # noqa: BLE001 - keep polling until the deadline
            last_error = exc
            time.sleep(1)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f}s: {last_error}")


def _stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="start, check, stop")
    parser.add_argument("--port", type=int, default=int(os.environ.get("NETMED_PORT", "8000")))
    args = parser.parse_args()

    os.chdir(BASE_DIR)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netmed.settings")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    from netmed import embedded

    data_dir = Path(os.environ.get("NETMED_DATA_DIR", BASE_DIR / "data"))
    print(f"Starting embedded services where no URL is set (data in {data_dir}) …", flush=True)
    embedded.ensure_environment(data_dir)
    port = _free_port() if args.smoke else args.port

    processes: list[subprocess.Popen] = []
    interrupted = False

    def on_signal(signum, frame):
        nonlocal interrupted
        interrupted = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        _manage("migrate", "--no-input", "-v", "0")
        _manage("seed_demo")
        commands = {
            "web": [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
            if args.smoke
            else [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}"],
            "worker": [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "netmed",
                "worker",
                "-l",
                "info",
                "--concurrency",
                "2",
            ],
            "beat": [sys.executable, "-m", "celery", "-A", "netmed", "beat", "-l", "info"],
        }
        for command in commands.values():
            # Children ignore Ctrl-C from the terminal; this process stops them in order.
            processes.append(
                subprocess.Popen(command, cwd=BASE_DIR, preexec_fn=os.setpgrp)  # noqa: PLW1509
            )
        url = f"http://127.0.0.1:{port}/"
        status, body = _wait_for(url + "healthz", timeout=120)
        print(f"\nNetMed is running at {url}", flush=True)
        print(f"  Demo doctor: {DEMO_LOGIN[0]} / {DEMO_LOGIN[1]}")
        print(f"  Staff (admin at {url}admin/): {STAFF_LOGIN[0]} / {STAFF_LOGIN[1]}")
        print("  Emails are printed here. Press Ctrl-C to stop.\n", flush=True)
        if args.smoke:
            login_status, login_page = _wait_for(url + "accounts/login/", timeout=30)
            ok = status == 200 and login_status == 200 and 'name="password"' in login_page
            print("Smoke test", "passed" if ok else "FAILED", flush=True)
            return 0 if ok else 1
        while not interrupted:
            if any(process.poll() is not None for process in processes):
                print("A process stopped unexpectedly; shutting down.", flush=True)
                return 1
            time.sleep(0.5)
        return 0
    finally:
        print("Stopping web, worker and beat …", flush=True)
        _stop(processes)
        embedded.stop_all()
        print("Stopped.", flush=True)


if __name__ == "__main__":
    sys.exit(main())
