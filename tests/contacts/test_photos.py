"""Contact photos are private: random storage names, served only to their owner."""

import io

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from contacts import exporting, photos
from contacts.models import Contact
from tests.contacts.test_editing import contact_data
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "teal").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def with_photo(doctor, media):
    contact = ContactFactory(owner=doctor)
    contact.photo.save("Dr Jane Smith.png", ContentFile(png()))
    return contact


def photo_url(contact) -> str:
    return reverse("contacts:photo", args=[contact.pk])


def test_an_uploaded_photo_is_stored_under_a_random_name_not_its_own(doctor_client, media):
    upload = SimpleUploadedFile("Jane Smith passport.png", png(), "image/png")
    doctor_client.post(
        reverse("contacts:create"),
        contact_data(given_name="Jane", family_name="Smith", photo=upload),
    )

    name = Contact.objects.get().photo.name
    assert photos.is_random_name(name), name
    assert "Smith" not in name and "passport" not in name
    assert (media / name).read_bytes() == png()


def test_two_photos_with_the_same_file_name_get_different_names(doctor, media):
    first, second = ContactFactory.create_batch(2, owner=doctor)
    for contact in (first, second):
        contact.photo.save("face.png", ContentFile(png()))

    assert first.photo.name != second.photo.name


def test_the_owner_sees_the_photo_as_an_image(doctor_client, with_photo):
    response = doctor_client.get(photo_url(with_photo))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == png()
    assert "no-store" in response["Cache-Control"]


def test_a_photos_url_is_the_owner_checked_view_in_every_page_and_form(doctor_client, with_photo):
    assert with_photo.photo.url == photo_url(with_photo)
    form = doctor_client.get(reverse("contacts:edit", args=[with_photo.pk])).content.decode()
    assert f'href="{photo_url(with_photo)}"' in form
    assert settings.MEDIA_URL not in form


def test_the_contact_page_shows_the_photo_through_the_owner_checked_view(doctor_client, with_photo):
    body = doctor_client.get(with_photo.get_absolute_url()).content.decode()

    assert f'src="{photo_url(with_photo)}"' in body
    assert settings.MEDIA_URL not in body


def test_another_doctor_gets_404_for_the_photo(outsider_client, with_photo):
    assert outsider_client.get(photo_url(with_photo)).status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in_for_the_photo(client, with_photo):
    response = client.get(photo_url(with_photo))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_nobody_can_fetch_a_photo_by_its_media_path(client, doctor, outsider, with_photo):
    path = settings.MEDIA_URL + with_photo.photo.name
    assert client.get(path).status_code in (302, 404)
    for user in (outsider, doctor):
        client.force_login(user)
        assert client.get(path).status_code == 404


def test_a_contact_without_a_photo_gives_404(doctor_client, doctor, media):
    contact = ContactFactory(owner=doctor)

    assert doctor_client.get(photo_url(contact)).status_code == 404


def test_a_photo_whose_file_is_missing_gives_404(doctor_client, with_photo, media):
    (media / with_photo.photo.name).unlink()

    assert doctor_client.get(photo_url(with_photo)).status_code == 404


def test_behind_nginx_the_photo_is_handed_over_with_x_accel_redirect(
    doctor_client, with_photo, settings
):
    settings.NETMED_MEDIA_ACCEL_REDIRECT = "/protected-media/"

    response = doctor_client.get(photo_url(with_photo))

    assert response["X-Accel-Redirect"] == "/protected-media/" + with_photo.photo.name
    assert response["Content-Type"] == "image/png"
    assert response.content == b""


def test_with_x_sendfile_the_photo_is_handed_over_by_its_path(
    doctor_client, with_photo, settings, media
):
    settings.NETMED_MEDIA_X_SENDFILE = True

    response = doctor_client.get(photo_url(with_photo))

    assert response["X-Sendfile"] == str(media / with_photo.photo.name)
    assert response.content == b""


def test_the_accel_redirect_is_refused_to_another_doctor(outsider_client, with_photo, settings):
    settings.NETMED_MEDIA_ACCEL_REDIRECT = "/protected-media/"

    response = outsider_client.get(photo_url(with_photo))

    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("contact-photos/a.JPEG", "image/jpeg"),
        ("contact-photos/a.webp", "image/webp"),
        ("contact-photos/2024/01/page.html", "application/octet-stream"),
        ("contact-photos/2024/01/noextension", "application/octet-stream"),
    ],
)
def test_a_photo_is_only_ever_served_as_an_image_type(name, expected):
    assert photos.content_type(name) == expected


def test_an_unknown_upload_extension_is_stored_as_an_image_extension():
    assert photos.photo_upload_to(None, "evil.html").endswith(".jpg")
    assert photos.photo_upload_to(None, "face.JPEG").endswith(".jpg")


def test_old_guessable_photo_names_move_to_random_ones_with_their_history(doctor, media):
    contact = ContactFactory(owner=doctor)
    old = "contact-photos/2024/03/Jane Smith.png"
    default_storage.save(old, ContentFile(png()))
    Contact.objects.filter(pk=contact.pk).update(photo=old)
    # The contact's history rows name the old file too.
    assert contact.history.update(photo=old) >= 1

    moved = photos.rename_stored_photos(contact_model=Contact, history_model=Contact.history.model)

    contact.refresh_from_db()
    assert moved == 1
    assert photos.is_random_name(contact.photo.name)
    assert not (media / old).exists()
    assert (media / contact.photo.name).read_bytes() == png()
    assert not Contact.history.model.objects.filter(photo=old).exists()
    assert Contact.history.model.objects.filter(photo=contact.photo.name).exists()
    (exported,) = exporting.exported_contacts(doctor)
    assert exporting.photo_bytes(exported) == png()


def test_renaming_twice_moves_nothing_the_second_time(with_photo):
    assert photos.rename_stored_photos(contact_model=Contact) == 0
