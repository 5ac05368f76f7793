import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Event, ModerationStatus
from tests.factories import (
    AttendanceFactory,
    EventFactory,
    PrivateEventFactory,
    event_form_data,
    term,
)

pytestmark = pytest.mark.django_db


def test_browse_defaults_to_the_doctors_specialty_and_state_with_a_show_all_link(
    doctor, doctor_client
):
    doctor.specialty = term("specialty", "physician")
    doctor.state = "VIC"
    doctor.save()
    EventFactory(title="Melbourne physicians", state="VIC", specialties=[doctor.specialty])
    EventFactory(title="Sydney surgeons", state="NSW", specialties=[term("specialty", "surgery")])
    EventFactory(title="Sydney physicians in person", state="NSW", specialties=[doctor.specialty])
    EventFactory(
        title="Online grand round hosted in Sydney",
        state="NSW",
        online_url="https://example.org/round",
        specialties=[doctor.specialty],
    )
    EventFactory(title="National conference", state="", specialties=[])
    response = doctor_client.get(reverse("events:list"))
    body = response.content.decode()
    assert "Melbourne physicians" in body
    assert "Online grand round hosted in Sydney" in body  # online: for a doctor anywhere
    assert "National conference" in body  # no state, open to every specialty
    assert "Sydney surgeons" not in body
    assert "Sydney physicians in person" not in body
    assert "Physician in VIC</strong>, and everything online or national" in body
    assert "Show all events" in body
    # A field the doctor is aiming for counts too.
    doctor.interests.add(term("specialty", "surgery"))
    body = doctor_client.get(reverse("events:list")).content.decode()
    assert "Physician, Surgery in VIC" in body
    assert "Sydney surgeons" not in body  # surgery, but in person in another state
    EventFactory(
        title="Melbourne surgeons", state="VIC", specialties=[term("specialty", "surgery")]
    )
    assert "Melbourne surgeons" in doctor_client.get(reverse("events:list")).content.decode()
    everything = doctor_client.get(reverse("events:list") + "?all=1").content.decode()
    assert "Sydney surgeons" in everything and "Melbourne physicians" in everything


def test_browse_filters_by_kind_month_online_and_search(doctor_client):
    start = timezone.now() + dt.timedelta(days=40)
    EventFactory(
        title="Cardiology webinar",
        kind=term("event_kind", "webinar"),
        online_url="https://example.org/w",
        starts_at=start,
    )
    EventFactory(title="ALS course", kind=term("event_kind", "skills_course"), starts_at=start)
    url = reverse("events:list")
    webinar = term("event_kind", "webinar").pk
    assert "ALS course" not in doctor_client.get(f"{url}?kind={webinar}").content.decode()
    assert "ALS course" not in doctor_client.get(f"{url}?online=true").content.decode()
    found = doctor_client.get(f"{url}?q=als+course").content.decode()
    assert "ALS course" in found and "Cardiology webinar" not in found
    month = start.strftime("%Y-%m")
    assert "ALS course" in doctor_client.get(f"{url}?month={month}").content.decode()


def test_past_events_are_listed_apart_from_upcoming(doctor_client):
    then = timezone.now() - dt.timedelta(days=10)
    EventFactory(title="Last month's congress", starts_at=then, ends_at=then)
    assert "Last month" not in doctor_client.get(reverse("events:list") + "?all=1").content.decode()
    assert "Last month" in doctor_client.get(reverse("events:past") + "?all=1").content.decode()


def test_htmx_browse_returns_only_the_results(doctor_client):
    EventFactory(title="Paged congress")
    response = doctor_client.get(reverse("events:list") + "?all=1", HTTP_HX_REQUEST="true")
    assert b"Paged congress" in response.content
    assert b"<html" not in response.content


def test_unpublished_staff_events_are_hidden_from_doctors(doctor_client):
    draft = EventFactory(title="Draft congress", published=False)
    assert b"Draft congress" not in doctor_client.get(reverse("events:list") + "?all=1").content
    assert doctor_client.get(reverse("events:detail", args=[draft.pk])).status_code == 404


def test_event_page_shows_times_in_the_events_own_timezone(doctor_client):
    import zoneinfo

    perth = zoneinfo.ZoneInfo("Australia/Perth")
    event = EventFactory(
        timezone="Australia/Perth",
        starts_at=dt.datetime(2030, 5, 1, 9, 0, tzinfo=perth),
        ends_at=dt.datetime(2030, 5, 1, 17, 0, tzinfo=perth),
    )
    body = doctor_client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert "01/05/2030 09:00" in body and "17:00" in body


def test_private_event_is_seen_by_its_owner_only(doctor, doctor_client, outsider, client):
    private = PrivateEventFactory(owner=doctor, title="Department dinner")
    assert doctor_client.get(reverse("events:detail", args=[private.pk])).status_code == 200
    assert b"Department dinner" in doctor_client.get(reverse("events:mine")).content
    client.force_login(outsider)
    assert client.get(reverse("events:detail", args=[private.pk])).status_code == 404
    assert client.get(reverse("events:ics", args=[private.pk])).status_code == 404
    assert b"Department dinner" not in client.get(reverse("events:list") + "?all=1").content


def _form(**overrides):
    """A department dinner (social, no CPD), as the event form posts it."""
    dinner = {
        "title": "Cardiology department dinner",
        "kind": term("event_kind", "social").pk,
        "starts_at": "2030-03-06T19:00",
        "ends_at": "2030-03-06T22:00",
        "cpd_educational": "0",
    }
    return event_form_data(**{**dinner, **overrides})


def test_doctor_creates_edits_and_deletes_a_private_event(doctor, doctor_client):
    response = doctor_client.post(reverse("events:create"), _form())
    event = Event.objects.get(title="Cardiology department dinner")
    assert response.url == reverse("events:detail", args=[event.pk])
    assert event.owner == doctor and not event.published
    assert event.local_start.hour == 19
    doctor_client.post(reverse("events:edit", args=[event.pk]), _form(venue="The Rocks"))
    event.refresh_from_db()
    assert event.venue == "The Rocks" and event.sequence == 1
    doctor_client.post(reverse("events:delete", args=[event.pk]))
    assert not Event.objects.filter(pk=event.pk).exists()


def test_all_day_private_event_covers_its_last_day(doctor, doctor_client):
    doctor_client.post(
        reverse("events:create"),
        _form(all_day="on", starts_at="2030-03-06T00:00", ends_at="2030-03-07T00:00"),
    )
    event = Event.objects.get(owner=doctor)
    assert event.all_day and event.last_day == dt.date(2030, 3, 7)


def test_event_that_ends_before_it_starts_is_refused(doctor_client):
    response = doctor_client.post(reverse("events:create"), _form(ends_at="2030-03-06T18:00"))
    assert response.status_code == 200
    assert "must end after it starts" in response.content.decode()


def test_outsider_cannot_edit_or_delete_a_private_event(doctor, outsider_client):
    private = PrivateEventFactory(owner=doctor)
    assert (
        outsider_client.post(reverse("events:edit", args=[private.pk]), _form()).status_code == 404
    )
    assert outsider_client.post(reverse("events:delete", args=[private.pk])).status_code == 404
    assert Event.objects.filter(pk=private.pk, title=private.title).exists()


def test_doctors_cannot_edit_published_events(doctor_client):
    event = EventFactory()
    assert doctor_client.get(reverse("events:edit", args=[event.pk])).status_code == 404


def test_suggested_event_stays_private_until_staff_publish_it(doctor, doctor_client, staff_client):
    doctor_client.post(reverse("events:suggest"), _form(title="Rural GP conference"))
    event = Event.objects.get(title="Rural GP conference")
    assert event.moderation_status == ModerationStatus.PENDING and event.owner == doctor
    queue = staff_client.get(reverse("admin:events_suggestedevent_changelist"))
    assert b"Rural GP conference" in queue.content
    staff_client.post(
        reverse("admin:events_suggestedevent_changelist"),
        {"action": "publish", "_selected_action": [str(event.pk)]},
    )
    event.refresh_from_db()
    assert event.published and event.owner is None
    assert event.moderation_status == ModerationStatus.APPROVED


def test_existing_private_event_can_be_suggested(doctor, doctor_client):
    private = PrivateEventFactory(owner=doctor)
    doctor_client.post(reverse("events:suggest_existing", args=[private.pk]))
    private.refresh_from_db()
    assert private.moderation_status == ModerationStatus.PENDING


def test_browse_runs_a_constant_number_of_queries(doctor, doctor_client, django_assert_num_queries):
    doctor.specialty = term("specialty", "physician")
    doctor.state = "NSW"
    doctor.save()
    for size in (3, 30):
        events = EventFactory.create_batch(size, specialties=[term("specialty", "physician")])
        AttendanceFactory(owner=doctor, event=events[0])
        for url, queries in ((reverse("events:list"), 5), (reverse("events:list") + "?all=1", 5)):
            # session, user, the filters' two vocabularies (with, for the default view, the
            # fields the doctor follows), count, the page's events (with kind, specialties and
            # the doctor's status in the same statement)
            with django_assert_num_queries(queries):
                doctor_client.get(url)


def test_browse_rows_show_the_doctors_status_and_the_events_specialties(doctor, doctor_client):
    event = EventFactory(
        title="Heart failure update",
        specialties=[term("specialty", "physician"), term("specialty", "surgery")],
    )
    AttendanceFactory(owner=doctor, event=event, status="registered")
    AttendanceFactory(event=EventFactory(title="Outsider course"), status="attending")
    body = doctor_client.get(reverse("events:list") + "?all=1").content.decode()
    row = body.split("Heart failure update")[1].split("</li>")[0]
    assert "Registered" in row
    assert term("specialty", "physician").label in row and term("specialty", "surgery").label in row
    other = body.split("Outsider course")[1].split("</li>")[0]
    assert "Attending" not in other
    mine = doctor_client.get(reverse("events:mine")).content.decode()
    assert "Registered" in mine and "Outsider course" not in mine


def test_browse_keeps_the_chosen_filters_selected(doctor_client):
    webinar = term("event_kind", "webinar").pk
    body = doctor_client.get(reverse("events:list") + f"?kind={webinar}&online=true").content
    assert f'<option value="{webinar}" selected>'.encode() in body
    assert b'<option value="true" selected>' in body


def test_an_unknown_kind_in_the_address_is_ignored_not_an_error(doctor_client):
    EventFactory(title="Still listed")
    response = doctor_client.get(reverse("events:list") + "?kind=999999&all=1")
    assert response.status_code == 200


def test_demo_data_seeds_events_and_the_demo_doctors_attendance_once():
    from django.core.management import call_command

    from events.models import Attendance, PersonMet

    call_command("seed_demo")
    call_command("seed_demo")
    assert Event.objects.filter(published=True).count() == 12
    assert Attendance.objects.filter(owner__email="demo@netmed.local").count() == 7
    assert PersonMet.objects.filter(owner__email="demo@netmed.local").count() == 14
    assert Event.objects.filter(owner__email="demo@netmed.local").count() == 1
