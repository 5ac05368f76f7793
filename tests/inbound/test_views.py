"""The review page of inbound mail, "add as contact", and a new address; each doctor sees only
their own messages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from contacts.models import Contact
from inbound.addresses import owner_of
from inbound.models import InboundAddress
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def received(doctor):
    colleague = factories.ContactFactory(owner=doctor)
    interaction = factories.InteractionFactory(owner=doctor, contacts=[colleague])
    return factories.InboundMessageFactory(
        owner=doctor,
        subject="Registry steering",
        interaction=interaction,
        offered=[{"email": "tom.nguyen@example.org", "name": "Dr Tom Nguyen"}],
    )


def test_the_review_page_lists_my_messages_and_offers_unknown_people(
    doctor_client, received, django_assert_max_num_queries
):
    factories.InboundMessageFactory.create_batch(3, owner=received.owner)
    # session + user, the address, the messages with their interactions and events, messages.
    with django_assert_max_num_queries(8):
        response = doctor_client.get(reverse("inbound:list"))

    page = response.content.decode()
    assert "Registry steering" in page
    assert "Dr Tom Nguyen &lt;tom.nguyen@example.org&gt;" in page
    assert InboundAddress.objects.get(owner=received.owner).address in page


def test_another_doctor_never_sees_my_inbound_messages(outsider_client, received):
    page = outsider_client.get(reverse("inbound:list")).content.decode()

    assert "Registry steering" not in page
    assert "tom.nguyen@example.org" not in page


def test_add_as_contact_creates_the_person_and_adds_them_to_the_email(doctor_client, received):
    response = doctor_client.post(
        reverse("inbound:add_person", args=[received.pk]), {"email": "tom.nguyen@example.org"}
    )

    assert response.status_code == 302
    tom = Contact.objects.get(owner=received.owner, emails__email="tom.nguyen@example.org")
    assert (tom.prefix, tom.given_name, tom.family_name) == ("Dr", "Tom", "Nguyen")
    assert tom in received.interaction.contacts.all()
    assert tom.last_interaction_at == received.interaction.occurred_on
    # dated on every link, as the contacts' timelines read it
    links = received.interaction.interactioncontact_set.values_list("occurred_on", flat=True)
    assert set(links) == {received.interaction.occurred_on}
    received.refresh_from_db()
    assert received.offered == []


def test_adding_someone_not_offered_creates_nobody(doctor_client, received):
    doctor_client.post(
        reverse("inbound:add_person", args=[received.pk]), {"email": "someone@example.org"}
    )

    assert not Contact.objects.filter(emails__email="someone@example.org").exists()


def test_another_doctor_gets_404_adding_from_my_message(outsider_client, received):
    response = outsider_client.post(
        reverse("inbound:add_person", args=[received.pk]), {"email": "tom.nguyen@example.org"}
    )

    assert response.status_code == 404
    assert not Contact.objects.filter(emails__email="tom.nguyen@example.org").exists()


def test_the_profile_shows_the_address_and_regenerating_retires_the_old_one(doctor_client, doctor):
    page = doctor_client.get(reverse("accounts:profile")).content.decode()
    old = InboundAddress.objects.get(owner=doctor)
    assert old.address in page

    response = doctor_client.post(
        reverse("inbound:regenerate"), {"regenerate": "1", "next": "profile"}
    )

    assert response.url == reverse("accounts:profile")
    new = InboundAddress.objects.get(owner=doctor)
    assert new.token != old.token
    assert owner_of(old.address) is None
    assert owner_of(new.address) == doctor
