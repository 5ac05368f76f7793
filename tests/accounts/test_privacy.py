"""Privacy rights: download everything in one archive; delete the account after a grace period."""

import datetime as dt
import io
import json
import zipfile

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils import timezone

from accounts import privacy
from accounts.models import User
from core.models import OwnedModel
from tests import factories
from tests.factories import PASSWORD, WORLD_MARKER


@pytest.fixture
def doctor_client(client, doctor):
    """Signed in and just reauthenticated: the download and deletion ask for that
    (tests/accounts/test_reauthentication.py)."""
    client.force_login(doctor)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    return client


@pytest.fixture
def outsider_client(client, outsider):
    client.force_login(outsider)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    return client


def open_archive(response) -> zipfile.ZipFile:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.content))


@pytest.mark.django_db
def test_download_holds_every_owned_row_as_json_plus_vcards_and_a_calendar(doctor_client, doctor):
    world = factories.build_world(doctor)
    archive = open_archive(doctor_client.get(reverse("accounts:download_data")))
    assert {"netmed.json", "contacts.vcf", "events.ics"} <= set(archive.namelist())

    data = json.loads(archive.read("netmed.json"))["data"]
    for model in apps.get_models():
        if issubclass(model, OwnedModel):
            owned = model.objects.filter(owner=doctor).count()
            assert len(data.get(model._meta.label_lower, [])) == owned, model.__name__
    assert data["contacts.contactemail"][0]["fields"]["email"] == world["email"].email
    assert "password" not in data["accounts.user"][0]["fields"]
    assert "mfa.authenticator" not in data
    assert WORLD_MARKER in archive.read("contacts.vcf").decode()
    assert archive.read("events.ics").startswith(b"BEGIN:VCALENDAR")


@pytest.mark.django_db
def test_download_holds_none_of_another_doctors_rows(outsider_client, doctor):
    factories.build_world(doctor)
    archive = open_archive(outsider_client.get(reverse("accounts:download_data")))
    for name in archive.namelist():
        assert WORLD_MARKER.encode() not in archive.read(name), name


@pytest.mark.django_db
def test_deleting_needs_the_password(doctor_client, doctor):
    response = doctor_client.post(reverse("accounts:delete_account"), {"password": "wrong"})
    assert response.status_code == 400
    doctor.refresh_from_db()
    assert doctor.deletion_requested_at is None


@pytest.mark.django_db
def test_deletion_signs_out_and_signing_in_during_the_grace_period_offers_to_cancel(
    doctor_client, doctor
):
    response = doctor_client.post(reverse("accounts:delete_account"), {"password": PASSWORD})
    assert response.status_code == 302
    doctor.refresh_from_db()
    assert doctor.deletion_requested_at is not None
    assert doctor_client.get(reverse("dashboard")).status_code == 302  # signed out

    response = doctor_client.post(
        reverse("account_login"), {"login": doctor.email, "password": PASSWORD}
    )
    assert response.url == reverse("accounts:privacy")
    assert b"Keep my account" in doctor_client.get(response.url).content
    doctor_client.post(reverse("accounts:cancel_deletion"))
    doctor.refresh_from_db()
    assert doctor.deletion_requested_at is None


def rows_left_for(user_pk, world) -> list[str]:
    """Every row, of every model with a foreign key to the user, still pointing at them; and
    every row of the world (child rows included) still in the database."""
    left = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            points_at_user = isinstance(field, models.ForeignKey) and field.related_model is User
            if points_at_user and model._default_manager.filter(**{field.name: user_pk}).exists():
                left.append(f"{model.__name__}.{field.name}")
    for name, obj in world.items():
        if hasattr(obj, "pk") and type(obj)._default_manager.filter(pk=obj.pk).exists():
            left.append(name)
    return left


@pytest.mark.django_db
def test_purge_after_the_grace_period_leaves_nothing_the_doctor_owned(doctor, outsider):
    world = factories.build_world(doctor)
    others = factories.build_world(outsider)
    privacy.request_deletion(user=doctor)

    assert privacy.purge_due_accounts(now=timezone.now() + dt.timedelta(days=13)) == 0
    assert User.objects.filter(pk=doctor.pk).exists()

    assert privacy.purge_due_accounts(now=timezone.now() + dt.timedelta(days=15)) == 1
    assert privacy.purge_due_accounts(now=timezone.now() + dt.timedelta(days=15)) == 0
    assert rows_left_for(doctor.pk, world) == []
    assert rows_left_for(outsider.pk, {}) != []  # the other doctor's rows are untouched
    assert all(type(o)._default_manager.filter(pk=o.pk).exists() for o in others.values())


@pytest.mark.django_db
def test_a_cancelled_deletion_is_never_purged(doctor):
    privacy.request_deletion(user=doctor)
    privacy.cancel_deletion(user=doctor)
    assert privacy.purge_due_accounts(now=timezone.now() + dt.timedelta(days=30)) == 0


@pytest.mark.django_db
def test_the_change_history_is_downloaded_and_purged_with_the_account(doctor_client, doctor):
    from contacts import services
    from contacts.models import Contact, ContactEmail

    world = factories.build_world(doctor)
    contact = world["contact"]
    contact.notes = "Changed once"
    contact.save()
    services.trash_contacts(owner=doctor, ids=[contact.pk])

    archive = open_archive(doctor_client.get(reverse("accounts:download_data")))
    data = json.loads(archive.read("netmed.json"))["data"]
    notes = [r["fields"]["notes"] for r in data["contacts.historicalcontact"]]
    assert "Changed once" in notes
    assert data["contacts.historicalcontactemail"]

    privacy.request_deletion(user=doctor)
    privacy.purge_due_accounts(now=timezone.now() + dt.timedelta(days=15))
    assert not Contact.history.filter(owner_id=doctor.pk).exists()
    assert not ContactEmail.history.filter(contact_id=contact.pk).exists()
