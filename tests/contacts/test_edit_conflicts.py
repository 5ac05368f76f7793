"""Optimistic concurrency: two tabs edit a contact; the second save is told and keeps its text."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from contacts import editing
from tests.contacts.test_editing import contact_data
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


def opened_version(client, contact) -> str:
    form = client.get(reverse("contacts:edit", args=[contact.pk])).context["form"]
    return str(form["version"].value())


def test_the_second_tab_is_told_of_the_conflict_and_keeps_its_text(doctor_client, doctor):
    contact = ContactFactory(owner=doctor, given_name="Mei", family_name="Chen", notes="Original")
    url = reverse("contacts:edit", args=[contact.pk])
    first_tab = opened_version(doctor_client, contact)
    second_tab = opened_version(doctor_client, contact)

    response = doctor_client.post(url, contact_data(version=first_tab, notes="From tab one"))
    assert response.status_code == 302

    response = doctor_client.post(url, contact_data(version=second_tab, notes="From tab two"))
    assert response.status_code == 200
    assert escape(editing.CONFLICT_MESSAGE) in response.content.decode()
    assert "From tab two" in response.content.decode()  # the doctor's text is kept
    contact.refresh_from_db()
    assert contact.notes == "From tab one"

    # Saving again, now knowingly over tab one's version, works.
    again = response.context["form"]["version"].value()
    response = doctor_client.post(url, contact_data(version=again, notes="From tab two"))
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.notes == "From tab two"
    assert contact.version == 3


def test_saving_twice_from_one_tab_in_sequence_is_not_a_conflict(doctor_client, doctor):
    contact = ContactFactory(owner=doctor)
    url = reverse("contacts:edit", args=[contact.pk])
    doctor_client.post(url, contact_data(version=opened_version(doctor_client, contact)))
    response = doctor_client.post(
        url, contact_data(version=opened_version(doctor_client, contact), notes="Later")
    )
    assert response.status_code == 302
