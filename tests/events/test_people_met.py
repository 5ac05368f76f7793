import datetime as dt

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from contacts.models import Contact, Interaction
from contacts.search import owned_match, refresh_search_vectors
from contacts.timeline import timeline
from events.due import deadlines, met_without_follow_up
from events.models import PersonMet
from tests.factories import (
    AttendanceFactory,
    ContactFactory,
    EventFactory,
    PersonMetFactory,
    PrivateEventFactory,
)

pytestmark = pytest.mark.django_db


def test_quick_add_creates_a_contact_met_here_with_a_conference_interaction(doctor, doctor_client):
    event = EventFactory(title="RACP Congress 2030")
    response = doctor_client.post(
        reverse("events:met_quick_add", args=[event.pk]),
        {
            "given_name": "Priya",
            "family_name": "Ramanathan",
            "email": "priya@example.org",
            "organisation": "Westmead Hospital",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert b"Priya Ramanathan" in response.content
    contact = Contact.objects.get(owner=doctor, family_name="Ramanathan")
    assert contact.how_we_met.startswith("Met at RACP Congress 2030")
    assert contact.emails.get().email == "priya@example.org"
    assert contact.positions.get().organisation.name == "Westmead Hospital"
    interaction = Interaction.objects.get(owner=doctor, contacts=contact)
    assert interaction.kind.code == "conference"
    assert PersonMet.objects.get(owner=doctor, contact=contact).interaction == interaction


def test_quick_add_without_a_name_shows_the_error(doctor_client):
    event = EventFactory()
    response = doctor_client.post(
        reverse("events:met_quick_add", args=[event.pk]), {"given_name": ""}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 422
    assert not PersonMet.objects.exists()


def test_picking_an_existing_contact_keeps_their_how_we_met_and_is_idempotent(
    doctor, doctor_client
):
    event = EventFactory()
    contact = ContactFactory(owner=doctor, how_we_met="Medical school")
    url = reverse("events:met_existing", args=[event.pk])
    doctor_client.post(url, {"contact": str(contact.pk)})
    doctor_client.post(url, {"contact": str(contact.pk)})
    contact.refresh_from_db()
    assert contact.how_we_met == "Medical school"
    assert PersonMet.objects.filter(contact=contact).count() == 1
    assert Interaction.objects.filter(contacts=contact).count() == 1


def test_a_name_typed_without_javascript_marks_only_the_doctors_own_contact_met(
    doctor, outsider, doctor_client
):
    event = EventFactory()
    mine = ContactFactory(owner=doctor, family_name="Zanetti")
    ContactFactory(owner=outsider, family_name="Zanettix")
    page = doctor_client.get(reverse("events:met_search", args=[event.pk])).content.decode()
    assert 'name="contact_find"' in page

    doctor_client.post(reverse("events:met_existing", args=[event.pk]), {"contact_find": "zanet"})

    assert [p.contact for p in PersonMet.objects.all()] == [mine]


def test_a_quick_add_that_names_someone_known_asks_did_you_mean_first(doctor, doctor_client):
    event = EventFactory()
    elodie = ContactFactory(owner=doctor, given_name="Élodie", family_name="Dubois")
    url = reverse("events:met_quick_add", args=[event.pk])

    asked = doctor_client.post(
        url, {"given_name": "Elodie", "family_name": "Dubois"}, HTTP_HX_REQUEST="true"
    )

    assert "Did you mean Élodie Dubois?" in asked.content.decode()
    assert 'name="add_anyway" value="True"' in asked.content.decode()
    assert not PersonMet.objects.exists()
    doctor_client.post(url, {"given_name": "Elodie", "family_name": "Dubois", "add_anyway": "True"})
    assert PersonMet.objects.get().contact != elodie
    assert Contact.objects.filter(owner=doctor, family_name="Dubois").count() == 2


def test_outsider_cannot_mark_another_doctors_contact_or_remove_their_person_met(
    doctor, outsider_client
):
    event = EventFactory()
    contact = ContactFactory(owner=doctor)
    url = reverse("events:met_existing", args=[event.pk])
    assert outsider_client.post(url, {"contact": str(contact.pk)}).status_code == 404
    person = PersonMetFactory(owner=doctor, event=event, contact=contact)
    assert outsider_client.post(reverse("events:met_remove", args=[person.pk])).status_code == 404
    assert PersonMet.objects.filter(pk=person.pk).exists()


def test_outsider_cannot_add_people_met_at_a_private_event(doctor, outsider_client):
    private = PrivateEventFactory(owner=doctor)
    url = reverse("events:met_quick_add", args=[private.pk])
    assert outsider_client.post(url, {"given_name": "Sam"}).status_code == 404


def test_after_the_event_the_page_prompts_follow_ups_for_people_met(doctor, doctor_client):
    then = timezone.now() - dt.timedelta(days=3)
    event = EventFactory(starts_at=then - dt.timedelta(hours=8), ends_at=then)
    PersonMetFactory(owner=doctor, event=event, contact=ContactFactory(owner=doctor))
    body = doctor_client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert "follow up with the people you met" in body
    assert "no follow-up yet" in body


def test_timeline_shows_met_at_event(doctor):
    event = EventFactory(title="ANZCA ASM")
    contact = ContactFactory(owner=doctor)
    PersonMetFactory(owner=doctor, event=event, contact=contact)
    titles = [entry.title for entry in timeline(contact, 10)]
    assert "Met at ANZCA ASM" in titles


def test_met_no_follow_up_is_due_after_the_event_until_an_interaction(doctor):
    from contacts.interactions import log_interaction

    then = timezone.now() - dt.timedelta(days=5)
    event = EventFactory(starts_at=then - dt.timedelta(hours=8), ends_at=then)
    contact = ContactFactory(owner=doctor)
    PersonMetFactory(owner=doctor, event=event, contact=contact)
    today = timezone.localdate()
    items = list(met_without_follow_up([doctor.pk], today, today + dt.timedelta(days=7)))
    assert [(i.kind, i.contact_id) for i in items] == [("met_no_follow_up", contact.pk)]
    log_interaction(doctor, [contact], kind="email", occurred_on=today)
    assert not list(met_without_follow_up([doctor.pk], today, today + dt.timedelta(days=7)))


def test_deadlines_are_due_for_events_the_doctor_is_interested_in(doctor, outsider):
    today = timezone.localdate()
    event = EventFactory(
        early_bird_deadline=today + dt.timedelta(days=3),
        abstract_deadline=today + dt.timedelta(days=5),
    )
    AttendanceFactory(owner=doctor, event=event, status="interested")
    AttendanceFactory(owner=outsider, event=event, status="registered")
    items = list(deadlines([doctor.pk, outsider.pk], today, today + dt.timedelta(days=7)))
    mine = [i.title for i in items if i.owner_id == doctor.pk]
    theirs = [i.title for i in items if i.owner_id == outsider.pk]
    assert len(mine) == 2 and all(i.kind == "deadline" and not i.action_ref for i in items)
    assert theirs == [f"Abstract submission deadline: {event.title}"]


def test_dashboard_partial_lists_the_doctors_upcoming_events(doctor, outsider):
    mine = EventFactory(title="Going to this")
    AttendanceFactory(owner=doctor, event=mine, status="attending")
    EventFactory(title="Not planned")
    PrivateEventFactory(owner=outsider, title="Someone else's dinner")
    html = Template('{% include "events/_dashboard_upcoming.html" %}').render(
        Context({"user": doctor})
    )
    assert "Going to this" in html and "Attending" in html
    assert "Not planned" not in html and "Someone else" not in html


def test_a_follow_up_set_after_meeting_clears_the_prompt(doctor):
    from reminders.models import FollowUp

    then = timezone.now() - dt.timedelta(days=5)
    event = EventFactory(starts_at=then - dt.timedelta(hours=8), ends_at=then)
    contact = ContactFactory(owner=doctor)
    PersonMetFactory(owner=doctor, event=event, contact=contact)
    FollowUp.objects.create(owner=doctor, contact=contact, what="Send the paper", due_on=then)
    today = timezone.localdate()
    assert not list(met_without_follow_up([doctor.pk], today, today + dt.timedelta(days=7)))


def test_a_contact_met_at_an_event_is_found_by_the_how_we_met_it_fills(doctor, doctor_client):
    event = EventFactory(title="Hyperbaric Medicine Symposium")
    contact = ContactFactory(owner=doctor, given_name="Ines", family_name="Costa", how_we_met="")
    refresh_search_vectors([contact.pk])
    url = reverse("events:met_existing", args=[event.pk])
    doctor_client.post(url, {"contact": str(contact.pk)})

    found = Contact.objects.for_user(doctor).filter(owned_match(["hyperbaric"], doctor.pk))
    assert list(found) == [contact]
