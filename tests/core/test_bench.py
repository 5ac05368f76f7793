"""The benchmark harness's own pieces that can be checked quickly: the Server-Timing header it
reads, and the results table it rewrites. (The benchmarks themselves are scripts, not tests.)"""

import dataclasses
import datetime as dt

import pytest
from django.urls import reverse

from bench import report, seed
from bench.pages import server_timing


def test_server_timing_parses_app_time_and_query_count():
    assert server_timing('app;dur=12.5;desc="app", db;dur=3.1;desc="7 queries"') == (12.5, 7)
    assert server_timing("app;dur=4.0") == (4.0, None)
    with pytest.raises(ValueError):
        server_timing("")


@pytest.mark.django_db
def test_server_timing_header_counts_queries_when_asked(doctor_client, settings):
    response = doctor_client.get(reverse("dashboard"))
    app_ms, queries = server_timing(response["Server-Timing"])
    assert app_ms > 0
    assert queries is not None and queries >= 2  # at least the session and the user
    # The app figure stays first, so `header.split("dur=")[1].split(";")[0]` still reads it.
    assert float(response["Server-Timing"].split("dur=")[1].split(";")[0]) == app_ms


def test_server_timing_header_has_no_query_count_in_production(rf, settings):
    from django.http import HttpResponse

    from core.middleware import ServerTimingMiddleware

    settings.SERVER_TIMING_QUERIES = False
    middleware = ServerTimingMiddleware(lambda request: HttpResponse("ok"))
    assert server_timing(middleware(rf.get("/"))["Server-Timing"])[1] is None


def test_report_replaces_its_rows_and_keeps_the_hand_written_text(tmp_path):
    doc = tmp_path / "performance.md"
    intro, tail = "# Perf\n\nHand-written intro.\n\n", "\n\n## Tail\n"
    doc.write_text(f"{intro}{report.START}\nold\n{report.END}{tail}")
    row = {"figure": "contact list [small]", "target": "p95 < 100 ms", "measured": "p95 9 ms"}
    report.write([{**row, "met": True, "ratio": 1.5}], doc, dt.date(2026, 11, 29))
    report.write([{"figure": "dashboard [small]", "measured": "p95 8 ms"}], doc)
    report.write([{**row, "measured": "p95 12 ms", "met": False}], doc, dt.date(2026, 11, 30))

    text = doc.read_text()
    assert text.startswith(intro) and text.endswith(tail)
    assert "old" not in text
    lines = [line for line in text.splitlines() if line.startswith("| contact list")]
    assert len(lines) == 1
    assert "p95 12 ms" in lines[0] and "**no**" in lines[0] and "30/11/2026" in lines[0]
    assert "| dashboard [small] |" in text
    assert "cores" in report.machine()


@pytest.mark.django_db
def test_fleet_doctors_take_a_daily_digest_in_australian_and_new_zealand_time_zones():
    fleet = seed.SCENARIOS["fleet"]
    small = dataclasses.replace(fleet, name="fleettest", doctors=9)

    doctors = seed._users(small)

    assert {(d.digest_frequency, d.digest_hour, d.digest_when_empty) for d in doctors} == {
        ("daily", 7, True)
    }
    assert {str(d.timezone) for d in doctors} == set(seed.ZONES)


def _lighthouse_result(**changes):
    from bench.lighthouse import Result

    fields = {
        "page": "dashboard",
        "url": "/dashboard/",
        "scores": {"performance": 97, "accessibility": 100, "best-practices": 100},
        "lcp_s": 1.9,
        "total_bytes": 199_000,
        "failed_audits": [],
    }
    return Result(**{**fields, **changes})


def test_a_lighthouse_page_at_the_targets_misses_none():
    assert _lighthouse_result().misses() == []


def test_a_lighthouse_page_below_any_target_says_which():
    result = _lighthouse_result(
        scores={"performance": 96, "accessibility": 96, "best-practices": 100},
        lcp_s=2.0,
        total_bytes=200_000,
    )
    assert result.misses() == [
        "performance 96 < 97",
        "accessibility 96 < 100",
        "LCP 2.00s >= 2.0s",
        "200 kB >= 200 kB",
    ]
