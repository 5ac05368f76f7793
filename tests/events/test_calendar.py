import datetime as dt
import zoneinfo

import icalendar
import pytest
from django.urls import reverse

from events.calendar import feed_for
from events.models import CalendarFeed
from tests.factories import AttendanceFactory, EventFactory, PrivateEventFactory

pytestmark = pytest.mark.django_db
MELBOURNE = zoneinfo.ZoneInfo("Australia/Melbourne")


def _parse(response) -> icalendar.Calendar:
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def test_single_event_ics_reparses_with_uid_sequence_and_timezone(doctor_client):
    event = EventFactory(
        title="RACP Congress",
        timezone="Australia/Melbourne",
        starts_at=dt.datetime(2030, 5, 10, 9, tzinfo=MELBOURNE),
        ends_at=dt.datetime(2030, 5, 12, 17, tzinfo=MELBOURNE),
    )
    calendar = _parse(doctor_client.get(reverse("events:ics", args=[event.pk])))
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["UID"]) == f"{event.pk}@netmed"
    assert vevent["SEQUENCE"] == 0 and "DTSTAMP" in vevent
    start = vevent.decoded("DTSTART")
    assert start == event.starts_at and start.tzinfo.key == "Australia/Melbourne"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Australia/Melbourne"]


def test_all_day_event_is_a_date_item(doctor_client):
    sydney = zoneinfo.ZoneInfo("Australia/Sydney")
    event = EventFactory(
        all_day=True,
        starts_at=dt.datetime(2030, 3, 4, tzinfo=sydney),
        ends_at=dt.datetime(2030, 3, 6, tzinfo=sydney),
    )
    (vevent,) = _parse(doctor_client.get(reverse("events:ics", args=[event.pk]))).walk("VEVENT")
    assert vevent.decoded("DTSTART") == dt.date(2030, 3, 4)
    assert vevent.decoded("DTEND") == dt.date(2030, 3, 6)


def test_feed_holds_planned_events_private_ones_and_deadlines_without_login(doctor, client):
    planned = EventFactory(title="Planned", registration_deadline=dt.date(2030, 1, 10))
    AttendanceFactory(owner=doctor, event=planned, status="interested")
    skipped = EventFactory(title="Not planned")
    PrivateEventFactory(owner=doctor, title="Department dinner")
    token = feed_for(doctor).token
    response = client.get(reverse("events:feed", kwargs={"token": token}))
    assert response.status_code == 200
    calendar = _parse(response)
    summaries = {str(v["SUMMARY"]) for v in calendar.walk("VEVENT")}
    assert summaries == {"Planned", "Department dinner", "Registration deadline: Planned"}
    assert skipped.title not in summaries
    uids = [str(v["UID"]) for v in calendar.walk("VEVENT")]
    assert len(set(uids)) == len(uids)
    deadline = next(v for v in calendar.walk("VEVENT") if "deadline" in str(v["SUMMARY"]))
    assert deadline.decoded("DTSTART") == dt.date(2030, 1, 10)


def test_changed_event_has_a_higher_sequence_in_the_feed(doctor, client):
    from events.services import bump_sequence

    event = EventFactory()
    AttendanceFactory(owner=doctor, event=event)
    url = reverse("events:feed", kwargs={"token": feed_for(doctor).token})
    bump_sequence([event])
    (vevent,) = _parse(client.get(url)).walk("VEVENT")
    assert vevent["SEQUENCE"] == 1


def test_wrong_feed_token_gives_404(client, doctor):
    feed_for(doctor)
    assert client.get(reverse("events:feed", kwargs={"token": "guess"})).status_code == 404


def test_regenerating_revokes_the_old_feed_address(doctor, doctor_client, client):
    old = feed_for(doctor).token
    doctor_client.post(reverse("events:calendar_regenerate"))
    new = CalendarFeed.objects.get(owner=doctor).token
    assert new != old and len(new) >= 43
    assert client.get(reverse("events:feed", kwargs={"token": old})).status_code == 404
    assert client.get(reverse("events:feed", kwargs={"token": new})).status_code == 200


def test_calendar_page_shows_only_the_doctors_own_feed(doctor, outsider, outsider_client):
    mine = feed_for(doctor).token
    body = outsider_client.get(reverse("events:calendar")).content.decode()
    assert mine not in body
    assert CalendarFeed.objects.get(owner=outsider).token in body


def test_feed_does_not_leak_another_doctors_private_events(doctor, outsider, client):
    PrivateEventFactory(owner=outsider, title="Outsider dinner")
    token = feed_for(doctor).token
    assert (
        b"Outsider dinner"
        not in client.get(reverse("events:feed", kwargs={"token": token})).content
    )


def test_feed_text_is_escaped_and_folded_and_reparses_to_the_same_words(doctor, client):
    title = "Émergency médicine: ‘résumé’ workshop; airway, breathing, circulation " * 3
    event = EventFactory(title=title.strip(), description="Line one\nLine two, with; marks\\")
    AttendanceFactory(owner=doctor, event=event)
    response = client.get(reverse("events:feed", kwargs={"token": feed_for(doctor).token}))
    assert all(len(line) <= 75 for line in response.content.split(b"\r\n"))
    (vevent,) = _parse(response).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == title.strip()
    assert str(vevent["DESCRIPTION"]) == "Line one\nLine two, with; marks\\"
    assert vevent.decoded("DTSTART") == event.starts_at.replace(microsecond=0)
