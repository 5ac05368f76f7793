"""Acting where the doctor is: a follow-up from the contact's page or with a logged interaction,
and the contact's facts ("last contacted", follow-ups) updated in the same htmx swap."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from reminders.models import FollowUp
from tests import factories

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def contact(doctor):
    return factories.ContactFactory(owner=doctor, given_name="Élodie", family_name="Dubois")


def test_a_follow_up_added_on_the_contact_page_shows_there_at_once(
    doctor_client, doctor, contact, today
):
    due = today + dt.timedelta(days=10)
    response = doctor_client.post(
        reverse("contacts:follow_up_add", args=[contact.pk]),
        {"what": "Send the audit draft", "due_on": due.isoformat()},
        headers=HTMX,
    )

    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert 'id="relationship-facts"' in page
    assert f'Follow up: Send the audit draft <span class="cadence">by {due:%d/%m/%Y}' in page
    follow_up = FollowUp.objects.get()
    assert (follow_up.owner, follow_up.contact, follow_up.due_on) == (doctor, contact, due)
    detail = doctor_client.get(contact.get_absolute_url()).content.decode()
    assert "Send the audit draft" in detail


def test_a_follow_up_without_a_date_is_refused_beside_the_field(doctor_client, contact):
    response = doctor_client.post(
        reverse("contacts:follow_up_add", args=[contact.pk]), {"what": "x"}, headers=HTMX
    )
    assert "This field is required." in response.content.decode()
    assert not FollowUp.objects.exists()


def test_another_doctor_cannot_add_a_follow_up_to_my_contact(outsider, contact):
    intruder = Client()
    intruder.force_login(outsider)
    url = reverse("contacts:follow_up_add", args=[contact.pk])
    response = intruder.post(url, {"what": "x", "due_on": "2027-01-01"})
    assert response.status_code == 404
    assert not FollowUp.objects.exists()


def test_logging_an_interaction_with_follow_up_in_two_weeks_updates_the_facts_in_the_same_swap(
    doctor_client, contact, today
):
    response = doctor_client.post(
        reverse("contacts:interaction_add", args=[contact.pk]),
        {
            "kind": factories.term("interaction_kind", "meal").pk,
            "occurred_on": today.isoformat(),
            "follow_up_in": "14",
        },
        headers=HTMX,
    )

    page = response.content.decode()
    assert 'id="timeline-section"' in page  # the swap's target
    assert 'id="relationship-facts" hx-swap-oob="true"' in page  # and, out of band, the facts
    assert f"Last contacted: {today:%d/%m/%Y}" in page
    follow_up = FollowUp.objects.get()
    assert follow_up.contact == contact
    assert follow_up.due_on == today + dt.timedelta(days=14)
    assert f"Follow up with {contact}" in page
