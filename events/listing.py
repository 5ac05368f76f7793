"""An event list's rows (browse, past, "my events") as plain values from one hand-written
statement: building the ``for_listing().with_my_status(user)`` queryset (two subqueries),
compiling it and a model per row cost more CPU than PostgreSQL takes to run it (issue 22)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
import zoneinfo
from decimal import Decimal

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import QuerySet

from .models import Event, place, when_label

# ``for_listing().with_my_status(owner)``'s columns for one page of events, in the page's order
# (``{ids}``: an array of the page's ids, in order: the page's ids query itself, so the page
# stays one statement beside the count). The specialties are ``with_specialty_labels_of_ids``'
# (the row's ``specialty_ids``, labels by sort order then label); the status is the doctor's one
# attendance (unique per owner and event). tests/events/test_listing.py holds it to the ORM.
PAGE_ROWS_SQL = """
SELECT e.id, e.title, k.label, e.starts_at, e.ends_at, e.timezone, e.all_day,
       e.venue, e.city, e.state, e.online_url, e.owner_id,
       e.cpd_educational, e.cpd_reviewing_performance, e.cpd_measuring_outcomes,
       ARRAY(SELECT t.label FROM core_term t
              WHERE t.id = ANY(e.specialty_ids)
              ORDER BY t.sort_order, t.label),
       (SELECT a.status FROM events_attendance a
         WHERE a.owner_id = %s AND a.event_id = e.id
         LIMIT 1)
  FROM unnest({ids}) WITH ORDINALITY AS page (id, n)
  JOIN events_event e ON e.id = page.id
  JOIN core_term k ON k.id = e.kind_id
 ORDER BY page.n
"""


@dataclasses.dataclass(slots=True)
class ListedEvent:
    """An event as a list row (``{% event_row %}``) reads it: what ``for_listing`` and
    ``with_my_status`` give, without the model. ``kind`` is the kind's label (what the row
    prints of the kind)."""

    pk: uuid.UUID
    title: str
    kind: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    timezone: zoneinfo.ZoneInfo
    all_day: bool
    venue: str
    city: str
    state: str
    online_url: str
    owner_id: uuid.UUID | None
    cpd_educational: Decimal
    cpd_reviewing_performance: Decimal
    cpd_measuring_outcomes: Decimal
    specialty_labels: list[str]
    my_status: str | None

    @property
    def place(self) -> str:
        return place(self.venue, self.city, self.state, self.online_url)

    @property
    def cpd_total(self) -> Decimal:
        return (
            Decimal("0")
            + self.cpd_educational
            + self.cpd_reviewing_performance
            + self.cpd_measuring_outcomes
        )

    @property
    def when_label(self) -> str:
        return when_label(self.starts_at, self.ends_at, self.all_day, self.timezone)


def list_page(events: QuerySet, number, per_page: int, user) -> Page:
    """Page ``number`` of ``events`` (filtered and sorted), its rows ``ListedEvent``s: as
    ``core.paging.ids_first_page(events, number, per_page, lambda rows:
    rows.for_listing().with_my_status(user))`` gives it, in the same two statements (the count,
    then the page's ids and their columns), with the columns read by ``PAGE_ROWS_SQL``."""
    ordering = [*(events.query.order_by or Event._meta.ordering), "pk"]
    ids = events.order_by(*ordering).select_related(None).prefetch_related(None)
    head = Paginator(ids.values_list("pk", flat=True), per_page).get_page(number)
    try:
        sql, params = head.object_list.query.sql_with_params()
    except EmptyResultSet:  # an empty list, or filters that can match nothing
        return Page([], head.number, head.paginator)
    with connection.cursor() as cursor:
        cursor.execute(PAGE_ROWS_SQL.format(ids=f"ARRAY({sql})"), [user.pk, *params])
        rows = [_row(row) for row in cursor.fetchall()]
    return Page(rows, head.number, head.paginator)


def _row(row: tuple) -> ListedEvent:
    values = list(row)
    values[5] = _zone(values[5])
    return ListedEvent(*values)


_ZONES: dict[str, zoneinfo.ZoneInfo] = {}


def _zone(name: str) -> zoneinfo.ZoneInfo:
    """The event's timezone, as ``TimeZoneField`` reads it."""
    zone = _ZONES.get(name)
    if zone is None:
        zone = _ZONES[name] = zoneinfo.ZoneInfo(name)
    return zone
