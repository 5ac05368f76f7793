"""Page timings under gunicorn: each main page's server time against the floor, in one run.

    python -m bench.pages [SCENARIO] [--runs N]      # default: small, 40 rounds

Starts gunicorn (one sync worker, so requests never queue behind each other and timings are
stable) on a free loopback port with production settings (``DJANGO_DEBUG=false``, static files
collected) plus ``NETMED_BENCH=true``, which makes the ``Server-Timing`` header carry the query
count. This process logs in as the scenario's lead doctor through a session made with Django's
``SessionStore`` and requests every page in interleaved rounds (each round visits every page once,
so noise from the other processes on the machine falls on all pages alike), reading the server's
own time from ``Server-Timing``. The ``floor`` view renders the base template with no database
work of its own; each page's p95 is reported as a ratio to the floor's p95 measured in the same
run, which is the figure that compares across runs and machines.

Pages are found by URL name; a page whose URL or sample object does not exist yet is skipped and
reported as such, so the harness runs on whatever has landed.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE_BUDGET_S, MIN_SAMPLES = 60, 5
TIMING = re.compile(r"(\w+);dur=([\d.]+)(?:;desc=\"?([^\",]*)\"?)?")


def p95(values: list[float]) -> float:
    return (
        statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else values[0]
    )


def server_timing(header: str) -> tuple[float, int | None]:
    """``(app milliseconds, query count or None)`` from a ``Server-Timing`` header."""
    app_ms, queries = None, None
    for name, dur, desc in TIMING.findall(header or ""):
        if name == "app":
            app_ms = float(dur)
        elif name == "db" and desc and desc.split()[0].isdigit():
            queries = int(desc.split()[0])
    if app_ms is None:
        raise ValueError(f"no app;dur= in Server-Timing: {header!r}")
    return app_ms, queries


# --- The pages ----------------------------------------------------------------------------------


def _lead_contact(user):
    """The lead doctor's most-interacted contact: the fullest contact page."""
    from django.db.models import Count

    from contacts.models import Contact

    return (
        Contact.objects.for_user(user)
        .alive()
        .annotate(n=Count("interactions"))
        .order_by("-n")
        .values_list("pk", flat=True)
        .first()
    )


def _lead_event(user):
    """The published event the lead doctor attended with the most people met: the fullest event
    page (attendance panel, people met with their follow-up state, who might be there)."""
    from django.db.models import Count, Q

    from events.models import Event

    return (
        Event.objects.filter(published=True, attendances__owner=user)
        .annotate(n=Count("people_met", filter=Q(people_met__owner=user)))
        .order_by("-n", "pk")
        .values_list("pk", flat=True)
        .first()
    )


def _first_of(app_label: str, model_name: str, **filters) -> Callable:
    def pick(user):
        from django.apps import apps

        model = apps.get_model(app_label, model_name)
        queryset = model._default_manager.filter(**filters).order_by("pk")
        if any(f.name == "owner" for f in model._meta.concrete_fields):
            # the doctor's own rows, else shared ones (a published event has no owner)
            own = queryset.filter(owner=user).values_list("pk", flat=True).first()
            return own or queryset.filter(owner=None).values_list("pk", flat=True).first()
        return queryset.values_list("pk", flat=True).first()

    return pick


@dataclass
class Page:
    figure: str
    names: list[str]  # URL names, the first that exists wins
    target_ms: float | None = 100
    arg: Callable | None = None  # user -> the object's pk, for detail pages
    query: str = ""
    issue: str = ""
    times: list[float] = field(default_factory=list)
    spent: float = 0.0  # seconds of server time so far
    queries: set[int] = field(default_factory=set)
    size_kb: float = 0.0  # the largest body seen, in kB (issue 22: every page under 60 kB)
    url: str = ""
    skipped: str = ""
    htmx: bool = False  # request as htmx does (a partial)


def pages() -> list[Page]:
    return [
        Page("floor (base template, no database work)", ["floor"], None),
        Page("dashboard", ["dashboard"], 100, issue="#6"),
        # Loaded by htmx after the dashboard; cached per doctor for 5 minutes, so every round
        # after the first measures the cached answer.
        Page("dashboard network health (htmx)", ["dashboard_health"], 100, issue="#6", htmx=True),
        Page("contact list", ["contacts:list"], 100, issue="#3"),
        # A deep page costs what page 1 costs: its rows are picked by id first (issue 22).
        Page("contact list page 50", ["contacts:list"], 100, query="?page=50", issue="#22"),
        Page("contact page (most interactions)", ["contacts:detail"], 100, _lead_contact, "", "#3"),
        Page(
            "contact timeline page 5 (htmx)",
            ["contacts:timeline"],
            100,
            _lead_contact,
            "?page=5",
            "#3",
            htmx=True,
        ),
        Page(
            "contact search 'smyth'",
            ["contacts:search", "contacts:list"],
            50,
            query="?q=smyth",
            issue="#3",
        ),
        # Every form that chooses a contact asks this as the doctor types (issue 18).
        Page(
            "person picker 'elo' (htmx)",
            ["contacts:pick"],
            50,
            query="?field=contact&new=1&q=elo",
            issue="#18",
            htmx=True,
        ),
        Page("events browse", ["events:browse", "events:list"], 100, issue="#4"),
        Page(
            "events browse (all upcoming)",
            ["events:browse", "events:list"],
            100,
            query="?all=1",
            issue="#4",
        ),
        Page(
            "event page (attended, most people met)",
            ["events:detail", "events:event_detail"],
            100,
            _lead_event,
            issue="#4",
        ),
        Page("my events", ["events:mine"], None, issue="#4"),
        Page("mentorship list", ["mentorship:list"], 100, issue="#5"),
        Page(
            "mentorship page",
            ["mentorship:detail"],
            100,
            _first_of("mentorship", "Mentorship"),
            issue="#5",
        ),
        Page("mentor directory", ["mentorship:directory"], 100, issue="#5"),
        Page("reminders", ["reminders:list"], None, issue="#6"),
        Page("keep-in-touch list", ["reminders:cadence_list"], None, issue="#6"),
        Page("digest preview", ["reminders:digest_preview"], None, issue="#6"),
        Page("network graph data", ["collaboration:graph_data"], 200, issue="#7"),
        Page("organisations", ["collaboration:organisation_list"], 100, issue="#7"),
    ]


def _resolve(page: Page, user) -> None:
    from django.urls import NoReverseMatch, reverse

    for name in page.names:
        try:
            if page.arg is None:
                page.url = reverse(name) + page.query
            else:
                try:
                    pk = page.arg(user)
                except LookupError as exc:  # the app has no such model yet
                    page.skipped = f"no sample object ({exc})"
                    return
                if pk is None:
                    page.skipped = "no sample object in this scenario"
                    return
                page.url = reverse(name, args=[pk]) + page.query
            page.names = [name]
            return
        except NoReverseMatch:
            continue
    page.skipped = f"no URL named {' or '.join(page.names)} yet"


# --- The server ---------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(secret_key: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secret_key,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_LOG_LEVEL="WARNING",
        NETMED_BENCH="true",
    )
    return env


class Gunicorn:
    """gunicorn on a free loopback port, stopped (by its own pid) on exit."""

    def __init__(self, env: dict[str, str], workers: int = 1) -> None:
        self.env, self.workers = env, workers
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Gunicorn:
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=self.env,
            check=True,
        )
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "netmed.wsgi:application"]
            + ["--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers)]
            + ["--timeout", "120", "--log-level", "warning"],
            cwd=ROOT,
            env=self.env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited during start-up")
            try:
                if get(self.port, "/healthz/ready", timeout=2)[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        self.__exit__()
        raise RuntimeError("gunicorn did not answer /healthz/ready within 60 s")

    def __exit__(self, *_) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()


def get(
    port: int, path: str, cookie: str = "", timeout: float = 60, htmx: bool = False
) -> tuple[int, dict, bytes]:
    """One GET on loopback with the standard library (gunicorn's sync worker closes each
    connection anyway): status, headers, body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Cookie": cookie} if cookie else {}
        if htmx:
            headers["HX-Request"] = "true"
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def login_cookie(user) -> tuple[str, str]:
    """A logged-in session for ``user``, made the way django.contrib.auth's ``login`` does."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return settings.SESSION_COOKIE_NAME, session.session_key


# --- The run ------------------------------------------------------------------------------------


def measure(
    scenario: str = "small", runs: int = 40, warmup: int = 3, log=print, only: str = ""
) -> list[dict]:
    """Time every page for the scenario's lead doctor (or, with ``only``, the floor and the
    pages whose figure contains it); rows for the results table."""
    from accounts.models import User
    from bench.seed import lead_email

    user = User.objects.get(email=lead_email(scenario))
    todo = pages()
    if only:
        todo = todo[:1] + [p for p in todo[1:] if only.lower() in p.figure.lower()]
    for page in todo:
        _resolve(page, user)
    live = [p for p in todo if not p.skipped]
    cookie = login_cookie(user)
    from django.conf import settings

    with Gunicorn(server_env(settings.SECRET_KEY)) as server:
        for round_ in range(warmup + runs):
            for page in live:
                session = f"{cookie[0]}={cookie[1]}"
                status, headers, body = get(server.port, page.url, session, htmx=page.htmx)
                if status != 200:
                    page.skipped = f"HTTP {status} from {page.url}"
                    continue
                app_ms, queries = server_timing(headers.get("Server-Timing", ""))
                page.spent += app_ms / 1000
                page.size_kb = max(page.size_kb, len(body) / 1000)
                if round_ >= warmup:
                    page.times.append(app_ms)
                    if queries is not None:
                        page.queries.add(queries)
            # A page far over its target stops early (its figure is clear after a few samples)
            # rather than holding the whole run up for minutes.
            live = [
                p
                for p in live
                if not p.skipped and (p.spent < PAGE_BUDGET_S or len(p.times) < MIN_SAMPLES)
            ]
    floor = todo[0]
    floor_p95 = p95(floor.times) if floor.times else None
    command = f"python -m bench.pages {scenario} --runs {runs}"
    rows = []
    for page in todo:
        if page.skipped or not page.times:
            rows.append(
                {
                    "figure": f"{page.figure} [{scenario}]",
                    "target": _target(page),
                    "measured": f"skipped: {page.skipped or 'no timings'}",
                    "met": None,
                    "command": command,
                    "issue": page.issue,
                }
            )
            continue
        p50_ms, p95_ms = statistics.median(page.times), p95(page.times)
        queries = "/".join(str(q) for q in sorted(page.queries)) or "?"
        rows.append(
            {
                "figure": f"{page.figure} [{scenario}]",
                "target": _target(page),
                "measured": f"p50 {p50_ms:.1f} ms, p95 {p95_ms:.1f} ms, {queries} queries, "
                f"{page.size_kb:.0f} kB"
                + (f" ({len(page.times)} samples)" if len(page.times) < runs else ""),
                "ratio": round(p95_ms / floor_p95, 1) if floor_p95 else None,
                "met": None if page.target_ms is None else p95_ms < page.target_ms,
                "command": command,
                "issue": page.issue,
                "p50_ms": round(p50_ms, 1),
                "p95_ms": round(p95_ms, 1),
                "queries": sorted(page.queries),
                "size_kb": round(page.size_kb, 1),
            }
        )
        log(f"{page.figure:45} {rows[-1]['measured']}  ({rows[-1].get('ratio')}x floor)")
    return rows


def _target(page: Page) -> str:
    return f"p95 < {page.target_ms:g} ms" if page.target_ms else "(reference)"


def run() -> list[dict]:
    """Rows for ``python -m bench``: the pages for the ``small`` scenario (seeded if needed)."""
    from bench.seed import ensure

    ensure("small")
    return measure("small")


def main(argv: list[str] | None = None) -> int:
    from bench.seed import SCENARIOS, ensure, setup_django

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", default="small", choices=sorted(SCENARIOS))
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--only", default="", help="only the pages whose figure contains this")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    setup_django()
    ensure(args.scenario)
    for row in measure(args.scenario, args.runs, only=args.only):
        print(row["figure"], "|", row["target"], "|", row["measured"], "|", row.get("ratio"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
