"""The CPD year as CSV: every manual entry and attended event with hours by category."""

from __future__ import annotations

import csv
import io

from . import rules
from .models import CpdEntry
from .progress import attended_events, year_progress

HEADER = [
    "date",
    "activity",
    "provider",
    "source",
    "educational",
    "reviewing_performance",
    "measuring_outcomes",
    "total",
    "reflection",
    "evidence",
    "topics",
]


def _cell(value) -> str:
    """Neutralise spreadsheet formulas (CSV injection) in free text."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def year_csv(user, year: int) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    topic_labels = dict(rules.topics())
    for entry in CpdEntry.objects.for_user(user).in_year(year).order_by("date"):
        writer.writerow(
            [
                entry.date.isoformat(),
                _cell(entry.activity),
                _cell(entry.provider),
                "entry",
                entry.cpd_educational,
                entry.cpd_reviewing_performance,
                entry.cpd_measuring_outcomes,
                entry.total,
                _cell(entry.reflection),
                "yes" if entry.evidence else "",
                "; ".join(topic_labels.get(code, code) for code in entry.topics),
            ]
        )
    for attendance in attended_events(user, year).reverse():
        event = attendance.event
        writer.writerow(
            [
                event.first_day.isoformat(),
                _cell(event.title),
                _cell(event.organiser_name),
                "event",
                attendance.cpd_educational,
                attendance.cpd_reviewing_performance,
                attendance.cpd_measuring_outcomes,
                attendance.cpd_total,
                _cell(attendance.notes),
                "",
                "",
            ]
        )
    progress = year_progress(user, year)
    hours = progress.by_category
    writer.writerow(
        [
            "",
            "Total",
            "",
            "",
            hours["educational"],
            hours["reviewing_performance"],
            hours["measuring_outcomes"],
            progress.total,
            "",
            "",
            "",
        ]
    )
    return out.getvalue()
