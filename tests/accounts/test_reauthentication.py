"""The data download and account deletion ask the doctor to prove it is them again (ASVS 5.0
7.5.1): the password, or the authenticator app's code for a doctor who has one."""

import pytest
from allauth.mfa.totp.internal import auth as totp_auth
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

DOWNLOAD = reverse("accounts:download_data")
DELETE = reverse("accounts:delete_account")


def current_code(secret: str) -> str:
    counter = next(totp_auth.yield_hotp_counters_from_time())
    return totp_auth.format_hotp_value(totp_auth.hotp_value(secret, counter))


@pytest.fixture
def with_totp(doctor):
    secret = totp_auth.generate_totp_secret()
    totp_auth.TOTP.activate(doctor, secret)
    return secret


def test_the_download_asks_for_the_password_before_sending_anything(doctor_client):
    response = doctor_client.get(DOWNLOAD)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    assert response.get("Content-Type", "").startswith("text/html")


def test_after_the_password_the_download_follows(doctor_client):
    response = doctor_client.post(
        f"{reverse('account_reauthenticate')}?next={DOWNLOAD}", {"password": PASSWORD}
    )
    assert response.url == DOWNLOAD

    assert doctor_client.get(DOWNLOAD)["Content-Type"] == "application/zip"


def test_the_reauthentication_lasts_five_minutes(doctor_client, clock):
    doctor_client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert doctor_client.get(DOWNLOAD).status_code == 200

    clock.shift(301)

    assert doctor_client.get(DOWNLOAD).status_code == 302


def test_deleting_asks_for_reauthentication_and_deletes_nothing_before(doctor_client, doctor):
    response = doctor_client.post(DELETE, {"password": PASSWORD})

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    doctor.refresh_from_db()
    assert doctor.deletion_requested_at is None


def test_a_doctor_with_an_authenticator_is_asked_for_its_code_not_the_password(
    doctor_client, doctor, with_totp
):
    response = doctor_client.get(DOWNLOAD)
    assert response.url.startswith(reverse("mfa_reauthenticate"))

    # The password alone no longer proves it is them.
    doctor_client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert doctor_client.get(DOWNLOAD).status_code == 302

    doctor_client.post(reverse("mfa_reauthenticate"), {"code": current_code(with_totp)})
    assert doctor_client.get(DOWNLOAD)["Content-Type"] == "application/zip"


def test_deletion_by_a_doctor_with_an_authenticator_needs_the_code_and_the_password(
    doctor_client, doctor, with_totp
):
    doctor_client.post(reverse("mfa_reauthenticate"), {"code": current_code(with_totp)})

    assert doctor_client.post(DELETE, {"password": "wrong"}).status_code == 400
    doctor_client.post(DELETE, {"password": PASSWORD})

    doctor.refresh_from_db()
    assert doctor.deletion_requested_at is not None
