"""The contact timeline pages by a cursor (a day, and how many of its entries were shown):
walking the pages gives the whole timeline once each, in order, and a deep page costs what the
first page costs."""

import datetime as dt
import zoneinfo

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contacts.timeline import TimelineCursor, timeline, timeline_page
from tests.factories import (
    CollaboratorFactory,
    ContactFactory,
    EventFactory,
    FollowUpFactory,
    InteractionFactory,
    IntroductionFactory,
    MeetingFactory,
    MentorshipFactory,
    PersonMetFactory,
    ProjectFactory,
)


def a_busy_contact(doctor, *, days: int = 6):
    """A contact with entries from every source, several of them on the same days (ties that
    fall across page boundaries)."""
    contact = ContactFactory(owner=doctor, notes="Met through the RMO society.")
    today = timezone.localdate()
    for back in range(days):
        day = today - dt.timedelta(days=back * 3)
        for _ in range(3):
            InteractionFactory(owner=doctor, occurred_on=day, contacts=[contact])
        FollowUpFactory(owner=doctor, contact=contact, due_on=day)
        noon = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
        PersonMetFactory(
            owner=doctor, contact=contact, event=EventFactory(starts_at=noon - dt.timedelta(3))
        )
    CollaboratorFactory(
        project=ProjectFactory(owner=doctor, start_date=today - dt.timedelta(days=4)),
        contact=contact,
    )
    IntroductionFactory(owner=doctor, introducer=contact, introduced_on=today)
    MeetingFactory(mentorship=MentorshipFactory(owner=doctor, contact=contact))
    return contact


def keys(entries) -> list[tuple]:
    return [(e.kind, e.occurred_on, e.title, e.url, e.sort_key) for e in entries]


def walk(contact, size: int) -> list[tuple]:
    shown, cursor = [], None
    while True:
        page, cursor = timeline_page(contact, size, cursor)
        assert len(page) <= size
        shown.extend(keys(page))
        if cursor is None:
            return shown


def test_walking_the_pages_shows_the_whole_timeline_once_in_order(doctor):
    contact = a_busy_contact(doctor)
    everything = timeline(contact, 1000)
    assert len(everything) > 30 and {e.kind for e in everything} >= {
        "interaction",
        "note",
        "follow_up",
        "event",
        "project",
        "introduction",
        "mentorship_meeting",
    }
    for size in (1, 2, 3, 5, 20):
        assert walk(contact, size) == keys(everything), f"pages of {size}"


def test_a_deep_page_asks_what_the_first_page_asks(doctor):
    contact = a_busy_contact(doctor, days=20)
    with CaptureQueriesContext(connection) as first:
        _, cursor = timeline_page(contact, 5)
    for _ in range(8):
        _, cursor = timeline_page(contact, 5, cursor)
    with CaptureQueriesContext(connection) as deep:
        timeline_page(contact, 5, cursor)
    assert len(deep.captured_queries) == len(first.captured_queries)
    # Bounded by the cursor's day in SQL, not sliced from every page before it.
    assert f"LIMIT {5 + 1 + cursor.skip}" in deep.captured_queries[0]["sql"]


def test_a_follow_up_done_today_sits_today_even_if_it_was_due_long_ago(doctor):
    contact = ContactFactory(owner=doctor)
    today = timezone.localdate()
    for back in range(1, 6):
        InteractionFactory(owner=doctor, occurred_on=today - dt.timedelta(back), contacts=[contact])
    FollowUpFactory(
        owner=doctor,
        contact=contact,
        what="Send the audit",
        due_on=today - dt.timedelta(days=400),
        done_at=timezone.now(),
    )
    page, _ = timeline_page(contact, 2)
    assert page[0].title == "Follow-up done: Send the audit"


def test_an_event_sits_on_its_first_day_where_it_happens(doctor):
    """Perth is three hours behind Sydney: 23:30 on the 9th in Perth is the 10th in Sydney."""
    contact = ContactFactory(owner=doctor)
    perth = zoneinfo.ZoneInfo("Australia/Perth")
    starts = dt.datetime(2026, 3, 9, 23, 30, tzinfo=perth)
    event = EventFactory(starts_at=starts, timezone="Australia/Perth")
    PersonMetFactory(owner=doctor, contact=contact, event=event)
    assert timeline_page(contact, 5, TimelineCursor(dt.date(2026, 3, 9)))[0][0].kind == "event"
    assert timeline_page(contact, 5, TimelineCursor(dt.date(2026, 3, 8)))[0] == []


def test_load_more_answers_htmx_with_the_next_page_and_a_browser_with_the_page_from_there(
    doctor_client, doctor
):
    contact = a_busy_contact(doctor)
    _, cursor = timeline_page(contact, 20)
    url = reverse("contacts:timeline", args=[contact.pk])
    params = cursor.as_params()

    partial = doctor_client.get(url, params, HTTP_HX_REQUEST="true").content.decode()
    rest = len(timeline(contact, 1000)) - 20
    assert partial.count('class="timeline-entry') == rest and "Back to the newest" not in partial

    response = doctor_client.get(url, params)
    assert response.status_code == 302
    page = doctor_client.get(response.url).content.decode()
    assert "Back to the newest" in page
    assert f"From {cursor.day:%d/%m/%Y} back." in page


def test_a_cursor_that_is_not_one_shows_the_newest_page(doctor_client, doctor):
    contact = a_busy_contact(doctor, days=2)
    body = doctor_client.get(contact.get_absolute_url(), {"before": "31/02", "skip": "x"})
    assert body.status_code == 200 and "Back to the newest" not in body.content.decode()


def test_an_outsider_cannot_page_through_someone_elses_timeline(client, outsider, doctor):
    contact = a_busy_contact(doctor, days=2)
    client.force_login(outsider)
    url = reverse("contacts:timeline", args=[contact.pk])
    assert client.get(url, {"before": "2026-01-01"}, HTTP_HX_REQUEST="true").status_code == 404
