import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import Contact
from contacts.services import purge_trash
from tests.factories import ContactFactory, trash

pytestmark = pytest.mark.django_db


def test_moving_to_trash_hides_the_contact_and_offers_undo(doctor_client, doctor):
    contact = ContactFactory(owner=doctor, family_name="Okafor")
    response = doctor_client.post(reverse("contacts:move_to_trash", args=[contact.pk]))
    assert response.url == reverse("contacts:list")

    page = doctor_client.get(response.url).content.decode()
    assert "Undo" in page and str(contact.pk) in page
    assert doctor_client.get(contact.get_absolute_url()).status_code == 404

    doctor_client.post(reverse("contacts:trash_restore"), {"ids": [str(contact.pk)]})
    assert Contact.objects.alive().filter(pk=contact.pk).exists()


def test_the_trash_lists_trashed_contacts_and_deletes_forever(doctor_client, doctor):
    contact = ContactFactory(owner=doctor, family_name="Rossi")
    trash(contact)
    assert "Rossi" in doctor_client.get(reverse("contacts:trash")).content.decode()

    doctor_client.post(reverse("contacts:trash_delete"), {"ids": [str(contact.pk), "junk"]})
    assert not Contact.objects.filter(pk=contact.pk).exists()


def test_delete_forever_only_touches_the_trash(doctor_client, doctor):
    alive = ContactFactory(owner=doctor)
    doctor_client.post(reverse("contacts:trash_delete"), {"ids": [str(alive.pk)]})
    assert Contact.objects.filter(pk=alive.pk).exists()


def test_an_outsider_cannot_restore_or_delete_another_doctors_contacts(outsider_client, doctor):
    contact = ContactFactory(owner=doctor)
    trash(contact)
    outsider_client.post(reverse("contacts:trash_restore"), {"ids": [str(contact.pk)]})
    outsider_client.post(reverse("contacts:trash_delete"), {"ids": [str(contact.pk)]})
    assert Contact.objects.in_trash().filter(pk=contact.pk).exists()
    assert (
        outsider_client.post(reverse("contacts:move_to_trash", args=[contact.pk])).status_code
        == 404
    )
    assert "Trash is empty" in outsider_client.get(reverse("contacts:trash")).content.decode()


def test_purging_deletes_only_contacts_trashed_over_30_days_ago(doctor):
    old, recent = ContactFactory.create_batch(2, owner=doctor)
    Contact.objects.filter(pk=old.pk).update(deleted_at=timezone.now() - dt.timedelta(days=31))
    trash(recent)
    assert purge_trash() == 1
    assert list(Contact.objects.all()) == [recent]
