"""Events figures (issue 4): browse and event pages, the calendar feed, and the CSV import.

5,000 published events and 100 doctors each attending 200. Targets: browse page and an event page
under 100 ms server time (p95) with a constant number of queries; the calendar feed of a doctor
with 500 events under 200 ms; a 2,000-row CSV import under 10 s.

    DATABASE_URL=... python -m bench.events

Seeds its own rows once with bulk_create (events marked ``import_uid`` "bench-…", doctors
bench-events-N@netmed.local), then times requests with Django's test client in-process, reading
the server's own time from the Server-Timing header. The import is timed as a dry run (all the
parsing, checking and writing, rolled back), so it can be repeated.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import random
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netmed.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")

EVENTS, DOCTORS, PER_DOCTOR, FEED_EVENTS, CSV_ROWS = 5000, 100, 200, 500, 2000
COMMAND = "DATABASE_URL=… python -m bench.events"


def _seed():
    from django.utils import timezone

    from accounts.models import User
    from core.models import Term
    from events.models import Attendance, Event
    from events.services import store_specialty_ids

    rng = random.Random(4)
    kinds = list(Term.objects.filter(kind="event_kind"))
    specialties = list(Term.objects.filter(kind="specialty"))
    states = ["NSW", "VIC", "QLD", "WA", "SA", "TAS", "ACT", "NT"]
    now = timezone.now()
    if Event.objects.filter(import_uid__startswith="bench-").count() < EVENTS:
        events = Event.objects.bulk_create(
            Event(
                title=f"Bench meeting {i}",
                kind=rng.choice(kinds),
                organiser=f"Bench College {i % 40}",
                starts_at=(start := now + dt.timedelta(hours=rng.randint(-24 * 200, 24 * 500))),
                ends_at=start + dt.timedelta(hours=rng.choice([1, 8, 56])),
                city="Sydney",
                state=rng.choice(states),
                venue="Bench venue",
                published=True,
                import_uid=f"bench-{i}",
                registration_deadline=(start - dt.timedelta(days=14)).date(),
            )
            for i in range(EVENTS)
        )
        through = Event.specialties.through
        through.objects.bulk_create(
            through(event_id=e.pk, term_id=rng.choice(specialties).pk) for e in events
        )
        store_specialty_ids(e.pk for e in events)
    events = list(
        Event.objects.filter(import_uid__startswith="bench-").values_list("pk", flat=True)
    )
    doctors = []
    for n in range(DOCTORS):
        user, _ = User.objects.get_or_create(
            email=f"bench-events-{n}@netmed.local",
            defaults={"display_name": f"Bench {n}", "state": "NSW"},
        )
        doctors.append(user)
        count = FEED_EVENTS if n == 0 else PER_DOCTOR
        if Attendance.objects.filter(owner=user).count() < count:
            Attendance.objects.bulk_create(
                Attendance(owner=user, event_id=pk, status=rng.choice(["interested", "registered"]))
                for pk in rng.sample(events, count)
            )
    return doctors


def _time(client, url: str, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        times.append(float(response["Server-Timing"].split("dur=")[1].split(";")[0]))
    return times


def _count_queries(connection, client, url: str) -> int:
    queries = []

    def count(execute, *args):
        queries.append(1)
        return execute(*args)

    with connection.execute_wrapper(count):
        client.get(url)
    return len(queries)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def _csv(rows: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["uid", "title", "kind", "specialties", "start", "end", "city", "state"])
    for i in range(rows):
        day = dt.date(2031, 1, 1) + dt.timedelta(days=i % 365)
        writer.writerow(
            [
                f"bench-csv-{i}",
                f"Imported {i}",
                "workshop",
                "physician",
                f"{day} 09:00",
                f"{day} 17:00",
                "Perth",
                "WA",
            ]
        )
    return out.getvalue().encode()


def _row(figure, target, measured, met) -> dict:
    return {
        "figure": figure,
        "target": target,
        "measured": measured,
        "met": met,
        "command": COMMAND,
    }


def run(runs: int = 30) -> list[dict]:
    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from events.importing import import_events
    from events.models import Attendance

    settings.ALLOWED_HOSTS = ["*"]
    doctors = _seed()
    client = Client()
    client.force_login(doctors[1])
    event = Attendance.objects.filter(owner=doctors[1]).order_by("created_at").first().event
    pages = {
        "browse page (all upcoming)": reverse("events:list") + "?all=1",
        "browse page (profile defaults)": reverse("events:list"),
        "event page": reverse("events:detail", args=[event.pk]),
    }
    rows = []
    _time(client, reverse("floor"), 2)
    floor = _time(client, reverse("floor"), runs)
    rows.append(
        _row(
            "floor: base template, no database (the machine's own overhead), p50 / p95",
            "reference",
            f"{statistics.median(floor):.0f} ms / {p95(floor):.0f} ms",
            True,
        )
    )
    for label, url in pages.items():
        _time(client, url, 2)
        queries = _count_queries(connection, client, url)
        times = _time(client, url, runs)
        rows.append(
            _row(
                f"{label}, p50 / p95 server time ({queries} queries)",
                "p95 < 100 ms",
                f"{statistics.median(times):.0f} ms / {p95(times):.0f} ms",
                p95(times) < 100,
            )
        )
    feed_client = Client()
    from events.calendar import feed_for

    url = reverse("events:feed", kwargs={"token": feed_for(doctors[0]).token})
    _time(feed_client, url, 2)
    times = _time(feed_client, url, max(10, runs // 3))
    size = len(feed_client.get(url).content)
    rows.append(
        _row(
            f"calendar feed, {FEED_EVENTS} events + deadlines ({size // 1024} kB), p50 / p95",
            "p95 < 200 ms",
            f"{statistics.median(times):.0f} ms / {p95(times):.0f} ms",
            p95(times) < 200,
        )
    )
    data = _csv(CSV_ROWS)
    started = time.perf_counter()
    result = import_events(data, filename="bench.csv", dry_run=True)
    seconds = time.perf_counter() - started
    assert result.created == CSV_ROWS and not result.rejected, result.summary
    rows.append(_row(f"import of a {CSV_ROWS}-row CSV", "< 10 s", f"{seconds:.1f} s", seconds < 10))
    return rows


if __name__ == "__main__":
    for row in run(int(sys.argv[1]) if len(sys.argv) > 1 else 30):
        print(f"{row['figure']}: {row['measured']} (target {row['target']}, met: {row['met']})")
