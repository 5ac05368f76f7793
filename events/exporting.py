"""Events as CSV in the import's own columns (``events.importing``), so an export edited in a
spreadsheet imports back, updating the same events (matched on ``uid``)."""

from __future__ import annotations

import csv
import io

from django.contrib.postgres.aggregates import StringAgg

from contacts.exporting import neutralise

from . import importing
from .models import CPD_FIELDS

DEADLINES = ("early_bird_deadline", "registration_deadline", "abstract_deadline")
COLUMNS = [
    "uid", "title", "kind", "series", "theme", "organiser", "specialties", "description",
    "start", "end", "timezone", "all_day", "venue", "city", "state", "country", "online_url",
    "website", "cost_note", *CPD_FIELDS, *DEADLINES,
]  # fmt: skip


def _row(event) -> dict:
    all_day = event.all_day
    moment = "%Y-%m-%d" if all_day else "%Y-%m-%d %H:%M"
    # The importer reads an all-day end as the last day, not iCalendar's midnight after it.
    end = event.last_day if all_day else event.local_end
    return {
        "uid": event.import_uid or f"{importing.OWN_UID}{event.pk}",
        "title": event.title,
        "kind": event.kind.code,
        "series": event.series.name if event.series else "",
        "theme": event.theme,
        "organiser": event.organiser_name,
        "specialties": event.specialty_codes or "",
        "description": event.description,
        "start": event.local_start.strftime(moment),
        "end": end.strftime(moment),
        "timezone": str(event.timezone),
        "all_day": "yes" if all_day else "",
        "venue": event.venue,
        "city": event.city,
        "state": event.state,
        "country": event.country.code,
        "online_url": event.online_url,
        "website": event.website,
        "cost_note": event.cost_note,
        **{name: getattr(event, name) for name in CPD_FIELDS},
        **{name: getattr(event, name) or "" for name in DEADLINES},
    }


def events_csv(events) -> str:
    """The events (a queryset) as CSV text, one query."""
    rows = events.select_related("kind", "series", "organiser_term").annotate(
        specialty_codes=StringAgg("specialties__code", ";", distinct=True)
    )
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for event in rows.order_by("starts_at", "title"):
        # Titles and descriptions may be a doctor's words: never a formula in a spreadsheet.
        writer.writerow({name: neutralise(value) for name, value in _row(event).items()})
    return out.getvalue()
