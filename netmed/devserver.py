"""Run the whole app for development: embedded services, migrate, demo data, web + worker + beat,
and the inbound SMTP receiver (email that logs itself).

``bin/run`` calls ``python -m netmed.devserver``. One Ctrl-C stops everything cleanly, the
embedded PostgreSQL last so that nothing is lost. ``--smoke`` brings it all up, checks
``/healthz/ready`` (database and broker up) and the login page, and shuts down (CI runs it so a
broken first command fails).
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
CONSULTANT_LOGIN = ("consultant@netmed.local", "netmed-consultant-2026")
# The demo staff account's authenticator secret (development only: core.demo enrols it under
# DEBUG). Add it to an authenticator app, or run `manage.py demo_totp` for the current code.
DEMO_STAFF_TOTP_SECRET = "NETMEDDEMOSTAFFAUTHENTICATORCODE"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _port_in_use(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


def _port_holder(port: int) -> str:
    """Which process listens on ``port`` ("pid 1234: python manage.py runserver …"), read from
    /proc on Linux; "" where that cannot be told."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            local, state, inode = fields[1], fields[3], fields[9]
            if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:  # 0A: LISTEN
                inodes.add(f"socket:[{inode}]")
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if any(os.readlink(fd) in inodes for fd in (proc / "fd").iterdir()):
                command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
                return f"pid {proc.name}: {command}"
        except OSError:
            continue
    return ""


def _refuse_busy_port(port: int) -> None:
    """Say who holds the port, before anything starts (not after a misleading banner)."""
    if not _port_in_use(port):
        return
    holder = _port_holder(port)
    try:
        ready = f"http://127.0.0.1:{port}/healthz/ready"
        with urllib.request.urlopen(ready, timeout=2) as response:
            netmed = response.status == 200 and b'"database"' in response.read()
    except Exception:  # noqa: BLE001 - anything else on the port is simply "not NetMed"
        netmed = False
    what = "NetMed is already running there" if netmed else "another program is using it"
    print(f"Port {port} is busy: {what}.", file=sys.stderr)
    if holder:
        print(f"  It is held by {holder}", file=sys.stderr)
    print(
        "  Stop that process, or pick another port: bin/run --port 8001 "
        "(or NETMED_PORT=8001 bin/run).",
        file=sys.stderr,
    )
    sys.exit(2)


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
    parser.add_argument(
        "--inbound-port",
        type=int,
        default=int(os.environ.get("NETMED_INBOUND_SMTP_PORT", "2525")),
        help="the SMTP receiver's port (email that logs itself)",
    )
    args = parser.parse_args()

    os.chdir(BASE_DIR)
    if not args.smoke:
        _refuse_busy_port(args.port)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netmed.settings")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    from netmed import embedded

    data_dir = Path(os.environ.get("NETMED_DATA_DIR", BASE_DIR / "data"))
    print(f"Starting embedded services where no URL is set (data in {data_dir}) …", flush=True)
    embedded.ensure_environment(data_dir)
    port = _free_port() if args.smoke else args.port
    inbound_port = args.inbound_port
    if args.smoke or _port_in_use(inbound_port):
        # The receiver is a side door: a busy port moves it rather than stopping the app.
        inbound_port = _free_port()
        if not args.smoke:
            print(f"Port {args.inbound_port} is busy: inbound SMTP uses {inbound_port}.")

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
            # Email that logs itself: the SMTP receiver for doctors' inbound addresses.
            "inbound": [sys.executable, "manage.py", "inbound_smtp", "--port", str(inbound_port)],
        }
        for command in commands.values():
            # Children ignore Ctrl-C from the terminal; this process stops them in order.
            processes.append(
                subprocess.Popen(command, cwd=BASE_DIR, preexec_fn=os.setpgrp)  # noqa: PLW1509
            )
        url = f"http://127.0.0.1:{port}/"
        status, body = _wait_for(url + "healthz/ready", timeout=120)
        print(f"\nNetMed is running at {url}", flush=True)
        print(f"  Demo doctor: {DEMO_LOGIN[0]} / {DEMO_LOGIN[1]}")
        print(f"  Demo consultant (a mentor): {CONSULTANT_LOGIN[0]} / {CONSULTANT_LOGIN[1]}")
        print(f"  Staff (admin at {url}admin/): {STAFF_LOGIN[0]} / {STAFF_LOGIN[1]}")
        print(
            "    then the authenticator code: `.venv/bin/python manage.py demo_totp` prints it\n"
            f"    (or add the secret {DEMO_STAFF_TOTP_SECRET} to an authenticator app)"
        )
        print(
            f"  Inbound mail (email that logs itself): SMTP on 127.0.0.1:{inbound_port}",
        )
        print("  Emails are printed here. Press Ctrl-C to stop.\n", flush=True)
        if args.smoke:
            login_status, login_page = _wait_for(url + "accounts/login/", timeout=30)
            # Readiness answers 200 with the broker down ("degraded"): the smoke wants it up.
            broker_up = '"broker": "ok"' in body
            login_ok = login_status == 200 and 'name="password"' in login_page
            ok = status == 200 and broker_up and login_ok
            print("Smoke test", "passed" if ok else "FAILED", flush=True)
            return 0 if ok else 1
        while not interrupted:
            if any(process.poll() is not None for process in processes):
                print("A process stopped unexpectedly; shutting down.", flush=True)
                return 1
            time.sleep(0.5)
        return 0
    finally:
        print("Stopping web, worker, beat and the inbound receiver …", flush=True)
        _stop(processes)
        embedded.stop_all()
        print("Stopped.", flush=True)


if __name__ == "__main__":
    sys.exit(main())
