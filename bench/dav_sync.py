"""Phone sync figures (issue 23): the first sync of a 10,000-contact address book under 30 s, and
an incremental sync with nothing changed under 1 s.

    DATABASE_URL=postgres://…/netmed_bench REDIS_URL=redis://…/13 python -m bench.dav_sync

Uses the ``doctor`` scenario's lead doctor (10,000 contacts; ``bench/seed.py``), a fresh app
password for them, and gunicorn with production settings on a loopback port (``bench.pages``).
A real client, ``vdirsyncer`` (as in ``tests/sync/test_real_clients.py``), syncs the address book
into an empty temporary folder (the first sync: discovery, the listing of every card's ETag and
the multiget of all 10,000 vCards), then again with nothing changed. The incremental check a
phone makes (DAVx⁵ and iOS ask for the sync-token and stop there when it has not moved) is timed
on its own too: a ``sync-collection`` REPORT with the current token, and a depth-0 PROPFIND of
the ctag. The calendar's first sync is timed for the record.
"""

from __future__ import annotations

import base64
import http.client
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMAND = "DATABASE_URL=…/netmed_bench REDIS_URL=…/13 python -m bench.dav_sync"
VDIRSYNCER = Path(sys.executable).with_name("vdirsyncer")
SYNC_REPORT = """<?xml version="1.0"?><D:sync-collection xmlns:D="DAV:">
<D:sync-token>{token}</D:sync-token><D:sync-level>1</D:sync-level>
<D:prop><D:getetag/></D:prop></D:sync-collection>"""
LISTING = """<?xml version="1.0" encoding="utf-8" ?><propfind xmlns="DAV:"><prop>
<resourcetype/><getcontenttype/><getetag/></prop></propfind>"""
MULTIGET = """<?xml version="1.0" encoding="utf-8"?>
<C:addressbook-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav">
<D:prop><D:getetag/><C:address-data/></D:prop>{hrefs}</C:addressbook-multiget>"""
CTAG = """<?xml version="1.0"?><D:propfind xmlns:D="DAV:" xmlns:CS="http://calendarserver.org/ns/">
<D:prop><CS:getctag/><D:sync-token/></D:prop></D:propfind>"""


def _request(port: int, method: str, path: str, auth: str, body: str, depth: str):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        headers = {
            "Authorization": auth,
            "Depth": depth,
            "Content-Type": "application/xml; charset=utf-8",
        }
        connection.request(method, path, body=body.encode(), headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _vdirsyncer(config: Path, *args: str) -> float:
    started = time.perf_counter()
    result = subprocess.run(
        [str(VDIRSYNCER), "-c", str(config), *args],
        input="y\n" * 10,
        capture_output=True,
        text=True,
        timeout=600,
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(result.stdout + result.stderr)
    return elapsed


def _config(folder: Path, base: str, email: str, password: str, pair: str, kind: str) -> Path:
    config = folder / f"config-{pair}"
    config.write_text(
        f"""
[general]
status_path = "{folder}/status-{pair}/"

[pair {pair}]
a = "{pair}_local"
b = "{pair}_remote"
collections = ["from b"]

[storage {pair}_local]
type = "filesystem"
path = "{folder}/{pair}/"
fileext = "{".vcf" if kind == "carddav" else ".ics"}"

[storage {pair}_remote]
type = "{kind}"
url = "{base}/.well-known/{kind}"
username = "{email}"
password = "{password}"
{"read_only = true" if kind == "caldav" else ""}
"""
    )
    return config


def measure(scenario: str = "doctor") -> list[dict]:
    from django.conf import settings

    from accounts.models import User
    from bench.pages import Gunicorn, server_env
    from bench.seed import lead_email
    from contacts.models import Contact
    from sync import app_passwords
    from sync.models import AppPassword

    doctor = User.objects.get(email=lead_email(scenario))
    living = Contact.objects.for_user(doctor).alive().count()
    AppPassword.objects.filter(owner=doctor, label="bench").delete()
    password = app_passwords.create_app_password(owner=doctor, label="bench").password
    principal = app_passwords.principal_for(doctor)
    auth = "Basic " + base64.b64encode(f"{doctor.email}:{password}".encode()).decode()
    rows = []
    with Gunicorn(server_env(settings.SECRET_KEY), workers=2) as server:
        with tempfile.TemporaryDirectory() as folder:
            folder = Path(folder)
            config = _config(folder, server.base, doctor.email, password, "contacts", "carddav")
            _vdirsyncer(config, "discover")
            first = _vdirsyncer(config, "sync")
            cards = len(list((folder / "contacts" / "contacts").glob("*.vcf")))
            again = [_vdirsyncer(config, "sync") for _ in range(3)]
            calendar = _config(folder, server.base, doctor.email, password, "calendar", "caldav")
            _vdirsyncer(calendar, "discover")
            calendar_first = _vdirsyncer(calendar, "sync")
            entries = len(list((folder / "calendar" / "calendar").glob("*.ics")))
        url = f"/dav/{principal}/contacts/"
        status, body = _request(server.port, "REPORT", url, auth, SYNC_REPORT.format(token=""), "1")
        token = re.search(rb"<sync-token>(.*?)</sync-token>", body).group(1).decode()
        token_times, ctag_times = [], []
        for _ in range(10):
            started = time.perf_counter()
            status, body = _request(
                server.port, "REPORT", url, auth, SYNC_REPORT.format(token=token), "1"
            )
            token_times.append(time.perf_counter() - started)
            assert status == 207 and b".vcf" not in body, (status, body[:500])
            started = time.perf_counter()
            status, _ = _request(server.port, "PROPFIND", url, auth, CTAG, "0")
            ctag_times.append(time.perf_counter() - started)
            assert status == 207
        # The server's part of a sync (what any client waits for): the listing, then every card
        # fetched by multiget in batches of 500.
        started = time.perf_counter()
        status, body = _request(server.port, "PROPFIND", url, auth, LISTING, "1")
        listing = time.perf_counter() - started
        hrefs = re.findall(rb"<href>([^<]+\.vcf)</href>", body)
        started = time.perf_counter()
        for i in range(0, len(hrefs), 500):
            batch = "".join(f"<D:href>{h.decode()}</D:href>" for h in hrefs[i : i + 500])
            status, body = _request(
                server.port, "REPORT", url, auth, MULTIGET.format(hrefs=batch), "1"
            )
            assert status == 207, status
        fetching = time.perf_counter() - started
    AppPassword.objects.filter(owner=doctor, label="bench").delete()
    assert cards == living, (cards, living)
    median_again = statistics.median(again)
    token_ms = statistics.median(token_times) * 1000
    ctag_ms = statistics.median(ctag_times) * 1000
    rows += [
        {
            "figure": f"first sync of the address book, {cards:,} contacts (vdirsyncer, to an "
            "empty folder)",
            "target": "< 30 s",
            "measured": f"{first:.1f} s",
            "met": first < 30,
        },
        {
            "figure": "incremental sync, nothing changed: sync-collection REPORT with the "
            "current token (what DAVx⁵/iOS ask)",
            "target": "< 1 s",
            "measured": f"{token_ms:.0f} ms (median of 10); ctag PROPFIND {ctag_ms:.0f} ms",
            "met": token_ms < 1000,
        },
        {
            "figure": f"incremental sync, nothing changed: a whole vdirsyncer run (process start, "
            f"listing {cards:,} ETags, comparing)",
            "target": "< 1 s",
            "measured": f"{median_again:.2f} s (median of 3)",
            "met": median_again < 1,
        },
        {
            "figure": f"server side of a first sync: listing {len(hrefs):,} ETags (PROPFIND depth "
            "1), then every vCard by multiget in batches of 500",
            "target": "< 30 s",
            "measured": f"{listing + fetching:.1f} s ({listing:.1f} s listing, "
            f"{fetching:.1f} s fetching)",
            "met": listing + fetching < 30,
        },
        {
            "figure": f"first sync of the calendar, {entries:,} entries (vdirsyncer)",
            "target": "-",
            "measured": f"{calendar_first:.1f} s",
            "met": True,
        },
    ]
    for row in rows:
        row["command"] = COMMAND
    return rows


def main(argv: list[str] | None = None) -> int:
    from bench.seed import ensure, setup_django

    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    setup_django()
    ensure("doctor")
    print("load average before:", Path("/proc/loadavg").read_text().strip())
    for row in measure("doctor"):
        print(row["figure"], "|", row["target"], "|", row["measured"], "|", row["met"])
    print("load average after:", Path("/proc/loadavg").read_text().strip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
