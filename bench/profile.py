"""A pyinstrument profile of one page, for a figure that misses its target (issue 10).

    python -m bench.profile contacts:list --scenario doctor
    python -m bench.profile contacts:list --query "?q=smyth" --htmx contact-results
    python -m bench.profile contacts:detail --scenario doctor          # the busiest contact
    python -m bench.profile contacts:detail --pk 5b0e… --runs 20

Requests the page in-process (Django's test client, production settings: no debug toolbar, no
query log) as the scenario's lead doctor, after a warm-up, ``--runs`` times under pyinstrument,
and writes ``bench/results/profile-<page>-<scenario>.html`` (open it in a browser) and ``.txt``.
Also prints, per request, the median of this process's CPU time and of the time spent waiting
for PostgreSQL, with the query count: on a shared machine those two separate "our Python" from
"the database" better than wall time does.

A page that needs an object (a detail page) gets the same sample object as ``bench.pages``
(``--pk`` overrides it). Runs against ``DATABASE_URL`` or the embedded PostgreSQL; the scenario
must be seeded (``python -m bench.seed SCENARIO``).
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import statistics
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


class _SqlTimer:
    """A ``connection.execute_wrapper`` adding up the time spent in the database."""

    def __init__(self) -> None:
        self.count, self.seconds = 0, 0.0
        self.slowest: list[tuple[float, str]] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = time.perf_counter() - started
            self.count += 1
            self.seconds += elapsed
            self.slowest = sorted([*self.slowest, (elapsed, sql)], reverse=True)[:3]


def _url(name: str, user, pk: str | None, query: str) -> str:
    from django.urls import reverse

    from bench.pages import pages

    if pk is None:
        sample = next((p for p in pages() if name in p.names and p.arg is not None), None)
        try:
            return reverse(name) + query
        except Exception:  # noqa: BLE001 - the page needs an object: use bench.pages' sample
            if sample is None:
                raise SystemExit(f"{name} needs an object: pass --pk") from None
            pk = sample.arg(user)
            if pk is None:
                raise SystemExit(f"no sample object for {name} in this scenario") from None
    return reverse(name, args=[pk]) + query


def profile(
    name: str,
    scenario: str = "doctor",
    *,
    runs: int = 10,
    query: str = "",
    htmx: bool | str = False,
    pk: str | None = None,
    log=print,
) -> dict:
    """Profile ``runs`` requests of the page named ``name``; the files written and the figures."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from pyinstrument import Profiler

    from accounts.models import User
    from bench.seed import lead_email

    settings.DEBUG = False  # as in production: no query log kept in memory
    settings.ALLOWED_HOSTS = ["*"]
    user = User.objects.get(email=lead_email(scenario))
    url = _url(name, user, pk, query)
    client = Client()
    client.force_login(user)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    if isinstance(htmx, str):  # the element htmx swaps: the view renders that partial only
        headers["HTTP_HX_TARGET"] = htmx
    for _ in range(2):  # warm-up: templates compiled, connections open, caches filled
        response = client.get(url, **headers)
        if response.status_code != 200:
            raise SystemExit(f"GET {url}: HTTP {response.status_code}")
    cpu, sql, counts = [], [], []
    profiler = Profiler(interval=0.0005)
    for _ in range(runs):
        timer = _SqlTimer()
        started_cpu = time.process_time()
        with connection.execute_wrapper(timer):
            profiler.start()
            response = client.get(url, **headers)
            if response.streaming:
                b"".join(response.streaming_content)
            profiler.stop()
        cpu.append((time.process_time() - started_cpu) * 1000)
        sql.append(timer.seconds * 1000)
        counts.append(timer.count)
        slowest = timer.slowest
    RESULTS.mkdir(exist_ok=True)
    slug = re.sub(r"[^a-z0-9]+", "-", f"{name} {query} {scenario}".lower()).strip("-")
    html, text = RESULTS / f"profile-{slug}.html", RESULTS / f"profile-{slug}.txt"
    html.write_text(profiler.output_html())
    text.write_text(profiler.output_text(unicode=True, color=False, show_all=False))
    figures = {
        "url": url,
        "runs": runs,
        "cpu_ms": round(statistics.median(cpu), 1),
        "sql_ms": round(statistics.median(sql), 1),
        "queries": sorted(set(counts)),
        "html": str(html),
        "text": str(text),
    }
    log(
        f"{url}: median per request {figures['cpu_ms']} ms CPU in this process, "
        f"{figures['sql_ms']} ms waiting for SQL, {'/'.join(map(str, figures['queries']))} "
        f"queries ({runs} requests)\nprofile: {html}\n         {text}"
    )
    for elapsed, sql in slowest:
        log(f"  slowest query of the last request: {elapsed * 1000:.1f} ms  {sql[:300]}")
    return figures


def main(argv: list[str] | None = None) -> int:
    from bench.seed import SCENARIOS, setup_django

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name", help="URL name, e.g. contacts:list")
    parser.add_argument("--scenario", default="doctor", choices=sorted(SCENARIOS))
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--query", default="", help='query string, e.g. "?q=smyth"')
    parser.add_argument(
        "--htmx",
        nargs="?",
        const=True,
        default=False,
        metavar="TARGET",
        help="request as htmx; with the id of the swapped element (HX-Target), e.g. "
        "contact-results, the view renders that partial",
    )
    parser.add_argument("--pk", help="the object of a detail page (default: bench.pages' sample)")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_DEBUG", "false")
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
    setup_django()
    from django.core.management import call_command

    call_command("collectstatic", "--noinput", verbosity=0)  # production static storage
    profile(args.name, args.scenario, runs=args.runs, query=args.query, htmx=args.htmx, pk=args.pk)
    return 0


if __name__ == "__main__":
    sys.exit(main())
