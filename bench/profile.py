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

Where the time goes, page by page (issue 22): ``--split`` instead of a page name

    python -m bench.profile --split --scenario doctor --runs 20         # every page with a target
    python -m bench.profile --split dashboard --scenario doctor        # pages whose figure has it

requests each of ``bench.pages``' pages with a target (or those whose figure contains one of the
words given) ``--runs`` times in-process and prints the median split of a request: all of it,
SQL, the template engine (its own Python, without the SQL that lazy querysets run while it
renders, and without the context processors), the context processors, and the rest (middleware
and the view's Python), with this process's CPU time and the ORM's own time turning querysets
into SQL. Those runs time only the outermost render, compile and the SQL, so they cost little.
Then one more instrumented request per page times every template node (include, tag,
``{{ variable|filter }}``) and lists the costliest by their own time (children excluded), with
how often each ran: which include, tag or filter to work on. That one request is slower than the
others (a timer around every node), so its figures rank the hot spots rather than add up to the
page's time.
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


class _CompileTimer:
    """Time spent turning querysets into SQL (the outermost ``SQLCompiler.as_sql`` of each
    query): Python the ORM spends before PostgreSQL sees anything, wherever the query runs."""

    def __init__(self) -> None:
        self.seconds, self.depth = 0.0, 0

    def wrap(self, as_sql):
        def timed(compiler, *args, **kwargs):
            if self.depth:
                return as_sql(compiler, *args, **kwargs)
            self.depth += 1
            started = time.perf_counter()
            try:
                return as_sql(compiler, *args, **kwargs)
            finally:
                self.depth -= 1
                self.seconds += time.perf_counter() - started

        return timed


class _TemplateTimer:
    """Times the outermost template render of a request, and within it the context processors
    and the SQL run while rendering (a queryset a template loops over runs then)."""

    def __init__(self, sql: _SqlTimer) -> None:
        self.sql = sql
        self.seconds = self.sql_seconds = self.processor_seconds = 0.0
        self.depth = 0

    def wrap_render(self, render):
        def timed(template, context=None, request=None):
            if self.depth:  # render_to_string inside a render: counted by the outer one
                return render(template, context, request)
            self.depth += 1
            started, sql_before = time.perf_counter(), self.sql.seconds
            try:
                return render(template, context, request)
            finally:
                self.depth -= 1
                self.seconds += time.perf_counter() - started
                self.sql_seconds += self.sql.seconds - sql_before

        return timed

    def wrap_processor(self, processor):
        def timed(request):
            started, sql_before = time.perf_counter(), self.sql.seconds
            try:
                return processor(request)
            finally:
                # its SQL is already in the outer render's SQL: count only its Python here
                sql = self.sql.seconds - sql_before
                self.processor_seconds += time.perf_counter() - started - sql

        timed.__qualname__ = processor.__qualname__
        return timed


class _NodeTimer:
    """Every template node's own time (its children's excluded) and SQL, by node and template
    line: ``render_annotated`` wrapped for one instrumented request."""

    def __init__(self, sql: _SqlTimer) -> None:
        self.sql = sql
        self.stack: list[list[float]] = []  # per open node: [children's wall, children's SQL]
        self.spent: dict[str, list[float]] = {}  # key -> [own seconds, own SQL seconds, calls]

    @staticmethod
    def key(node) -> str:
        token = getattr(node, "token", None)
        origin = getattr(node, "origin", None)
        where = f"{getattr(origin, 'template_name', '?')}:{getattr(token, 'lineno', '?')}"
        if token is None:
            return f"{where} <{type(node).__name__}>"
        contents = " ".join(token.contents.split())
        contents = contents if len(contents) <= 70 else contents[:67] + "..."
        shape = "{{ %s }}" if type(node).__name__ == "VariableNode" else "{%% %s %%}"
        return f"{where} {shape % contents}"

    def wrap(self, render_annotated):
        def timed(node, context):
            self.stack.append([0.0, 0.0])
            started, sql_before = time.perf_counter(), self.sql.seconds
            try:
                return render_annotated(node, context)
            finally:
                wall = time.perf_counter() - started
                sql = self.sql.seconds - sql_before
                children_wall, children_sql = self.stack.pop()
                if self.stack:
                    self.stack[-1][0] += wall
                    self.stack[-1][1] += sql
                own = self.spent.setdefault(self.key(node), [0.0, 0.0, 0])
                own[0] += wall - children_wall - (sql - children_sql)
                own[1] += sql - children_sql
                own[2] += 1

        return timed

    def by_template(self) -> dict[str, float]:
        """Own time per template file: what each include's markup costs in all."""
        totals: dict[str, float] = {}
        for key, (seconds, _, _) in self.spent.items():
            name = key.split(":", 1)[0]
            totals[name] = totals.get(name, 0.0) + seconds
        return totals


def split(
    scenario: str = "doctor", runs: int = 20, only: list[str] | None = None, top: int = 8, log=print
) -> list[dict]:
    """For each of ``bench.pages``' pages with a target (or whose figure contains one of
    ``only``): the median split of a request's time, and its costliest template nodes."""
    from django.conf import settings
    from django.db import connection
    from django.db.models.sql.compiler import SQLCompiler
    from django.template import base as template_base
    from django.template import engines
    from django.template.backends import django as django_backend
    from django.test import Client

    from accounts.models import User
    from bench.pages import _resolve, pages
    from bench.seed import lead_email

    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["*"]
    user = User.objects.get(email=lead_email(scenario))
    todo = [p for p in pages() if p.figure.startswith("floor") or p.target is not None]
    if only:
        todo = todo[:1] + [p for p in todo[1:] if any(w.lower() in p.figure.lower() for w in only)]
    client = Client()
    client.force_login(user)
    engine = engines["django"].engine
    original_processors = engine.template_context_processors
    original_render = django_backend.Template.render
    original_node_render = template_base.Node.render_annotated
    original_as_sql = SQLCompiler.as_sql
    rows = []
    try:
        for page in todo:
            _resolve(page, user)
            if page.skipped:
                log(f"{page.figure}: skipped ({page.skipped})")
                continue
            headers = {"HTTP_HX_REQUEST": "true"} if page.htmx else {}

            def get(page=page, headers=headers):
                response = client.get(page.url, **headers)
                if response.status_code != 200:
                    raise SystemExit(f"GET {page.url}: HTTP {response.status_code}")
                return response

            for _ in range(3):  # warm-up: templates compiled, caches filled
                get()
            figures: dict[str, list[float]] = {}
            for _ in range(runs):
                sql = _SqlTimer()
                timer = _TemplateTimer(sql)
                django_backend.Template.render = timer.wrap_render(original_render)
                compiling = _CompileTimer()
                SQLCompiler.as_sql = compiling.wrap(original_as_sql)
                engine.__dict__["template_context_processors"] = tuple(
                    timer.wrap_processor(p) for p in original_processors
                )
                started, started_cpu = time.perf_counter(), time.process_time()
                with connection.execute_wrapper(sql):
                    get()
                total = time.perf_counter() - started
                cpu = time.process_time() - started_cpu
                django_backend.Template.render = original_render
                SQLCompiler.as_sql = original_as_sql
                engine.__dict__["template_context_processors"] = original_processors
                template = timer.seconds - timer.sql_seconds - timer.processor_seconds
                for name, seconds in (
                    ("total", total),
                    ("cpu", cpu),
                    ("compile", compiling.seconds),
                    ("sql", sql.seconds),
                    ("template", template),
                    ("processors", timer.processor_seconds),
                    ("other", total - sql.seconds - template - timer.processor_seconds),
                ):
                    figures.setdefault(name, []).append(seconds * 1000)
                figures.setdefault("queries", []).append(sql.count)
            # One instrumented request: every node's own time.
            sql = _SqlTimer()
            nodes = _NodeTimer(sql)
            template_base.Node.render_annotated = nodes.wrap(original_node_render)
            with connection.execute_wrapper(sql):
                get()
            template_base.Node.render_annotated = original_node_render
            row = {"figure": page.figure, "url": page.url}
            row.update({k: round(statistics.median(v), 1) for k, v in figures.items()})
            row["hot"] = sorted(nodes.spent.items(), key=lambda kv: -kv[1][0])[:top]
            row["templates"] = sorted(nodes.by_template().items(), key=lambda kv: -kv[1])[:top]
            rows.append(row)
    finally:
        django_backend.Template.render = original_render
        SQLCompiler.as_sql = original_as_sql
        engine.__dict__["template_context_processors"] = original_processors
        template_base.Node.render_annotated = original_node_render
    _print_split(rows, scenario, runs, log)
    return rows


def _print_split(rows: list[dict], scenario: str, runs: int, log) -> None:
    log(f"\nmedian of {runs} in-process requests per page [{scenario}], ms:")
    log(
        f"{'page':42} {'total':>6} {'SQL':>6} {'templ':>6} {'ctxp':>5} {'other':>6} {'queries':>7}"
        f" {'CPU':>6} {'ORM':>5}"
    )
    for row in rows:
        log(
            f"{row['figure'][:42]:42} {row['total']:6.1f} {row['sql']:6.1f} {row['template']:6.1f}"
            f" {row['processors']:5.1f} {row['other']:6.1f} {row['queries']:7.0f} {row['cpu']:6.1f}"
            f" {row['compile']:5.1f}"
        )
    log(
        "(total: wall time of the request; SQL: waiting for PostgreSQL; templ: the template "
        "engine's own time; ctxp: context processors; other: middleware and the view's Python, "
        "building model instances included; CPU: this process's CPU time, steadier than wall "
        "time on a busy machine; ORM: turning querysets into SQL, within other or templ)"
    )
    log("\nhot spots (one instrumented request; own time, children excluded):")
    for row in rows:
        if row["figure"].startswith("floor"):
            continue
        log(f"\n{row['figure']}  {row['url']}")
        log("  by template file: " + ", ".join(f"{n} {s * 1000:.1f}" for n, s in row["templates"]))
        for key, (seconds, sql_seconds, calls) in row["hot"]:
            extra = f" +{sql_seconds * 1000:.1f} SQL" if sql_seconds > 0.0001 else ""
            log(f"  {seconds * 1000:6.2f} ms{extra} x{calls:<5} {key}")


def main(argv: list[str] | None = None) -> int:
    from bench.seed import SCENARIOS, setup_django

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "name", nargs="*", help="URL name, e.g. contacts:list; with --split: words of page figures"
    )
    parser.add_argument(
        "--split", action="store_true", help="where the time goes: SQL, templates, the rest"
    )
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
    if args.split:
        split(args.scenario, runs=args.runs, only=args.name)
        return 0
    if len(args.name) != 1:
        parser.error("one URL name, e.g. contacts:list (or --split)")
    profile(
        args.name[0], args.scenario, runs=args.runs, query=args.query, htmx=args.htmx, pk=args.pk
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
