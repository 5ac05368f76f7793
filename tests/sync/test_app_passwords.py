"""App passwords: made and revoked on the profile, shown once, stored hashed, for sync only."""

import time

import pytest
from allauth.mfa.totp.internal import auth as totp_auth
from django.urls import reverse

from sync import app_passwords
from sync import dav as dav_server
from sync.models import AppPassword
from tests.factories import PASSWORD
from tests.sync.helpers import PROPFIND_ETAGS, basic, dav

pytestmark = pytest.mark.django_db


def test_making_an_app_password_shows_it_once_and_keeps_only_a_hash(doctor_client, doctor):
    response = doctor_client.post(reverse("sync:app_password_create"), {"label": "iPhone"})

    assert response.status_code == 200
    password = response.context["made"].password
    assert password.encode() in response.content
    stored = AppPassword.objects.get(owner=doctor)
    assert stored.label == "iPhone"
    assert password.replace("-", "")[8:] not in stored.secret_hash
    assert stored.secret_hash.startswith("md5$")  # the test settings' Django hasher
    profile = doctor_client.get(reverse("accounts:profile"))
    assert b"iPhone" in profile.content
    assert password.encode() not in profile.content


def test_the_profile_lists_app_passwords_with_their_last_use(doctor_client, doctor, client):
    made = app_passwords.create_app_password(owner=doctor, label="Pixel")
    assert b"Never" in doctor_client.get(reverse("accounts:profile")).content

    assert app_passwords.authenticate(email=doctor.email, password=made.password) == doctor

    made.app_password.refresh_from_db()
    assert made.app_password.last_used_at is not None
    page = doctor_client.get(reverse("accounts:profile")).content.decode()
    assert made.app_password.last_used_at.astimezone(doctor.timezone).strftime("%d/%m/%Y") in page


def test_a_revoked_app_password_no_longer_opens_the_dav_server(doctor_client, doctor, client):
    made = app_passwords.create_app_password(owner=doctor, label="Old phone")
    auth = basic(doctor.email, made.password)
    assert dav(client, "PROPFIND", "/dav/", auth=auth, body=PROPFIND_ETAGS).status_code == 207

    response = doctor_client.post(reverse("sync:app_password_revoke", args=[made.app_password.pk]))

    assert response.status_code == 302
    assert dav(client, "PROPFIND", "/dav/", auth=auth, body=PROPFIND_ETAGS).status_code == 401


def test_an_outsider_cannot_revoke_the_doctors_app_password(outsider_client, doctor):
    made = app_passwords.create_app_password(owner=doctor, label="iPhone")

    response = outsider_client.post(
        reverse("sync:app_password_revoke", args=[made.app_password.pk])
    )

    assert response.status_code == 404
    made.app_password.refresh_from_db()
    assert made.app_password.revoked_at is None


def test_the_web_login_never_accepts_an_app_password(client, doctor):
    made = app_passwords.create_app_password(owner=doctor, label="iPhone")

    response = client.post(
        reverse("account_login"), {"login": doctor.email, "password": made.password}
    )

    assert response.status_code == 200  # the form again, with its error
    assert "_auth_user_id" not in client.session
    ok = client.post(reverse("account_login"), {"login": doctor.email, "password": PASSWORD})
    assert ok.status_code == 302  # the account password still works: the test can fail


def test_the_account_password_never_opens_the_dav_server(client, doctor):
    auth = basic(doctor.email, PASSWORD)

    assert dav(client, "PROPFIND", "/dav/", auth=auth, body=PROPFIND_ETAGS).status_code == 401


def test_app_passwords_work_with_two_factor_authentication_on(client, doctor):
    totp_auth.TOTP.activate(doctor, totp_auth.generate_totp_secret())
    made = app_passwords.create_app_password(owner=doctor, label="iPhone")

    response = dav(
        client, "PROPFIND", "/dav/", auth=basic(doctor.email, made.password), body=PROPFIND_ETAGS
    )

    assert response.status_code == 207


def test_an_app_password_works_only_with_its_owners_email(client, doctor, outsider):
    made = app_passwords.create_app_password(owner=doctor, label="iPhone")

    assert app_passwords.authenticate(email=outsider.email, password=made.password) is None
    assert app_passwords.authenticate(email=doctor.email.upper(), password=made.password) == doctor
    spaced = made.password.upper().replace("-", " ")
    assert app_passwords.authenticate(email=doctor.email, password=spaced) == doctor


def test_the_profile_lists_many_app_passwords_in_one_query(
    doctor_client, doctor, django_assert_max_num_queries
):
    app_passwords.create_app_password(owner=doctor, label="iPhone")
    doctor_client.get(reverse("accounts:profile"))  # warm the session and vocabulary caches
    with django_assert_max_num_queries(PROFILE_QUERIES) as one:
        doctor_client.get(reverse("accounts:profile"))
    for n in range(5):
        app_passwords.create_app_password(owner=doctor, label=f"Device {n}")
    # The same number of queries with six app passwords as with one: the list is one query.
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = doctor_client.get(reverse("accounts:profile"))
    assert page.content.count(b"Revoke<span") == 6


def test_making_an_app_password_needs_a_device_name(doctor_client, doctor):
    response = doctor_client.post(reverse("sync:app_password_create"), {"label": ""})

    assert response.status_code == 302
    assert not AppPassword.objects.filter(owner=doctor).exists()


# The profile page: session and user, the form's choices, CPD home (six at most), app passwords.
PROFILE_QUERIES = 30


def test_a_wrong_app_password_is_refused_only_after_half_a_second(client, doctor, monkeypatch):
    """Radicale's brute-force delay, which the other sync tests turn off (tests/sync/conftest.py):
    the server as production makes it waits before refusing, and lets a right password in at once.
    """
    monkeypatch.setattr(dav_server, "_application", None)  # made afresh, as production makes it
    made = app_passwords.create_app_password(owner=doctor, label="iPhone")
    # Untimed: the first request makes the application (0.6 s seen at load 2), which the timed
    # right password would otherwise pay alone.
    dav(client, "PROPFIND", "/dav/", auth=basic(doctor.email, made.password), body=PROPFIND_ETAGS)
    timings = {}
    for name, password in (("right", made.password), ("wrong", made.password + "x")):
        started = time.perf_counter()
        response = dav(
            client, "PROPFIND", "/dav/", auth=basic(doctor.email, password), body=PROPFIND_ETAGS
        )
        timings[name] = (response.status_code, time.perf_counter() - started)
    assert timings["wrong"][0] == 401 and timings["wrong"][1] >= 0.5
    # Both pay for checking the password, which a busy machine stretches (0.77 s seen at load
    # 5): only the refusal waits on top of it.
    assert timings["right"][0] == 207
    assert timings["right"][1] < timings["wrong"][1] - 0.25
