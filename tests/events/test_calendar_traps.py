"""Calendars a doctor actually receives (tests/events/fixtures/traps/): Outlook's and Windows'
time-zone names, a file's own VTIMEZONE, floating times, repeating Exchange invitations with a
moved occurrence, and an invitation saved as an email."""

import datetime as dt
import zoneinfo
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from events.importing import import_events
from events.models import Event

TRAPS = Path(__file__).parent / "fixtures" / "traps"
SYDNEY = zoneinfo.ZoneInfo("Australia/Sydney")

pytestmark = pytest.mark.django_db


def trap(name: str, **kwargs):
    return import_events((TRAPS / name).read_bytes(), filename=name, **kwargs)


def test_an_outlook_display_name_with_no_vtimezone_is_read_as_its_zone_not_sydney():
    result = trap("owa_windows_display_tzid.ics")

    event = Event.objects.get()
    assert str(event.timezone) == "America/New_York"
    assert event.starts_at == dt.datetime(2027, 3, 10, 14, tzinfo=dt.UTC)  # 09:00 EST
    assert result.notices == [
        "Time zone “(UTC-05:00) Eastern Time (US & Canada)” read from its name as America/New_York."
    ]


def test_a_files_own_vtimezone_is_honoured_and_shown_as_the_zone_that_keeps_its_rules():
    result = trap("custom_vtimezone.ics")

    event = Event.objects.get()
    assert event.starts_at == dt.datetime(2027, 5, 30, 15, tzinfo=SYDNEY)  # AEST, +10:00
    assert str(event.timezone) == "Australia/Sydney"
    assert "read from its own definition in the file as Australia/Sydney" in result.notices[0]


def test_floating_times_are_refused_until_the_importer_chooses_a_zone_never_sydney():
    refused = trap("floating_times.ics")
    assert refused.created == 0
    assert [r.reason for r in refused.rejected] == [
        "its times name no time zone: choose the time zone for this file and import again"
    ]

    placed = trap("floating_times.ics", timezone="Australia/Perth")
    event = Event.objects.get()
    assert placed.created == 1
    assert event.starts_at == dt.datetime(
        2027, 8, 1, 18, tzinfo=zoneinfo.ZoneInfo("Australia/Perth")
    )


def test_a_repeating_exchange_invitation_imports_each_occurrence_with_the_moved_one_moved():
    today = timezone.localdate()
    week1 = today + dt.timedelta(days=7 - today.weekday())  # next Monday
    week3 = week1 + dt.timedelta(weeks=2)
    text = (TRAPS / "exchange_weekly_with_override.ics.in").read_text()
    data = text.format(week1=f"{week1:%Y%m%d}", week3=f"{week3:%Y%m%d}").encode()

    result = import_events(data, filename="invite.ics")

    events = list(Event.objects.order_by("starts_at"))
    assert result.created == 6 and not result.rejected
    local = [e.starts_at.astimezone(SYDNEY) for e in events]
    assert [t.date() for t in local] == [week1 + dt.timedelta(weeks=n) for n in range(6)]
    assert [(t.hour, t.minute) for t in local] == [
        (7, 30),
        (7, 30),
        (8, 0),
        (7, 30),
        (7, 30),
        (7, 30),
    ]
    assert events[2].title.endswith("(moved to the lecture theatre)")
    assert {str(e.timezone) for e in events} == {"Australia/Sydney"}

    again = import_events(data, filename="invite.ics")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)
    assert {e.sequence for e in Event.objects.all()} == {events[0].sequence}


def test_an_invitation_saved_as_an_email_imports_through_the_command():
    out, err = StringIO(), StringIO()
    call_command("import_events", str(TRAPS / "invitation.eml"), stdout=out, stderr=err)

    event = Event.objects.get()
    assert event.title == "RMO society dinner"
    assert event.venue == "The Grounds, Alexandria"
    assert event.starts_at == dt.datetime(2027, 6, 15, 8, 30, tzinfo=dt.UTC)
    assert "Read the calendar invitation inside the email." in out.getvalue()
    assert err.getvalue() == ""


def test_an_email_without_an_invitation_says_so():
    result = import_events(b"From: a@b.example\r\nSubject: hi\r\n\r\nHello", filename="note.eml")
    assert [r.reason for r in result.rejected] == ["the email has no calendar invitation in it"]


def test_reimporting_an_unchanged_calendar_adds_no_new_version():
    trap("owa_windows_display_tzid.ics")
    sequence = Event.objects.get().sequence
    again = trap("owa_windows_display_tzid.ics")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert Event.objects.get().sequence == sequence
