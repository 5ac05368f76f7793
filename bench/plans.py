"""Query plans of the hot paths: ``EXPLAIN (ANALYZE, BUFFERS)`` of every query they run.

    python -m bench.plans [SCENARIO]         # default: small; plans go to bench/results/

Each hot path (contact search, the due list, event browse, the mentor directory, and the main
pages) is run once as the scenario's lead doctor while a ``connection.execute_wrapper`` records
its SQL; every recorded ``SELECT`` is then explained with ``ANALYZE, BUFFERS``. A sequential scan
on a large table (more than ``LARGE_ROWS`` rows by PostgreSQL's own statistics) is flagged: with a
doctor's data spread among many doctors, it means the query reads everyone's rows. Paths whose
code has not landed yet (no QuerySet method, no URL) are reported as skipped.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

LARGE_ROWS = 10_000
RESULTS = Path(__file__).resolve().parent / "results"
SEQ_SCAN = re.compile(r"Seq Scan on (\w+)")
EXECUTION = re.compile(r"Execution Time: ([\d.]+) ms")
READS = ("SELECT", "WITH")


@dataclass
class Captured:
    sql: str
    params: object


class Recorder:
    """Records every query run inside ``with connection.execute_wrapper(recorder):``."""

    def __init__(self) -> None:
        self.queries: list[Captured] = []

    def __call__(self, execute, sql, params, many, context):
        if not many:
            self.queries.append(Captured(sql, params))
        return execute(sql, params, many, context)


def record(action: Callable[[], object]) -> list[Captured]:
    from django.db import connection

    recorder = Recorder()
    with connection.execute_wrapper(recorder):
        action()
    return recorder.queries


def large_tables() -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples::bigint FROM pg_class "
            "WHERE relkind = 'r' AND reltuples > %s",
            [LARGE_ROWS],
        )
        return dict(cursor.fetchall())


def explain(query: Captured) -> str:
    from django.db import connection, transaction

    # ANALYZE runs the query: inside a rolled-back savepoint, in case one ever writes.
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query.sql, query.params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        transaction.set_rollback(True)
    return plan


# --- The hot paths ------------------------------------------------------------------------------


def _page(names: list[str], arg: Callable | None = None, query: str = "") -> Callable:
    """A path that is a page: GET it in-process with Django's test client."""

    def run(user):
        from django.test import Client

        from bench.pages import Page, _resolve

        page = Page("", list(names), None, arg, query)
        _resolve(page, user)
        if page.skipped:
            raise LookupError(page.skipped)
        client = Client()
        client.force_login(user)
        return lambda: client.get(page.url)

    return run


def _contact_search(user):
    from contacts.models import Contact, ContactQuerySet

    if not hasattr(ContactQuerySet, "search"):
        return _page(["contacts:search", "contacts:list"], query="?q=smyth")(user)
    return lambda: list(Contact.objects.for_user(user).alive().search("smyth", owner=user)[:50])


def _due_list(user):
    from django.utils import timezone

    from reminders.due import due_items, sources

    if not sources():
        raise LookupError("no due sources registered yet")
    today = timezone.localdate()
    return lambda: due_items([user.pk], today, today + dt.timedelta(days=7))


def hot_paths():
    from bench.pages import _lead_contact, _lead_event

    return [
        ("contact search 'smyth'", _contact_search),
        ("due list (7 days)", _due_list),
        ("events browse", _page(["events:browse", "events:list"])),
        ("events browse (all upcoming)", _page(["events:browse", "events:list"], query="?all=1")),
        ("event page", _page(["events:detail", "events:event_detail"], _lead_event)),
        ("mentor directory", _page(["mentorship:directory"])),
        ("contact list", _page(["contacts:list"])),
        ("contact page", _page(["contacts:detail"], _lead_contact)),
        ("dashboard", _page(["dashboard"])),
        ("network graph data", _page(["collaboration:graph_data"])),
    ]


def measure(scenario: str = "small", log=print) -> list[dict]:
    from django.conf import settings

    from accounts.models import User
    from bench.seed import lead_email

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    user = User.objects.get(email=lead_email(scenario))
    large = large_tables()
    RESULTS.mkdir(exist_ok=True)
    report = RESULTS / f"plans-{scenario}.txt"
    command = f"python -m bench.plans {scenario}"
    rows, lines = [], []
    for name, prepare in hot_paths():
        figure = f"plan: {name} [{scenario}]"
        try:
            action = prepare(user)
        except LookupError as exc:
            rows.append(_row(figure, f"skipped: {exc}", None, command))
            continue
        # Reads only, including those that start with a CTE (``WITH …``).
        queries = [q for q in record(action) if q.sql.lstrip().upper().startswith(READS)]
        flagged, total_ms = [], 0.0
        lines.append(f"=== {name} [{scenario}]: {len(queries)} SELECT queries")
        for query in queries:
            plan = explain(query)
            total_ms += sum(float(ms) for ms in EXECUTION.findall(plan))
            scans = [t for t in SEQ_SCAN.findall(plan) if t in large]
            flagged += [f"{t} ({large[t]:,} rows)" for t in scans]
            lines += ["", "-- " + query.sql, plan, ""]
        lines.append("")
        measured = f"{len(queries)} queries, {total_ms:.1f} ms executing; " + (
            "Seq Scan on " + ", ".join(sorted(set(flagged)))
            if flagged
            else "no Seq Scan on large tables"
        )
        rows.append(_row(figure, measured, not flagged, command))
        log(f"{figure}: {measured}")
    report.write_text("\n".join(lines))
    log(f"plans written to {report}")
    return rows


def _row(figure: str, measured: str, met, command: str) -> dict:
    return {
        "figure": figure,
        "target": f"no Seq Scan on a table over {LARGE_ROWS:,} rows",
        "measured": measured,
        "met": met,
        "command": command,
    }


def run() -> list[dict]:
    from bench.seed import ensure

    ensure("small")
    return measure("small")


def main(argv: list[str] | None = None) -> int:
    from bench.seed import SCENARIOS, ensure, setup_django

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", default="small", choices=sorted(SCENARIOS))
    args = parser.parse_args(argv)
    setup_django()
    ensure(args.scenario)
    measure(args.scenario)
    return 0


if __name__ == "__main__":
    sys.exit(main())
