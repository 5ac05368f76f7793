"""``events.listing.list_page``: an event list's rows from one hand-written statement, the same
rows, in the same order, with the same values as the ORM's ``for_listing().with_my_status``."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.paging import ids_first_page
from events.listing import list_page
from events.models import Event
from tests.factories import AttendanceFactory, EventFactory, PrivateEventFactory, term

pytestmark = pytest.mark.django_db

COLUMNS = (
    "pk",
    "title",
    "starts_at",
    "ends_at",
    "all_day",
    "venue",
    "city",
    "state",
    "online_url",
    "owner_id",
    "place",
    "cpd_total",
    "when_label",
    "specialty_labels",
    "my_status",
)


def _world(doctor, outsider):
    start = timezone.now() + dt.timedelta(days=2)
    physician, surgeon = term("specialty", "physician"), term("specialty", "dermatology")
    for n in range(7):
        EventFactory(
            title=f"Meeting {n % 3}",  # ties on the title: the primary key orders them
            starts_at=start + dt.timedelta(days=n // 2),
            ends_at=start + dt.timedelta(days=n // 2, hours=3),
            specialties=[surgeon, physician][: n % 3],
            all_day=n == 4,
            timezone="Australia/Perth" if n == 5 else "Australia/Sydney",
            venue="" if n == 6 else "Hall",
            online_url="https://example.org/live" if n > 4 else "",
            cpd_educational=Decimal("1.5") if n == 2 else 0,
            cpd_reviewing_performance=0,
        )
    mine = PrivateEventFactory(owner=doctor, starts_at=start, ends_at=start + dt.timedelta(hours=1))
    PrivateEventFactory(owner=outsider, starts_at=start, ends_at=start + dt.timedelta(hours=1))
    AttendanceFactory(owner=doctor, event=mine, status="attending")
    AttendanceFactory(owner=outsider, event=Event.objects.filter(published=True).first())


def _values(page):
    return [[getattr(row, name) for name in COLUMNS] + [str(row.kind)] for row in page.object_list]


@pytest.mark.parametrize("number", [1, 2, 3, 99, "x"])
@pytest.mark.parametrize("past", [False, True])
def test_the_hand_written_rows_are_the_orms_rows(doctor, outsider, number, past):
    _world(doctor, outsider)
    events = Event.objects.visible_to(doctor)
    events = events.past(timezone.now() + dt.timedelta(days=30)) if past else events.upcoming()
    orm = ids_first_page(events, number, 3, lambda rows: rows.for_listing().with_my_status(doctor))
    page = list_page(events, number, 3, doctor)
    assert page.number == orm.number
    assert page.paginator.count == orm.paginator.count == 8
    assert _values(page) == _values(orm)


def test_an_empty_list_is_an_empty_page(doctor):
    page = list_page(Event.objects.none(), 1, 25, doctor)
    assert list(page.object_list) == []
    page = list_page(Event.objects.visible_to(doctor).upcoming(), 1, 25, doctor)
    assert list(page.object_list) == []


def test_a_page_is_two_statements(doctor, outsider):
    _world(doctor, outsider)
    with CaptureQueriesContext(connection) as queries:
        list_page(Event.objects.visible_to(doctor).upcoming(), 2, 3, doctor)
    assert len(queries) == 2
