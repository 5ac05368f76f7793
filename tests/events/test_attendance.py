from decimal import Decimal

import pytest
from django.urls import reverse

from events.models import Attendance
from tests.factories import AttendanceFactory, ContactFactory, EventFactory, PersonMetFactory, term

pytestmark = pytest.mark.django_db


def test_marking_attendance_claims_the_events_cpd_hours(doctor, doctor_client):
    event = EventFactory(cpd_educational=Decimal("6.5"))
    response = doctor_client.post(
        reverse("events:attendance_set", args=[event.pk]),
        {"status": "registered"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert b'aria-pressed="true">Registered' in response.content
    attendance = Attendance.objects.get(owner=doctor, event=event)
    assert attendance.status == "registered" and attendance.cpd_educational == Decimal("6.5")


def test_changing_status_keeps_one_attendance(doctor, doctor_client):
    event = EventFactory()
    url = reverse("events:attendance_set", args=[event.pk])
    doctor_client.post(url, {"status": "interested"})
    doctor_client.post(url, {"status": "attended"})
    assert Attendance.objects.get(owner=doctor, event=event).status == "attended"


def test_attendance_details_can_be_edited_and_removed(doctor, doctor_client):
    attendance = AttendanceFactory(owner=doctor)
    doctor_client.post(
        reverse("events:attendance_edit", args=[attendance.pk]),
        {
            "status": "attended",
            "role": "speaker",
            "notes": "Gave the heart failure talk",
            "cpd_educational": "3",
            "cpd_reviewing_performance": "0",
            "cpd_measuring_outcomes": "0",
        },
    )
    attendance.refresh_from_db()
    assert attendance.role == "speaker" and attendance.cpd_educational == Decimal("3")
    doctor_client.post(reverse("events:attendance_remove", args=[attendance.pk]))
    assert not Attendance.objects.filter(pk=attendance.pk).exists()


def test_outsider_cannot_touch_anothers_attendance(doctor, outsider_client):
    attendance = AttendanceFactory(owner=doctor, notes="mine")
    edit = reverse("events:attendance_edit", args=[attendance.pk])
    assert outsider_client.post(edit, {"status": "interested"}).status_code == 404
    remove = reverse("events:attendance_remove", args=[attendance.pk])
    assert outsider_client.post(remove).status_code == 404
    assert Attendance.objects.filter(pk=attendance.pk, status="registered").exists()


def test_outsider_cannot_mark_attendance_at_a_private_event(doctor, outsider_client):
    from tests.factories import PrivateEventFactory

    private = PrivateEventFactory(owner=doctor)
    url = reverse("events:attendance_set", args=[private.pk])
    assert outsider_client.post(url, {"status": "interested"}).status_code == 404


def test_who_might_be_there_lists_contacts_met_at_the_series_or_sharing_its_specialty(
    doctor, doctor_client
):
    from events.models import EventSeries

    series = EventSeries.objects.create(name="RACP Congress")
    earlier = EventFactory(series=series, organiser_term=None)
    event = EventFactory(
        series=series, organiser_term=None, specialties=[term("specialty", "surgery")]
    )
    met = ContactFactory(owner=doctor, family_name="Metbefore", specialty=None)
    PersonMetFactory(owner=doctor, event=earlier, contact=met)
    ContactFactory(owner=doctor, family_name="Surgeonish", specialty=term("specialty", "surgery"))
    ContactFactory(owner=doctor, family_name="Unrelated", specialty=term("specialty", "psychiatry"))
    body = doctor_client.get(reverse("events:detail", args=[event.pk])).content.decode()
    who = body.split('id="who-title"')[1]
    assert "Metbefore" in who and "Surgeonish" in who and "Unrelated" not in who
    assert who.index("Metbefore") < who.index("Surgeonish")


def test_event_page_runs_a_constant_number_of_queries(
    doctor, doctor_client, django_assert_max_num_queries
):
    event = EventFactory(specialties=[term("specialty", "physician")])
    AttendanceFactory(owner=doctor, event=event)
    for size in (2, 20):
        for _ in range(size):
            PersonMetFactory(owner=doctor, event=event)
        ContactFactory.create_batch(size, owner=doctor)
        # session, user, event with specialties, attendance, people met, who might be there,
        # the doctor's presentations at this event (collaboration)
        with django_assert_max_num_queries(7):
            assert doctor_client.get(reverse("events:detail", args=[event.pk])).status_code == 200
