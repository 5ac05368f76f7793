"""An event's organiser: a college or association chosen from the list, or any other typed."""

import pytest
from django.urls import reverse

from events import selectors
from events.exporting import events_csv
from events.importing import import_events
from events.models import Event
from tests.factories import EventFactory, PrivateEventFactory, event_form_data, term

pytestmark = pytest.mark.django_db

CSV_HEADER = "uid,title,kind,organiser,start\n"


def test_the_event_form_offers_the_colleges_and_associations_with_other():
    from events.forms import EventForm

    field = EventForm().fields["organiser_term"]
    labels = [label for _, label in field.choices]
    assert labels[0] == "Other (type it below)"
    assert "Royal Australasian College of Physicians (RACP)" in labels
    assert "Australian Medical Association (AMA)" in labels
    assert labels.index("Royal Australasian College of Physicians (RACP)") < labels.index(
        "Australian Medical Association (AMA)"
    )


def test_a_doctor_chooses_a_college_as_organiser_and_the_page_names_it(doctor, doctor_client):
    racp = term("college", "RACP")
    doctor_client.post(
        reverse("events:create"), event_form_data(organiser_term=racp.pk, organiser="x")
    )
    event = Event.objects.get(owner=doctor)
    assert event.organiser_term == racp
    assert event.organiser == ""  # a chosen college leaves no stale text beside it
    body = doctor_client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert "Royal Australasian College of Physicians" in body


def test_a_doctor_types_any_other_organiser(doctor, doctor_client):
    doctor_client.post(reverse("events:create"), event_form_data(organiser="Westmead Hospital"))
    event = Event.objects.get(owner=doctor)
    assert (event.organiser_term, event.organiser) == (None, "Westmead Hospital")
    assert event.organiser_name == "Westmead Hospital"


def test_a_typed_abbreviation_of_a_listed_college_is_linked_to_it(doctor, doctor_client):
    doctor_client.post(reverse("events:create"), event_form_data(organiser=" acem "))
    event = Event.objects.get(owner=doctor)
    assert (event.organiser_term, event.organiser) == (term("college", "ACEM"), "")


def test_the_outsider_cannot_edit_the_doctors_event_organiser(doctor, outsider_client):
    event = PrivateEventFactory(owner=doctor, organiser_term=None, organiser="Westmead Hospital")
    url = reverse("events:edit", args=[event.pk])
    response = outsider_client.post(url, event_form_data(organiser_term=term("college", "RACS").pk))
    assert response.status_code == 404
    event.refresh_from_db()
    assert (event.organiser_term, event.organiser) == (None, "Westmead Hospital")


def test_a_csv_import_links_organisers_by_name_or_abbreviation_and_keeps_other_text():
    rows = (
        "a,Congress,conference,Royal Australasian College of Physicians,2030-05-10\n"
        "b,Winter meeting,conference,ANZCA,2030-06-10\n"
        "c,Grand round,grand_rounds,Resuscitation Council,2030-07-10\n"
    )
    result = import_events((CSV_HEADER + rows).encode(), filename="e.csv", publish=True)
    assert result.created == 3 and not result.rejected
    found = {e.import_uid: (e.organiser_term, e.organiser) for e in Event.objects.all()}
    assert found == {
        "a": (term("college", "RACP"), ""),
        "b": (term("college", "ANZCA"), ""),
        "c": (None, "Resuscitation Council"),
    }


def test_an_ics_organiser_common_name_is_linked_to_its_college():
    ics = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\nBEGIN:VEVENT\r\nUID:acem-asm\r\n"
        "SUMMARY:ACEM Annual Scientific Meeting\r\nDTSTART:20301110T230000Z\r\n"
        "DTEND:20301111T070000Z\r\n"
        'ORGANIZER;CN="Australasian College for Emergency Medicine":mailto:events@example.org\r\n'
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    result = import_events(ics.encode(), filename="acem.ics", publish=True)
    assert result.created == 1
    assert Event.objects.get(import_uid="acem-asm").organiser_term == term("college", "ACEM")


def test_an_exported_organiser_imports_back_onto_the_same_college():
    event = EventFactory(organiser_term=term("college", "RANZCP"), organiser="")
    text = events_csv(Event.objects.filter(pk=event.pk))
    assert "Royal Australian and New Zealand College of Psychiatrists" in text
    Event.objects.filter(pk=event.pk).update(organiser_term=None, organiser="typed over")
    result = import_events(text.encode(), filename="export.csv")
    assert result.updated == 1 and result.created == 0
    event.refresh_from_db()
    assert (event.organiser_term, event.organiser) == (term("college", "RANZCP"), "")


def test_events_of_the_same_college_are_related_whatever_the_text():
    racp = term("college", "RACP")
    event = EventFactory(organiser_term=racp, organiser="")
    same = EventFactory(organiser_term=racp, organiser="")
    other = EventFactory(organiser_term=term("college", "RACS"), organiser="")
    related = set(selectors.related_events(event))
    assert same in related and other not in related


def test_browsing_finds_events_by_their_colleges_abbreviation(doctor_client):
    EventFactory(title="Winter symposium", organiser_term=term("college", "CICM"), organiser="")
    EventFactory(title="Summer symposium", organiser_term=None, organiser="Westmead Hospital")
    body = doctor_client.get(reverse("events:list") + "?all=1&q=cicm").content.decode()
    assert "Winter symposium" in body and "Summer symposium" not in body


def test_the_browse_default_includes_the_doctors_own_colleges_events(doctor, doctor_client):
    doctor.specialty = term("specialty", "physician")
    doctor.college = term("college", "ACEM")
    doctor.state = "VIC"
    doctor.save()
    surgery = [term("specialty", "surgery")]
    acem = term("college", "ACEM")
    EventFactory(title="ACEM trauma day", state="VIC", specialties=surgery, organiser_term=acem)
    EventFactory(title="RACS trauma day", state="VIC", specialties=surgery)
    body = doctor_client.get(reverse("events:list")).content.decode()
    assert "ACEM trauma day" in body and "RACS trauma day" not in body


def test_staff_find_events_by_college_in_the_admin_and_choose_the_organiser_there(staff_client):
    event = EventFactory(title="Pathology update", organiser_term=term("college", "RCPA"))
    EventFactory(title="Surgical update")
    changelist = reverse("admin:events_event_changelist")
    body = staff_client.get(changelist, {"q": "RCPA"}).content.decode()
    assert "Pathology update" in body and "Surgical update" not in body
    page = staff_client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()
    assert "Royal College of Pathologists of Australasia (RCPA)</option>" in page
    assert 'name="organiser"' in page
