"""Page timings under gunicorn: each main page's server time against the floor, in one run.

    python -m bench.pages [SCENARIO] [--runs N] [--set-size N]   # default: small, 40 rounds

Starts gunicorn (one sync worker, so requests never queue behind each other and timings are
stable) on a free loopback port with production settings (``DJANGO_DEBUG=false``, static files
collected) plus ``NETMED_BENCH=true``, which makes the ``Server-Timing`` header carry the query
count. This process logs in as the scenario's lead doctor through a session made with Django's
``SessionStore`` and requests every page in interleaved rounds, reading the server's own time from
``Server-Timing``. The ``floor`` view renders the base template with no database work of its own.

Verdicts that do not flip on noise (issue 22, part 4):

- **Interleaved**: within each round the floor and the pages alternate (floor, page 1, floor,
  page 2, ...), so whatever else the machine is doing falls on the floor and on each page alike.
- **Round sets**: the rounds come in sets (``--set-size``, default 10). After each set the floor's
  own spread is checked: its p95 ÷ p50 within the set, and its p50 against the sets kept so far.
  A set whose floor says the machine was busy is thrown away and measured again (at most
  ``MAX_REPEATS`` times in a run; after that the set is kept and the figures say "busy").
- **Ratios at p50 and p95**: each page's p50 and p95 over the kept sets, each divided by the
  floor's p50 and p95 over the same sets. A figure is "met" only when both ratios are within the
  page's target (the issue's targets: 4×, 6× or 15× the floor).
- ``/proc/loadavg`` is printed before and after, and recorded in the run's summary row.

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
# The floor is the base template and nothing else: on a quiet pinned core its p95 was 1.1-1.25×
# its p50 (30/11/2026 runs), at load average 12 on 2 cores 1.75-1.8× (29/11 and 06/12). Above
# FLOOR_SPREAD_LIMIT, or with its p50 drifted FLOOR_DRIFT_LIMIT× above the sets kept so far, other
# processes were taking the CPU during the set, and the set is measured again.
FLOOR_SPREAD_LIMIT, FLOOR_DRIFT_LIMIT, MAX_REPEATS = 1.5, 1.5, 4
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


# --- Verdicts (pure functions; tests/core/test_bench_verdicts.py) -------------------------------


def ratio(value_ms: float, floor_ms: float | None) -> float | None:
    """A page's time as a multiple of the floor's, or None without a floor."""
    return round(value_ms / floor_ms, 1) if floor_ms else None


def floor_spread(floor_times: list[float]) -> float:
    """The floor's p95 ÷ p50: near 1 when nothing else wanted the CPU during the set."""
    return p95(floor_times) / statistics.median(floor_times)


def busy_reason(
    floor_times: list[float],
    kept_floor_p50s: list[float],
    *,
    spread_limit: float = FLOOR_SPREAD_LIMIT,
    drift_limit: float = FLOOR_DRIFT_LIMIT,
) -> str:
    """Why a round set's floor says the machine was busy, or "" when it looks quiet.

    Busy when the floor's own p95 is over ``spread_limit`` times its p50 within the set, or when
    its p50 is over ``drift_limit`` times the median p50 of the sets kept so far (the whole set
    ran slow, evenly)."""
    if len(floor_times) < 2:
        return ""
    spread = floor_spread(floor_times)
    if spread > spread_limit:
        return f"floor p95/p50 {spread:.1f} > {spread_limit:g}"
    if kept_floor_p50s:
        drift = statistics.median(floor_times) / statistics.median(kept_floor_p50s)
        if drift > drift_limit:
            return f"floor p50 {drift:.1f}x the earlier sets' > {drift_limit:g}"
    return ""


def should_repeat(reason: str, repeats_so_far: int, max_repeats: int = MAX_REPEATS) -> bool:
    """Measure a busy set again, unless the run has already repeated ``max_repeats`` sets."""
    return bool(reason) and repeats_so_far < max_repeats


def verdict(p50_ratio: float | None, p95_ratio: float | None, target: float | None) -> bool | None:
    """Met only when the page is within ``target`` times the floor at p50 AND at p95; None for a
    reference page (no target) or without a floor to compare with."""
    if target is None or p50_ratio is None or p95_ratio is None:
        return None
    return p50_ratio <= target and p95_ratio <= target


def load_average() -> str:
    """The 1, 5 and 15 minute load averages from ``/proc/loadavg`` (``?`` where there is none)."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


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


# The issue's targets (issue 22, part 5): a page's p50 and p95 within this many times the floor's.
LIST, DETAIL, GRAPH = 4, 6, 15


@dataclass
class Page:
    figure: str
    names: list[str]  # URL names, the first that exists wins
    target: float | None = LIST  # times the floor at p50 and p95; None: a reference figure
    arg: Callable | None = None  # user -> the object's pk, for detail pages
    query: str = ""
    issue: str = ""
    times: list[float] = field(default_factory=list)
    spent: float = 0.0  # seconds of server time so far
    queries: set[int] = field(default_factory=set)
    url: str = ""
    skipped: str = ""
    htmx: bool = False  # request as htmx does (a partial)


def pages() -> list[Page]:
    return [
        Page("floor (base template, no database work)", ["floor"], None),
        Page("dashboard", ["dashboard"], DETAIL, issue="#6"),
        # Loaded by htmx after the dashboard; cached per doctor for 5 minutes, so every round
        # after the first measures the cached answer.
        Page("dashboard network health (htmx)", ["dashboard_health"], None, issue="#6", htmx=True),
        Page("contact list", ["contacts:list"], LIST, issue="#3"),
        # A deep page costs what page 1 costs (issue 22, part 1); `small` has 10 pages, so there
        # this is its last page.
        Page("contact list page 50", ["contacts:list"], LIST, query="?page=50", issue="#22"),
        Page(
            "contact page (most interactions)", ["contacts:detail"], DETAIL, _lead_contact, "", "#3"
        ),
        Page(
            "contact timeline page 5 (htmx)",
            ["contacts:timeline"],
            None,
            _lead_contact,
            "?page=5",
            "#3",
            htmx=True,
        ),
        Page(
            "contact search 'smyth'",
            ["contacts:search", "contacts:list"],
            LIST,
            query="?q=smyth",
            issue="#3",
        ),
        # Every form that chooses a contact asks this as the doctor types (issue 18).
        Page(
            "person picker 'elo' (htmx)",
            ["contacts:pick"],
            None,
            query="?field=contact&new=1&q=elo",
            issue="#18",
            htmx=True,
        ),
        Page("events browse", ["events:browse", "events:list"], LIST, issue="#4"),
        Page(
            "events browse (all upcoming)",
            ["events:browse", "events:list"],
            LIST,
            query="?all=1",
            issue="#4",
        ),
        Page(
            "event page (attended, most people met)",
            ["events:detail", "events:event_detail"],
            DETAIL,
            _lead_event,
            issue="#4",
        ),
        Page("my events", ["events:mine"], None, issue="#4"),
        Page("mentorship list", ["mentorship:list"], LIST, issue="#5"),
        Page(
            "mentorship page",
            ["mentorship:detail"],
            DETAIL,
            _first_of("mentorship", "Mentorship"),
            issue="#5",
        ),
        Page("mentor directory", ["mentorship:directory"], DETAIL, issue="#5"),
        Page("reminders", ["reminders:list"], DETAIL, issue="#6"),
        Page("keep-in-touch list", ["reminders:cadence_list"], LIST, issue="#6"),
        Page("digest preview", ["reminders:digest_preview"], None, issue="#6"),
        Page("network graph data", ["collaboration:graph_data"], GRAPH, issue="#7"),
        Page("organisations", ["collaboration:organisation_list"], LIST, issue="#7"),
        Page("CPD year", ["cpd:index"], LIST, issue="#22"),
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
    scenario: str = "small",
    runs: int = 40,
    warmup: int = 3,
    log=print,
    only: str = "",
    set_size: int = 10,
) -> list[dict]:
    """Time every page for the scenario's lead doctor (or, with ``only``, the floor and the
    pages whose figure contains it) in round sets, repeating a set the floor says was busy; rows
    for the results table, the last one the run's load average and floor spread."""
    from accounts.models import User
    from bench.seed import lead_email

    user = User.objects.get(email=lead_email(scenario))
    todo = pages()
    if only:
        todo = todo[:1] + [p for p in todo[1:] if only.lower() in p.figure.lower()]
    for page in todo:
        _resolve(page, user)
    floor, live = todo[0], [p for p in todo[1:] if not p.skipped]
    name, key = login_cookie(user)
    from django.conf import settings

    load_before = load_average()
    log(f"load average before: {load_before}")
    sets, kept_floor_p50s, repeats, busy = max(1, -(-runs // set_size)), [], 0, []
    with Gunicorn(server_env(settings.SECRET_KEY)) as server:
        session = f"{name}={key}"
        for _ in range(warmup):
            _round(server.port, session, floor, live, {})
        while len(kept_floor_p50s) < sets and not floor.skipped:
            samples: dict[str, list[float]] = {}
            for _ in range(set_size):
                _round(server.port, session, floor, live, samples)
                # A page far over its target stops early (its figure is clear after a few
                # samples) rather than holding the whole run up for minutes.
                live = [
                    p
                    for p in live
                    if not p.skipped
                    and (
                        p.spent < PAGE_BUDGET_S
                        or len(p.times) + len(samples.get(p.figure, [])) < MIN_SAMPLES
                    )
                ]
            floor_times = samples.get(floor.figure, [])
            if not floor_times:  # no page left to alternate with
                break
            reason = busy_reason(floor_times, kept_floor_p50s)
            if should_repeat(reason, repeats):
                repeats += 1
                log(f"round set {len(kept_floor_p50s) + 1}: {reason}: the machine was busy, again")
                continue
            if reason:
                busy.append(reason)
            for page in todo:
                page.times += samples.get(page.figure, [])
            kept_floor_p50s.append(statistics.median(floor_times))
    load_after = load_average()
    log(f"load average after: {load_after}")
    command = f"python -m bench.pages {scenario} --runs {runs}"
    rows = [_row(page, floor, scenario, runs, command, busy) for page in todo]
    for row in rows:
        log(f"{row['figure']:55} {row['measured']}  met: {row['met']}")
    spread = f"{floor_spread(floor.times):.2f}" if len(floor.times) > 1 else "?"
    rows.append(
        {
            "figure": f"pages: load average and floor spread [{scenario}]",
            "target": f"floor p95/p50 ≤ {FLOOR_SPREAD_LIMIT:g} in every round set",
            "measured": f"load {load_before} before, {load_after} after; {len(kept_floor_p50s)} "
            f"round sets of {set_size} kept, {repeats} measured again; floor p95/p50 {spread}"
            + (f"; kept busy: {'; '.join(busy)}" if busy else ""),
            "met": None if floor.skipped else not busy,
            "command": command,
            "issue": "#22",
        }
    )
    log(rows[-1]["measured"])
    return rows


def _round(port: int, session: str, floor: Page, live: list[Page], samples: dict) -> None:
    """One round: the floor, then a page, the floor, the next page, ... (server times into
    ``samples`` by figure; a page that does not answer 200 is skipped from then on)."""
    for page in live:
        for target in (floor, page):
            if target.skipped:
                break
            status, headers, _ = get(port, target.url, session, htmx=target.htmx)
            if status != 200:
                target.skipped = f"HTTP {status} from {target.url}"
                break
            app_ms, queries = server_timing(headers.get("Server-Timing", ""))
            target.spent += app_ms / 1000
            samples.setdefault(target.figure, []).append(app_ms)
            if queries is not None:
                target.queries.add(queries)


def _row(page: Page, floor: Page, scenario: str, runs: int, command: str, busy: list) -> dict:
    """The results-table row of one page: p50 and p95 with their ratios to the floor's."""
    row = {
        "figure": f"{page.figure} [{scenario}]",
        "target": _target(page),
        "met": None,
        "command": command,
        "issue": page.issue,
    }
    if page.skipped or not page.times:
        return {**row, "measured": f"skipped: {page.skipped or 'no timings'}"}
    p50_ms, p95_ms = statistics.median(page.times), p95(page.times)
    if page is floor:
        r50 = r95 = None
    else:
        r50 = ratio(p50_ms, statistics.median(floor.times) if floor.times else None)
        r95 = ratio(p95_ms, p95(floor.times) if floor.times else None)
    queries = "/".join(str(q) for q in sorted(page.queries)) or "?"
    times = [f"p50 {p50_ms:.1f} ms", f"p95 {p95_ms:.1f} ms"]
    if r50 is not None:
        times = [f"{times[0]} ({r50:g}×)", f"{times[1]} ({r95:g}×)"]
    measured = f"{', '.join(times)}, {queries} queries"
    if len(page.times) < runs:
        measured += f" ({len(page.times)} samples)"
    if busy:
        measured += " [busy machine]"
    return {
        **row,
        "measured": measured,
        "ratio": r95,  # the table's "ratio to floor" column: p95 ÷ floor p95
        "ratio_p50": r50,
        "met": verdict(r50, r95, page.target),
        "p50_ms": round(p50_ms, 1),
        "p95_ms": round(p95_ms, 1),
        "queries": sorted(page.queries),
    }


def _target(page: Page) -> str:
    return f"≤ {page.target:g}× floor at p50 and p95" if page.target else "(reference)"


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
    parser.add_argument("--set-size", type=int, default=10, help="rounds per round set")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    setup_django()
    ensure(args.scenario)
    rows = measure(args.scenario, args.runs, only=args.only, set_size=args.set_size)
    print("figure | target | measured | met")
    for row in rows:
        print(row["figure"], "|", row["target"], "|", row["measured"], "|", row["met"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
