import datetime as dt

import pytest
from django.urls import reverse

from contacts.models import Contact, Tag
from contacts.search import refresh_search_vectors
from tests.factories import (
    ContactEmailFactory,
    ContactFactory,
    InteractionFactory,
    OrganisationFactory,
    PositionFactory,
    StaffFactory,
    TagFactory,
    term,
    trash,
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
    trash(binned)
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


def _found(doctor, text) -> bool:
    return Contact.objects.for_user(doctor).search(text, owner=doctor).exists()


def _contact_form(contact, **changes) -> dict:
    """The admin's change form for a contact with no emails, phones, links or positions."""
    data = {"family_name": contact.family_name, "given_name": contact.given_name, **changes}
    for prefix in ("emails", "phones", "links", "positions"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data


def test_staff_never_see_what_a_doctor_wrote_about_a_colleague(staff_client, doctor):
    contact = ContactFactory(
        owner=doctor, notes="Wants to move to Perth quietly", how_we_met="Her farewell party"
    )
    interaction = InteractionFactory(owner=doctor, contacts=[contact], note="Asked about a job")
    TagFactory(name="someone else's tag")
    pages = [
        reverse("admin:contacts_contact_change", args=[contact.pk]),
        reverse("admin:contacts_interaction_change", args=[interaction.pk]),
        reverse("admin:contacts_contact_changelist") + "?q=Perth",
    ]
    bodies = "".join(staff_client.get(url).content.decode() for url in pages)
    assert contact.family_name in bodies  # the pages did open
    for words in ("move to Perth", "farewell party", "Asked about a job", "someone else"):
        assert words not in bodies


def test_staff_editing_a_contact_keeps_notes_search_and_the_doctors_open_forms_right(
    staff_client, doctor
):
    contact = ContactFactory(owner=doctor, family_name="Haddad", notes="Keep this")
    url = reverse("admin:contacts_contact_change", args=[contact.pk])

    response = staff_client.post(url, _contact_form(contact, family_name="Haddad-Okafor"))

    assert response.status_code == 302, response.content.decode()[:3000]
    contact.refresh_from_db()
    assert contact.notes == "Keep this" and contact.version == 2
    assert _found(doctor, "Okafor")
    latest = contact.history.latest()
    assert latest.history_change_reason == "Changed by NetMed support"


def test_staff_deleting_a_contact_takes_its_change_history_with_it(staff_client, doctor):
    one = ContactFactory(owner=doctor, notes="First draft of a private note")
    one.notes = "Second thoughts"
    one.save()
    two = ContactFactory(owner=doctor)
    assert Contact.history.filter(id=one.pk).count() == 2

    staff_client.post(reverse("admin:contacts_contact_delete", args=[one.pk]), {"post": "yes"})
    staff_client.post(
        reverse("admin:contacts_contact_changelist"),
        {"action": "delete_selected", "_selected_action": [str(two.pk)], "post": "yes"},
    )

    assert not Contact.objects.filter(pk__in=[one.pk, two.pk]).exists()
    assert not Contact.history.filter(id__in=[one.pk, two.pk]).exists()


def test_renaming_an_organisation_in_the_admin_moves_search_to_the_new_name(staff_client, doctor):
    position = PositionFactory(
        contact=ContactFactory(owner=doctor), organisation__name="Westmead Hospital"
    )
    refresh_search_vectors([position.contact_id])
    assert _found(doctor, "Westmead")
    organisation = position.organisation

    response = staff_client.post(
        reverse("admin:contacts_organisation_change", args=[organisation.pk]),
        {"name": "Blacktown Hospital", "kind": "hospital", "city": "", "state": "", "country": ""},
    )

    assert response.status_code == 302
    assert _found(doctor, "Blacktown") and not _found(doctor, "Westmead")


def test_renaming_or_deleting_a_tag_in_the_admin_moves_search_with_it(staff_client, doctor):
    tag = TagFactory(owner=doctor, name="rural")
    contact = ContactFactory(owner=doctor)
    contact.tags.add(tag)
    refresh_search_vectors([contact.pk])
    assert _found(doctor, "rural")

    staff_client.post(reverse("admin:contacts_tag_change", args=[tag.pk]), {"name": "remote"})
    assert _found(doctor, "remote") and not _found(doctor, "rural")

    staff_client.post(reverse("admin:contacts_tag_delete", args=[tag.pk]), {"post": "yes"})
    assert not Tag.objects.exists()
    assert not _found(doctor, "remote")


def test_rewording_a_term_in_the_admin_moves_search_to_the_new_words(staff_client, doctor):
    specialty = term("specialty", "physician")
    contact = ContactFactory(owner=doctor, specialty=specialty)
    refresh_search_vectors([contact.pk])
    assert not _found(doctor, "internist")

    response = staff_client.post(
        reverse("admin:core_term_change", args=[specialty.pk]),
        {"label": "Internist", "parent": "", "sort_order": specialty.sort_order, "active": "on"},
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    assert _found(doctor, "internist")
    assert (
        staff_client.get(reverse("admin:core_term_delete", args=[specialty.pk])).status_code == 403
    )


def test_staff_changing_an_interactions_date_and_people_in_the_admin_redates_its_links(
    staff_client, doctor
):
    from contacts.interactions import log_interaction
    from contacts.models import InteractionContact

    a, b = ContactFactory.create_batch(2, owner=doctor)
    interaction = log_interaction(doctor, [a], kind="meal", occurred_on=dt.date(2026, 3, 1))

    response = staff_client.post(
        reverse("admin:contacts_interaction_change", args=[interaction.pk]),
        {
            "owner": doctor.pk,
            "kind": interaction.kind_id,
            "occurred_on": "02/04/2026",
            "place": "",
            "note": "",
            "contacts": f"{a.pk},{b.pk}",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    links = InteractionContact.objects.filter(interaction=interaction)
    # the date the contacts' timelines read their interactions by
    assert dict(links.values_list("contact_id", "occurred_on")) == {
        a.pk: dt.date(2026, 4, 2),
        b.pk: dt.date(2026, 4, 2),
    }
