import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from contacts.models import Contact, Organisation, Tag
from tests.factories import ContactFactory, OrganisationFactory, PositionFactory, TagFactory, term

pytestmark = pytest.mark.django_db

EMPTY_FORMSETS = {
    f"{prefix}-{key}": value
    for prefix in ("emails", "phones", "links", "positions")
    for key, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))
}


def contact_data(**overrides) -> dict:
    return {**EMPTY_FORMSETS, "given_name": "Mei", "family_name": "Chen", **overrides}


def png(size=(10, 10)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, "PNG")
    return buffer.getvalue()


def test_doctor_creates_a_contact_with_every_part_in_one_go(doctor_client, doctor):
    org = OrganisationFactory(owner=doctor, name="Westmead Hospital")
    data = contact_data(
        prefix="Dr",
        specialty=term("specialty", "physician").pk,
        relationship_kinds=[term("relationship_kind", "mentor").pk],
        closeness="4",
        cadence_days="90",
        birthday_day="29",
        birthday_month="2",
        languages_text="English, Mandarin, english",
        tags_text="research, Cardiology",
        notes="Likes **echo**.",
        **{
            "emails-TOTAL_FORMS": "1",
            "emails-0-email": "mei.chen@health.example.org",
            "emails-0-is_primary": "on",
            "phones-TOTAL_FORMS": "1",
            "phones-0-number": "0412 345 678",
            "links-TOTAL_FORMS": "1",
            "links-0-kind": "orcid",
            "links-0-url": "https://orcid.org/0000-0002-1825-0097",
            "positions-TOTAL_FORMS": "2",
            "positions-0-organisation": str(org.pk),
            "positions-0-title": "Registrar",
            "positions-1-new_organisation": "Blacktown Hospital",
            "positions-1-new_organisation_kind": "hospital",
            "positions-1-title": "RMO",
            "positions-1-start_date": "2024-01-01",
            "positions-1-end_date": "2024-06-30",
        },
    )
    response = doctor_client.post(reverse("contacts:create"), data)

    contact = Contact.objects.get(owner=doctor)
    assert response.status_code == 302 and response.url == contact.get_absolute_url()
    assert contact.languages == ["English", "Mandarin"]
    assert contact.phones.get().number == "+61412345678"
    assert contact.emails.get().email == "mei.chen@health.example.org"
    assert sorted(t.name for t in contact.tags.all()) == ["Cardiology", "research"]
    assert {p.organisation.name for p in contact.positions.all()} == {
        "Westmead Hospital",
        "Blacktown Hospital",
    }
    assert Organisation.objects.get(name="Blacktown Hospital").owner == doctor
    assert contact.relationship_kinds.get().code == "mentor"


def test_a_bad_phone_number_shows_an_error_beside_the_field_and_saves_nothing(doctor_client):
    data = contact_data(**{"phones-TOTAL_FORMS": "1", "phones-0-number": "12"})
    response = doctor_client.post(reverse("contacts:create"), data)

    assert response.status_code == 200
    assert "is not a valid number" in response.content.decode()
    assert not Contact.objects.exists()


def test_local_numbers_are_read_in_the_doctors_own_country(doctor_client, doctor):
    doctor.country = "GB"
    doctor.save()
    data = contact_data(**{"phones-TOTAL_FORMS": "1", "phones-0-number": "020 7946 0018"})
    doctor_client.post(reverse("contacts:create"), data)

    assert Contact.objects.get().phones.get().number == "+442079460018"


def test_existing_tags_are_reused_whatever_their_case(doctor_client, doctor):
    tag = TagFactory(owner=doctor, name="Research")
    doctor_client.post(reverse("contacts:create"), contact_data(tags_text="research"))

    assert list(Contact.objects.get().tags.all()) == [tag]
    assert Tag.objects.filter(owner=doctor).count() == 1


def test_a_contact_needs_a_name(doctor_client):
    response = doctor_client.post(
        reverse("contacts:create"), contact_data(given_name="", family_name="")
    )
    assert "Give at least a given name" in response.content.decode()


def test_a_birthday_that_does_not_exist_is_refused(doctor_client):
    data = contact_data(birthday_day="31", birthday_month="4")
    response = doctor_client.post(reverse("contacts:create"), data)
    assert "does not exist" in response.content.decode()


def test_a_photo_over_two_megabytes_is_refused_with_a_clear_message(doctor_client):
    big = SimpleUploadedFile("big.png", png() + b"\0" * (2 * 1024 * 1024), "image/png")
    response = doctor_client.post(reverse("contacts:create"), contact_data(photo=big))
    assert "larger than 2 MB" in response.content.decode()
    assert not Contact.objects.exists()


def test_a_file_that_is_not_an_image_is_refused_as_a_photo(doctor_client):
    fake = SimpleUploadedFile("notes.png", b"not an image", "image/png")
    response = doctor_client.post(reverse("contacts:create"), contact_data(photo=fake))
    assert response.status_code == 200
    assert not Contact.objects.exists()


def test_a_small_photo_is_stored(doctor_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    photo = SimpleUploadedFile("face.png", png(), "image/png")
    doctor_client.post(reverse("contacts:create"), contact_data(photo=photo))
    assert Contact.objects.get().photo.name.endswith(".png")


def test_editing_changes_fields_and_deletes_a_marked_position(doctor_client, doctor):
    contact = ContactFactory(owner=doctor, given_name="Tom")
    position = PositionFactory(contact=contact)
    data = contact_data(
        given_name="Thomas",
        **{
            "positions-TOTAL_FORMS": "1",
            "positions-INITIAL_FORMS": "1",
            "positions-0-id": str(position.pk),
            "positions-0-organisation": str(position.organisation_id),
            "positions-0-title": position.title,
            "positions-0-DELETE": "on",
        },
    )
    response = doctor_client.post(reverse("contacts:edit", args=[contact.pk]), data)

    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.given_name == "Thomas"
    assert not contact.positions.exists()


def test_the_edit_form_shows_the_contacts_values(doctor_client, doctor):
    contact = ContactFactory(owner=doctor, languages=["Hindi"])
    contact.tags.add(TagFactory(owner=doctor, name="teaching"))
    body = doctor_client.get(reverse("contacts:edit", args=[contact.pk])).content.decode()
    assert 'value="Hindi"' in body and 'value="teaching"' in body
    assert "never patients" in body


def test_an_organisation_from_another_doctor_cannot_be_chosen(doctor_client, outsider):
    theirs = OrganisationFactory(owner=outsider)
    data = contact_data(**{"positions-TOTAL_FORMS": "1", "positions-0-organisation": theirs.pk})
    response = doctor_client.post(reverse("contacts:create"), data)
    assert response.status_code == 200
    assert not Contact.objects.exists()


def test_outsider_gets_404_when_editing_a_doctors_contact(outsider_client, doctor):
    contact = ContactFactory(owner=doctor)
    url = reverse("contacts:edit", args=[contact.pk])
    assert outsider_client.get(url).status_code == 404
    assert outsider_client.post(url, contact_data(given_name="Hacked")).status_code == 404
    contact.refresh_from_db()
    assert contact.given_name != "Hacked"
