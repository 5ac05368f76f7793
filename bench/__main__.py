"""Every figure in one command: seed, page timings, query plans, then each ``bench/<topic>.py``.

    python -m bench                  # the small scenario, then every topic module
    python -m bench doctor           # pages and plans for the doctor scenario (seeded if needed)
    python -m bench small doctor     # several scenarios in one run
    python -m bench doctor --no-topics --runs 60

Runs against ``DATABASE_URL`` or the embedded PostgreSQL. A topic module is any ``bench/*.py``
(other than the harness's own) exposing ``run() -> list[dict]`` with keys figure, target,
measured, met, command; a module that fails is reported as a row and the run goes on. The results
replace their rows in the generated table of ``docs/performance.md`` (see ``bench/report.py``).
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
import time
import traceback
from pathlib import Path

HARNESS = {"__main__", "seed", "pages", "plans", "report", "profile"}


def topic_modules() -> list[str]:
    here = Path(__file__).resolve().parent
    return sorted(
        m.name for m in pkgutil.iter_modules([str(here)]) if m.name not in HARNESS and not m.ispkg
    )


def run_topics(log=print, only: set[str] | None = None, skip: set[str] | None = None) -> list[dict]:
    rows = []
    for name in topic_modules():
        if (only and name not in only) or (skip and name in skip):
            continue
        command = f"python -m bench.{name}"
        try:
            module = importlib.import_module(f"bench.{name}")
        except Exception as exc:  # noqa: BLE001 - one broken module must not stop the others
            rows.append(_failed(name, f"import failed: {exc!r}", command))
            continue
        if not callable(getattr(module, "run", None)):
            log(f"bench.{name}: no run(), skipped")
            continue
        started = time.perf_counter()
        log(f"bench.{name} …")
        try:
            result = list(module.run())
        except Exception as exc:  # noqa: BLE001
            traceback.print_exc()
            rows.append(_failed(name, f"run() failed: {exc!r}", command))
            continue
        for row in result:
            row.setdefault("command", command)
        rows += result
        log(f"bench.{name}: {len(result)} figures in {time.perf_counter() - started:.0f}s")
    return rows


def _failed(name: str, why: str, command: str) -> dict:
    return {
        "figure": f"bench.{name}",
        "target": "",
        "measured": why,
        "met": False,
        "command": command,
    }


def main(argv: list[str] | None = None) -> int:
    from bench.seed import SCENARIOS, ensure, setup_django

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenarios", nargs="*", help=f"of {', '.join(SCENARIOS)} (default: small)")
    parser.add_argument("--runs", type=int, default=40, help="rounds of page requests")
    parser.add_argument("--set-size", type=int, default=10, help="rounds per round set (pages)")
    parser.add_argument("--full", action="store_true", help="doctor: all 100 doctors full size")
    parser.add_argument("--no-topics", action="store_true", help="skip bench/<topic>.py modules")
    parser.add_argument("--no-write", action="store_true", help="print, leave the docs alone")
    parser.add_argument(
        "--topics-only", action="store_true", help="no scenario pages or plans, only topics"
    )
    parser.add_argument("--topic", action="append", help="run only this topic (repeatable)")
    parser.add_argument("--skip-topic", action="append", help="skip this topic (repeatable)")
    args = parser.parse_args(argv)
    scenarios = args.scenarios or ["small"]
    unknown = set(scenarios) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenario {', '.join(sorted(unknown))}")

    import os
    import secrets

    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    setup_django()
    from django.core.management import call_command

    from bench import pages, plans, report

    call_command("migrate", verbosity=0)
    rows: list[dict] = []
    for scenario in [] if args.topics_only else scenarios:
        summary = ensure(scenario, full=args.full)
        rows.append(
            {
                "figure": f"seed {scenario}: {summary['about']}",
                "target": "< 180 s" if scenario == "doctor" else "",
                "measured": f"{summary['seconds']} s, {sum(summary['rows'].values()):,} rows",
                "met": summary["seconds"] < 180 if scenario == "doctor" else None,
                "command": f"python -m bench.seed {scenario} --reset"
                + (" --full" if summary.get("full") else ""),
            }
        )
        rows += pages.measure(scenario, args.runs, set_size=args.set_size)
        rows += plans.measure(scenario)
    if not args.no_topics:
        rows += run_topics(only=set(args.topic or ()), skip=set(args.skip_topic or ()))
    for row in rows:
        print(f"{row['figure']} | {row.get('target', '')} | {row['measured']} | {row.get('met')}")
    if not args.no_write:
        report.write(rows)
        print(f"results written to {report.DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
