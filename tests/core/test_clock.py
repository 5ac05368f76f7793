"""The test clock (tests/conftest.py): every test starts at one chosen instant, in the app, in
Celery tasks run in-process and in factories alike, and NETMED_TEST_TODAY moves it."""

import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone

from netmed.celery import app as celery_app
from reminders.models import DispatcherRun
from reminders.tasks import dispatch_digests
from tests import conftest, factories

SYDNEY = zoneinfo.ZoneInfo("Australia/Sydney")


def test_every_test_starts_at_the_test_clocks_instant_not_the_machines_date():
    assert abs(timezone.now() - conftest.TEST_NOW) < dt.timedelta(minutes=1)
    assert dt.date.today() == conftest.TEST_NOW.astimezone(SYDNEY).date()


def test_the_clock_runs_on_during_a_test_as_a_real_one_does():
    first = timezone.now()
    while timezone.now() == first:
        pass
    assert timezone.now() > first


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ("2028-02-29", dt.datetime(2028, 2, 29, 12, 0, tzinfo=SYDNEY)),
        ("2026-12-31T23:30+11:00", dt.datetime(2026, 12, 31, 12, 30, tzinfo=dt.UTC)),
        # The first 02:30 of the night daylight saving ends (AEDT); the second is +10:00.
        ("2027-04-04T02:30+11:00", dt.datetime(2027, 4, 3, 15, 30, tzinfo=dt.UTC)),
        ("2027-04-04T02:30+10:00", dt.datetime(2027, 4, 3, 16, 30, tzinfo=dt.UTC)),
    ],
)
def test_netmed_test_today_names_a_day_at_noon_in_sydney_or_an_exact_instant(setting, expected):
    assert conftest.clock_start(setting) == expected


@pytest.mark.django_db
def test_factories_and_in_process_celery_tasks_read_the_moved_clock(clock, monkeypatch):
    leap_day = dt.datetime(2028, 2, 29, 9, 0, tzinfo=SYDNEY)
    clock.move_to(leap_day)
    monkeypatch.setattr(celery_app.conf, "task_always_eager", True)

    doctor = factories.UserFactory()
    dispatch_digests.delay()

    assert doctor.date_joined.astimezone(SYDNEY).date() == dt.date(2028, 2, 29)
    run = DispatcherRun.objects.get()
    assert run.as_of.astimezone(SYDNEY).date() == dt.date(2028, 2, 29)
    assert timezone.localdate() == dt.date(2028, 2, 29)
