"""Contact import and export figures (issue 3): a 10,000-row LinkedIn CSV imported into one
doctor's network under 10 s; 10,000 contacts exported as vCards under 5 s.

    DATABASE_URL=... python -m bench.contacts_io

Generates the CSV in memory (LinkedIn's "Notes:" preamble, quoted commas, non-ASCII names,
some rows without email). Each run starts the bench doctor (bench-io@netmed.local) from an empty
network, times the web path (parse, duplicate check and preview rows = the upload; then the
import task's one-transaction write), then re-imports the same file (all duplicates), then
streams the vCard and CSV exports through the real views with Django's test client.
"""

from __future__ import annotations

import os
import random
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netmed.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")

EMAIL = "bench-io@netmed.local"
ROWS = 10_000
COMMAND = "DATABASE_URL=… python -m bench.contacts_io"
GIVEN = ["Siobhán", "Mei", "Chidi", "Aroha", "Lars", "Priya", "José", "Nguyễn", "Tom", "Ana"]
FAMILY = ["Ó Briain", "Chen", "Okafor", "Ngata", "Müller", "Raman", "García", "Văn An", "Walker"]
ORGS = [f"Health Service {i}, Region {i % 7}" for i in range(300)]
TITLES = ["Registrar", "Consultant, Cardiology", "Staff Specialist", "Resident", "Professor"]


def linkedin_csv(rows: int = ROWS, seed: int = 3) -> bytes:
    rng = random.Random(seed)
    lines = [
        "Notes:",
        '"When exporting your connection data, you may notice that some of your connections '
        "don't have an email address.\"",
        "",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
    ]
    for i in range(rows):
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        email = f"person{i}@health{i % 50}.example.org" if i % 3 else ""
        lines.append(
            f"{given},{family} {i},https://www.linkedin.com/in/person-{i},{email},"
            f'"{rng.choice(ORGS)}","{rng.choice(TITLES)}",{1 + i % 28:02d} Jan 2024'
        )
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()


CPU: dict[str, float] = {}
PG_CPU: dict[str, float] = {}


def _backend_cpu() -> float | None:
    """CPU seconds used so far by this connection's PostgreSQL backend process, when the server
    runs on this machine and /proc is readable; else None."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _timed(fn, name: str = ""):
    """Wall time; this process's CPU time goes to CPU[name] and the PostgreSQL backend's to
    PG_CPU[name]. The machine is shared, so wall time also carries other processes' load: the
    two CPU times are the work itself."""
    start, cpu, pg = time.perf_counter(), time.process_time(), _backend_cpu()
    result = fn()
    CPU[name] = time.process_time() - cpu
    pg_after = _backend_cpu()
    if pg is not None and pg_after is not None:
        PG_CPU[name] = pg_after - pg
    return result, time.perf_counter() - start


def _row(figure: str, target_s: float, measured_s: float, *steps: str) -> dict:
    measured = f"{measured_s:.2f} s"
    if steps:
        cpu = sum(CPU.get(s, 0) for s in steps)
        measured += f" (CPU: {cpu:.2f} s Python"
        if all(s in PG_CPU for s in steps):
            measured += f" + {sum(PG_CPU[s] for s in steps):.2f} s PostgreSQL"
        measured += ")"
    return {
        "figure": figure,
        "target": f"< {target_s:g} s",
        "measured": measured,
        "met": measured_s < target_s,
        "command": COMMAND,
    }


def run() -> list[dict]:
    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from accounts.models import User
    from contacts.importing import parse, service
    from contacts.models import Contact, ImportJob, Organisation, Tag

    settings.ALLOWED_HOSTS = ["*"]
    debug, settings.DEBUG = settings.DEBUG, False  # as in production: no query log in memory
    user, _ = User.objects.get_or_create(email=EMAIL, defaults={"display_name": "Bench IO"})
    Contact.objects.filter(owner=user).delete()
    ImportJob.objects.filter(owner=user).delete()
    Organisation.objects.filter(owner=user).delete()
    Tag.objects.filter(owner=user).delete()
    data = linkedin_csv()

    parsed, parse_s = _timed(lambda: parse(data), "parse")
    job, stage_s = _timed(
        lambda: service.stage_import(owner=user, filename="c.csv", data=data), "upload"
    )
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED)
    job, write_s = _timed(lambda: service.run_import(job_id=job.pk), "import")
    assert job.created_count == ROWS, (job.status, job.failure, job.created_count)
    again = service.stage_import(owner=user, filename="c.csv", data=data)
    ImportJob.objects.filter(pk=again.pk).update(status=ImportJob.Status.QUEUED)
    again, rewrite_s = _timed(lambda: service.run_import(job_id=again.pk), "reimport")
    assert again.created_count == 0

    client = Client()
    client.force_login(user)

    def download(name: str) -> int:
        response = client.get(reverse(name))
        return sum(len(chunk) for chunk in response.streaming_content)

    vcf_bytes, vcf_s = _timed(lambda: download("contacts:export_vcf"), "vcf")
    csv_bytes, csv_s = _timed(lambda: download("contacts:export_csv"), "csv")
    print(
        f"parse {parse_s:.2f} s ({len(parsed.contacts)} rows); upload (parse, check, preview "
        f"rows) {stage_s:.2f} s; import task {write_s:.2f} s; re-import task (all duplicates) "
        f"{rewrite_s:.2f} s; vCards {vcf_bytes / 1e6:.1f} MB, CSV {csv_bytes / 1e6:.1f} MB",
        file=sys.stderr,
    )
    print(
        "CPU seconds in this process: " + ", ".join(f"{k} {v:.2f}" for k, v in CPU.items()),
        file=sys.stderr,
    )
    if PG_CPU:
        print(
            "CPU seconds in PostgreSQL: " + ", ".join(f"{k} {v:.2f}" for k, v in PG_CPU.items()),
            file=sys.stderr,
        )
    settings.DEBUG = debug
    return [
        _row(
            "import 10,000-row LinkedIn CSV: upload + preview + import task",
            10,
            stage_s + write_s,
            "upload",
            "import",
        ),
        _row(
            "re-import the same file (upload + task, 10,000 duplicates)",
            10,
            rewrite_s + stage_s,
            "upload",
            "reimport",
        ),
        _row("export 10,000 contacts as vCard 4.0 (streamed view)", 5, vcf_s, "vcf"),
        _row("export 10,000 contacts as CSV (streamed view)", 5, csv_s, "csv"),
    ]


if __name__ == "__main__":
    for row in run():
        print(f"{row['figure']}: {row['measured']} (target {row['target']}, met: {row['met']})")
