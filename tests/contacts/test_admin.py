import pytest
from django.urls import reverse

from tests.factories import (
    ContactEmailFactory,
    ContactFactory,
    OrganisationFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory(is_superuser=True))
    return client


def test_staff_search_contacts_by_email_and_see_the_owner(staff_client, doctor):
    contact = ContactFactory(owner=doctor, family_name="Haddad")
    ContactEmailFactory(contact=contact, email="fatima@example.org")
    ContactFactory(owner=doctor, family_name="Zanzibarova")
    response = staff_client.get(reverse("admin:contacts_contact_changelist"), {"q": "fatima"})
    body = response.content.decode()
    assert "Haddad" in body
    assert "Zanzibarova" not in body
    assert str(doctor) in body


def test_staff_filter_contacts_in_the_trash_and_open_one_with_inlines(staff_client, doctor):
    binned = ContactFactory(owner=doctor, family_name="Binned")
    binned.move_to_trash()
    ContactFactory(owner=doctor, family_name="Alive")
    url = reverse("admin:contacts_contact_changelist")
    body = staff_client.get(url, {"trash": "yes"}).content.decode()
    assert "Binned" in body and "Alive" not in body
    change = staff_client.get(reverse("admin:contacts_contact_change", args=[binned.pk]))
    assert change.status_code == 200 and "emails-TOTAL_FORMS" in change.content.decode()


def test_staff_search_and_filter_organisations(staff_client, doctor):
    OrganisationFactory(owner=doctor, name="Westmead Hospital", kind="hospital")
    OrganisationFactory(owner=doctor, name="University of Sydney", kind="university")
    url = reverse("admin:contacts_organisation_changelist")
    body = staff_client.get(url, {"kind__exact": "university"}).content.decode()
    assert "University of Sydney" in body and "Westmead" not in body
    assert "Westmead" in staff_client.get(url, {"q": "westmead"}).content.decode()


def test_staff_editing_an_interaction_keeps_head_count_and_last_contacted_right(
    staff_client, doctor
):
    from contacts.interactions import log_interaction

    a, b = ContactFactory(owner=doctor), ContactFactory(owner=doctor)
    interaction = log_interaction(doctor, [a], kind="meal")
    response = staff_client.post(
        reverse("admin:contacts_interaction_change", args=[interaction.pk]),
        {
            "owner": doctor.pk,
            "kind": interaction.kind_id,
            "occurred_on": interaction.occurred_on.strftime("%d/%m/%Y"),
            "place": "",
            "note": "",
            "contacts": f"{a.pk},{b.pk}",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    interaction.refresh_from_db()
    assert interaction.people_count == 2
    b.refresh_from_db()
    assert b.last_interaction_at == interaction.occurred_on  # as logging it would have

    response = staff_client.post(
        reverse("admin:contacts_interaction_delete", args=[interaction.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.last_interaction_at is None  # their only interaction is gone
