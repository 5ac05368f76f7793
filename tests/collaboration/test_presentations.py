"""A project's presentations: at one of the doctor's events, or described in free text."""

import datetime as dt

import pytest
from django.urls import reverse

from collaboration.models import Presentation
from tests.factories import (
    AttendanceFactory,
    EventFactory,
    PresentationFactory,
    PrivateEventFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


def _add(client, project, **data):
    return client.post(reverse("collaboration:presentation_add", args=[project.pk]), data)


def test_doctor_adds_a_presentation_at_an_event_they_attended_dated_by_the_event(
    doctor_client, doctor
):
    project = ProjectFactory(owner=doctor)
    event = EventFactory(title="CSANZ Annual Scientific Meeting")
    AttendanceFactory(owner=doctor, event=event, status="attended")

    response = _add(doctor_client, project, title="Registry one-year outcomes", event=event.pk)

    assert response.url == reverse("collaboration:project_detail", args=[project.pk])
    talk = Presentation.objects.get(project=project)
    assert talk.owner == doctor and talk.event == event
    assert talk.presented_on == event.first_day
    page = doctor_client.get(response.url).content.decode()
    assert "Registry one-year outcomes" in page and "CSANZ Annual Scientific Meeting" in page


def test_doctor_adds_a_presentation_at_a_meeting_not_in_their_calendar(doctor_client, doctor):
    project = ProjectFactory(owner=doctor)
    _add(
        doctor_client,
        project,
        title="Handover audit",
        event_name="Hospital grand round",
        venue="Westmead Hospital",
        presented_on="2026-04-02",
    )
    talk = Presentation.objects.get(project=project)
    assert (talk.event, talk.event_name, talk.venue) == (
        None,
        "Hospital grand round",
        "Westmead Hospital",
    )
    page = doctor_client.get(reverse("collaboration:project_detail", args=[project.pk]))
    assert "Hospital grand round, Westmead Hospital · 02/04/2026" in page.content.decode()


def test_only_the_doctors_own_events_are_offered(doctor_client, doctor, outsider):
    project = ProjectFactory(owner=doctor)
    attended = EventFactory(title="Attended congress")
    AttendanceFactory(owner=doctor, event=attended)
    PrivateEventFactory(owner=doctor, title="My journal club")
    EventFactory(title="Someone else's congress")
    theirs = PrivateEventFactory(owner=outsider, title="Outsider dinner")

    page = doctor_client.get(reverse("collaboration:project_detail", args=[project.pk]))
    choices = {str(e) for e in page.context["presentation_form"].fields["event"].queryset}
    assert choices == {"Attended congress", "My journal club"}

    response = _add(doctor_client, project, title="Sneaky", event=theirs.pk)
    assert response.status_code == 200
    assert "event" in response.context["presentation_form"].errors
    assert not Presentation.objects.filter(title="Sneaky").exists()


def test_a_presentation_needs_a_title(doctor_client, doctor):
    project = ProjectFactory(owner=doctor)
    response = _add(doctor_client, project, title="", event_name="ASM")
    assert "title" in response.context["presentation_form"].errors
    assert not Presentation.objects.exists()


def test_doctor_edits_and_deletes_a_presentation(doctor_client, doctor):
    talk = PresentationFactory(owner=doctor, title="Draft talk")
    edit_url = reverse("collaboration:presentation_edit", args=[talk.pk])
    assert doctor_client.get(edit_url).status_code == 200
    response = doctor_client.post(
        edit_url, {"title": "Final talk", "event_name": "ANZICS ASM", "presented_on": "2026-10-10"}
    )
    assert response.url == reverse("collaboration:project_detail", args=[talk.project_id])
    talk.refresh_from_db()
    assert (talk.title, talk.presented_on) == ("Final talk", dt.date(2026, 10, 10))

    doctor_client.post(reverse("collaboration:presentation_delete", args=[talk.pk]))
    assert not Presentation.objects.filter(pk=talk.pk).exists()


def test_outsider_cannot_add_edit_or_delete_the_doctors_presentations(outsider_client, doctor):
    talk = PresentationFactory(owner=doctor, title="Private talk")
    assert _add(outsider_client, talk.project, title="Intrusion").status_code == 404
    edit = reverse("collaboration:presentation_edit", args=[talk.pk])
    assert outsider_client.get(edit).status_code == 404
    assert outsider_client.post(edit, {"title": "Changed"}).status_code == 404
    delete = reverse("collaboration:presentation_delete", args=[talk.pk])
    assert outsider_client.post(delete).status_code == 404
    talk.refresh_from_db()
    assert talk.title == "Private talk" and Presentation.objects.count() == 1


def test_event_page_shows_your_presentations_here_to_their_owner_only(client, doctor, outsider):
    event = EventFactory()
    project = ProjectFactory(owner=doctor, title="Heart failure registry")
    PresentationFactory(owner=doctor, project=project, event=event, title="Registry at ASM")
    url = reverse("events:detail", args=[event.pk])

    client.force_login(doctor)
    body = client.get(url).content.decode()
    assert "Your presentations here" in body and "Registry at ASM" in body
    assert "Heart failure registry" in body

    client.force_login(outsider)
    body = client.get(url).content.decode()
    assert "Your presentations here" not in body and "Registry at ASM" not in body
