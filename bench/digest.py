"""Reminders figures (issue 6): the digest dispatcher and the dashboard.

10,000 doctors with 200 contacts each, a fifth of the contacts due (a lapsed 30-day cadence):
one dispatcher pass that claims and builds every doctor's digest (HTML with CSS inlined and plain
text, signed links), excluding SMTP, must take under 30 s with the number of queries growing per
batch, not per doctor. The dashboard of a doctor with 10,000 contacts must take under 100 ms
server time at the 95th percentile.

    DATABASE_URL=... python -m bench.digest [doctors]

Seeds its own doctors (bench-digest-N@netmed.local) once with bulk_create.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time
import zoneinfo

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netmed.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")

DOCTORS, CONTACTS, DUE_EVERY = 10_000, 200, 5
DASHBOARD_CONTACTS = 10_000
PREFIX = "bench-digest-"
SYDNEY = zoneinfo.ZoneInfo("Australia/Sydney")
COMMAND = "DATABASE_URL=… python -m bench.digest"


def _contacts_for(owner, count: int, today: dt.date):
    from contacts.models import Contact

    for i in range(count):
        due = i % DUE_EVERY == 0
        yield Contact(
            owner=owner,
            given_name=f"Given{i}",
            family_name=f"Family{i}",
            cadence_days=30 if due else None,
            last_interaction_at=today - dt.timedelta(days=40 if due else 10),
        )


def _insert_contacts(owner_ids: list[int], today: dt.date) -> None:
    """200 contacts per doctor in one INSERT … SELECT (bulk_create is too slow for 2 million
    rows on a shared 2-core machine); every fifth has a 30-day cadence lapsed 10 days ago."""
    from django.db import connection

    from contacts import due_dates
    from contacts.models import Contact

    special = {
        "id": "gen_random_uuid()",
        "owner_id": "o.id",
        "created_at": "now()",
        "updated_at": "now()",
        "given_name": "'Given' || i",
        "family_name": "'Family' || i",
        "cadence_days": f"CASE WHEN i %% {DUE_EVERY} = 0 THEN 30 END",
        "last_interaction_at": (
            f"%(today)s::date - CASE WHEN i %% {DUE_EVERY} = 0 THEN 40 ELSE 10 END"
        ),
    }
    columns, values, params = [], [], {"today": today, "owners": owner_ids}
    for field in Contact._meta.concrete_fields:
        columns.append(connection.ops.quote_name(field.column))
        if field.column in special:
            values.append(special[field.column])
        elif field.null:
            values.append("NULL")
        else:
            params[field.column] = field.get_db_prep_value(field.get_default(), connection)
            values.append(f"%({field.column})s::{field.db_type(connection)}")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Contact._meta.db_table} ({', '.join(columns)})"
            f" SELECT {', '.join(values)} FROM unnest(%(owners)s::bigint[]) AS o(id)"
            f" CROSS JOIN generate_series(0, {CONTACTS - 1}) i",
            params,
        )
    # Date keeping in touch (Contact.next_due_on) as the contact services do after writing.
    due_dates.refresh(owner_ids=owner_ids)


def _seed_doctors(doctors: int, today: dt.date) -> list[int]:
    from accounts.models import User
    from contacts.models import Contact

    have = set(User.objects.filter(email__startswith=PREFIX).values_list("email", flat=True))
    User.objects.bulk_create(
        [
            User(
                email=f"{PREFIX}{n}@netmed.local",
                password="!",
                digest_frequency="daily",
                digest_hour=7,
                timezone="Australia/Sydney",
            )
            for n in range(doctors)
            if f"{PREFIX}{n}@netmed.local" not in have
        ],
        batch_size=2000,
    )
    users = list(User.objects.filter(email__startswith=PREFIX).order_by("pk")[:doctors])
    seeded = set(
        Contact.objects.filter(owner__in=users).values_list("owner_id", flat=True).distinct()
    )
    todo = [u.pk for u in users if u.pk not in seeded]
    for start in range(0, len(todo), 500):
        _insert_contacts(todo[start : start + 500], today)
        print(f"  seeded {start + 500}/{len(todo)} doctors", file=sys.stderr)
    if todo:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Contact._meta.db_table}")
    return [u.pk for u in users]


def _seed_dashboard_doctor(today: dt.date):
    from accounts.models import User
    from contacts import due_dates
    from contacts.models import Contact, Organisation, Position

    user, _ = User.objects.get_or_create(
        email="bench-dashboard@netmed.local", defaults={"display_name": "Bench"}
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
        due_dates.refresh(owner_ids=[user.pk])
    return user


def _load() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def dispatcher_figures(doctors: int) -> list[dict]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reminders import digest
    from reminders.models import DigestRecord

    at = dt.datetime.combine(dt.date.today(), dt.time(8), SYDNEY)
    ids = _seed_doctors(doctors, at.date())
    DigestRecord.objects.filter(user_id__in=ids).delete()
    with CaptureQueriesContext(connection) as queries:
        started, cpu = time.perf_counter(), time.process_time()
        result = digest.run_pass(at, send=False)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    batches = -(-result.candidates // digest.BATCH_SIZE)
    print(f"  {result}", file=sys.stderr)
    return [
        {
            "figure": f"dispatcher + build every digest ({result.sent:,} doctors, excl. SMTP)",
            "target": "< 30 s",
            "measured": f"{elapsed:.1f} s wall, {cpu:.1f} s Python CPU ({_load()})",
            "met": elapsed < 30,
            "command": COMMAND,
        },
        {
            "figure": f"queries for the pass ({batches} batches of {digest.BATCH_SIZE})",
            "target": "grows per batch, not per doctor",
            "measured": f"{len(queries)} ({len(queries) / max(batches, 1):.1f} per batch)",
            "met": len(queries) <= 10 * batches + 10,
            "command": COMMAND,
        },
    ]


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


def run(doctors: int = DOCTORS) -> list[dict]:
    django.setup()
    return dashboard_figures() + dispatcher_figures(doctors)


if __name__ == "__main__":
    for row in run(int(sys.argv[1]) if len(sys.argv) > 1 else DOCTORS):
        print(f"{row['figure']}: {row['measured']} (target {row['target']}, met: {row['met']})")
