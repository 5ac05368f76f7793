"""Mentorship figures (issue 5): the mentor directory and a busy mentorship page.

2,000 published mentor profiles (each with specialties, focus areas and career stages); the
directory searched with three filters (focus area, career stage, format) plus a text search.
Target: p95 under 100 ms server time with a constant number of queries. A mentorship with 100
meetings and 500 action items: its page under 100 ms (p95); the page shows the 10 latest meetings
and the 50 soonest open actions, the rest are paginated on the meetings page.

    DATABASE_URL=... python -m bench.mentorship

Uses the ``small`` scenario of ``bench/seed.py`` (built if missing), whose 2,000 published mentor
profiles and whose lead doctor's busiest mentorship (100 meetings, 500 action items) are the ones
``python -m bench small`` times under gunicorn; this module adds the directory with three filters
and a search, timed with Django's test client in-process (the server's own time from the
Server-Timing header), plus CPU and SQL time. ``seed_profiles`` and ``seed_busy_mentorship`` build
the same shapes in a test database (``tests/mentorship/test_queries.py``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netmed.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")

COMMAND = "DATABASE_URL=… python -m bench.mentorship"
SCENARIO = "small"


def seed_profiles(count: int, prefix: str = "bench-mentor") -> None:
    """``count`` published profiles with their M2M terms, in a handful of bulk inserts."""
    from accounts.models import User
    from core.models import Term
    from mentorship.models import MentorProfile

    rng = random.Random(5)
    users = User.objects.bulk_create(
        User(email=f"{prefix}-{i}@netmed.local", display_name=f"Dr Mentor {i}")
        for i in range(count)
    )
    profiles = MentorProfile.objects.bulk_create(
        MentorProfile(
            owner=user,
            headline=f"Mentor {i}: training, research and exams",
            format=rng.choice(["in_person", "online", "either"]),
            city="Sydney",
            state=rng.choice(["NSW", "VIC", "QLD", "WA"]),
            capacity=rng.randint(0, 4),
            published=True,
        )
        for i, user in enumerate(users)
    )
    terms = {kind: list(Term.objects.of_kind(kind)) for kind in _M2M.values()}
    for field, kind in _M2M.items():
        through = getattr(MentorProfile, field).through
        through.objects.bulk_create(
            through(mentorprofile_id=profile.pk, term_id=term.pk)
            for profile in profiles
            for term in rng.sample(terms[kind], 3)
        )
    _analyze()


def _analyze() -> None:
    """Fresh planner statistics after bulk inserts, as autovacuum would gather in production."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


_M2M = {
    "specialties": "specialty",
    "focus_areas": "mentorship_focus",
    "career_stages": "career_stage",
}


def seed_busy_mentorship(owner, meetings: int, actions: int):
    """A shared mentorship with ``meetings`` meetings (a note each) and ``actions`` action items."""
    from accounts.models import User
    from mentorship.models import ActionItem, Meeting, MeetingNote, Mentorship

    member = User.objects.create(email=f"{owner.email}.member", display_name="Dr Member")
    mentorship = Mentorship.objects.create(
        owner=owner, member=member, side="mentor", cadence_days=30, started_on=dt.date(2020, 1, 1)
    )
    rows = Meeting.objects.bulk_create(
        Meeting(
            mentorship=mentorship,
            held_on=dt.date(2020, 1, 1) + dt.timedelta(days=14 * i),
            agenda=f"Agenda {i}",
        )
        for i in range(meetings)
    )
    MeetingNote.objects.bulk_create(
        MeetingNote(meeting=m, author=owner, text="Notes", private=bool(i % 2))
        for i, m in enumerate(rows)
    )
    ActionItem.objects.bulk_create(
        ActionItem(
            mentorship=mentorship,
            meeting=rows[i % meetings] if meetings else None,
            title=f"Action {i}",
            assignee=owner if i % 2 else member,
            due_on=dt.date(2020, 1, 1) + dt.timedelta(days=i),
            done_on=dt.date(2020, 1, 2) if i % 3 else None,
        )
        for i in range(actions)
    )
    _analyze()
    return mentorship


def _seed():
    """The scenario's lead doctor, who looks for a mentor, and their busiest mentorship (the
    lowest id, as ``bench/pages.py`` picks it)."""
    from accounts.models import User
    from bench.seed import ensure, lead_email
    from mentorship.models import Mentorship

    ensure(SCENARIO, log=lambda *_: None)
    seeker = User.objects.get(email=lead_email(SCENARIO))
    return seeker, Mentorship.objects.filter(owner=seeker).order_by("pk").first()


def _time(client, url: str, runs: int, params=None) -> tuple[list[float], int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, params or {})
        assert response.status_code == 200, response.status_code
        queries = len(captured)
        times.append(float(response["Server-Timing"].split("dur=")[1].split(";")[0]))
    return times, queries


def cpu_ms(client, url: str, runs: int, params=None) -> float:
    """Median CPU time of this process per request: the app's own work, which (unlike wall time)
    barely moves when other processes crowd the machine."""
    samples = []
    for _ in range(runs):
        start = time.process_time()
        client.get(url, params or {})
        samples.append((time.process_time() - start) * 1000)
    return statistics.median(samples)


def sql_ms(client, url: str, params=None) -> float:
    """PostgreSQL's own execution time for one request's SELECTs (EXPLAIN ANALYZE), summed."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url, params or {})
    total = 0.0
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            if query["sql"].startswith("SELECT"):
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + query["sql"])
                plan = cursor.fetchone()[0]
                plan = json.loads(plan) if isinstance(plan, str) else plan
                total += plan[0]["Execution Time"]
    return total


def _time_with_floor(client, url: str, runs: int, params=None):
    """Page and ``/floor`` (the base template, no queries of its own) in alternate requests, so
    both see the same load; the ratio of their p95s is what compares across runs."""
    from django.urls import reverse

    page, floor, queries = [], [], 0
    for _ in range(runs):
        times, queries = _time(client, url, 1, params)
        page += times
        floor += _time(client, reverse("floor"), 1)[0]
    return page, floor, queries


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def directory_params() -> dict:
    from core.models import Term

    return {
        "focus": Term.objects.get(kind="mentorship_focus", code="training_exams").pk,
        "stage": Term.objects.get(kind="career_stage", code="resident").pk,
        "format": "online",
        "q": "research",
    }


def run(runs: int = 30) -> list[dict]:
    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    settings.ALLOWED_HOSTS = ["*"]
    seeker, mentorship = _seed()
    client = Client()
    client.force_login(seeker)
    directory = reverse("mentorship:directory")
    params = directory_params()
    _time(client, directory, 2, params)
    dir_times, dir_floor, dir_queries = _time_with_floor(client, directory, runs, params)
    _, page2_queries = _time(client, directory, 1, {**params, "page": 2})
    detail = reverse("mentorship:detail", args=[mentorship.pk])
    _time(client, detail, 2)
    page_times, page_floor, page_queries = _time_with_floor(client, detail, runs)
    rows = [
        (
            "directory, 2,000 profiles, 3 filters + search, p50 / p95",
            "p95 < 100 ms",
            dir_times,
            dir_floor,
        ),
        (
            "mentorship page, 100 meetings, 500 actions, p50 / p95",
            "p95 < 100 ms",
            page_times,
            page_floor,
        ),
    ]
    result = [
        {
            "figure": name,
            "target": target,
            "measured": f"{statistics.median(t):.0f} ms / {p95(t):.0f} ms "
            f"(floor p95 {p95(f):.0f} ms, ratio {p95(t) / p95(f):.1f})",
            "met": p95(t) < 100,
            "command": COMMAND,
        }
        for name, target, t, f in rows
    ]
    for name, url, query in (("directory", directory, params), ("mentorship page", detail, {})):
        cpu, sql = cpu_ms(client, url, 10, query), sql_ms(client, url, query)
        result.append(
            {
                "figure": f"{name}: app CPU per request (median) + PostgreSQL execution time",
                "target": "sum < 100 ms (load-independent estimate)",
                "measured": f"{cpu:.0f} ms + {sql:.1f} ms",
                "met": cpu + sql < 100,
                "command": COMMAND,
            }
        )
    result.append(
        {
            "figure": "directory queries (page 1 / page 2)",
            "target": "constant",
            "measured": f"{dir_queries} / {page2_queries}",
            "met": dir_queries == page2_queries,
            "command": COMMAND,
        }
    )
    result.append(
        {
            "figure": "mentorship page queries",
            "target": "<= 20 at any size (tests/mentorship/test_queries.py)",
            "measured": str(page_queries),
            "met": page_queries <= 20,
            "command": COMMAND,
        }
    )
    return result


if __name__ == "__main__":
    for row in run(int(sys.argv[1]) if len(sys.argv) > 1 else 30):
        print(f"{row['figure']}: {row['measured']} (target {row['target']}, met: {row['met']})")
