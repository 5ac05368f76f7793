"""Sessions end after an idle timeout and an absolute lifetime (ASVS 5.0 7.3.1, 7.3.2), shorter
for staff; passwords are at least 12 characters and not common ones (6.2.1, 6.2.4). Time moves
with the test clock."""

import datetime as dt

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests import factories
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("dashboard")


def sign_in(client, user, *, remember: bool):
    data = {"login": user.email, "password": PASSWORD}
    if remember:
        data["remember"] = "on"
    response = client.post(reverse("account_login"), data)
    assert response.status_code == 302, response.content
    assert client.get(DASHBOARD).status_code == 200


def is_signed_in(client) -> bool:
    return client.get(DASHBOARD).status_code == 200


def test_a_session_idle_for_longer_than_twelve_hours_is_signed_out(client, doctor, clock):
    sign_in(client, doctor, remember=True)

    clock.shift(dt.timedelta(hours=11, minutes=59))
    assert is_signed_in(client)
    clock.shift(dt.timedelta(hours=12, minutes=1))

    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert "signed out to keep your account safe" in client.get(response.url).content.decode()


def test_each_request_restarts_the_idle_timeout(client, doctor, clock):
    sign_in(client, doctor, remember=True)
    for _ in range(4):
        clock.shift(dt.timedelta(hours=10))
        assert is_signed_in(client)


def test_a_remembered_session_ends_thirty_days_after_sign_in_however_busy(client, doctor, clock):
    sign_in(client, doctor, remember=True)
    for _ in range(65):  # 29.8 days, never idle for 12 hours
        clock.shift(dt.timedelta(hours=11))
        assert is_signed_in(client)

    clock.shift(dt.timedelta(hours=11))
    assert not is_signed_in(client)


def test_a_session_not_remembered_ends_within_a_day(client, doctor, clock):
    sign_in(client, doctor, remember=False)
    assert client.session.get_expire_at_browser_close()
    for _ in range(2):
        clock.shift(dt.timedelta(hours=11))
        assert is_signed_in(client)

    clock.shift(dt.timedelta(hours=3))
    assert not is_signed_in(client)


def test_staff_sessions_end_after_thirty_idle_minutes(client, clock):
    staff = factories.StaffFactory(totp=False)
    client.force_login(staff)
    assert is_signed_in(client)

    clock.shift(dt.timedelta(minutes=29))
    assert is_signed_in(client)
    clock.shift(dt.timedelta(minutes=31))
    assert not is_signed_in(client)


def test_staff_sessions_end_eight_hours_after_sign_in(client, clock):
    staff = factories.StaffFactory(totp=False)
    client.force_login(staff)
    for _ in range(16):
        assert is_signed_in(client)
        clock.shift(dt.timedelta(minutes=29))
    clock.shift(dt.timedelta(minutes=30))
    assert not is_signed_in(client)


def test_the_limits_come_from_settings(client, doctor, clock, settings):
    settings.SESSION_IDLE_TIMEOUT = 60 * 60
    client.force_login(doctor)
    assert is_signed_in(client)

    clock.shift(dt.timedelta(minutes=61))
    assert not is_signed_in(client)


def test_another_session_of_the_same_doctor_is_not_signed_out(client, doctor, clock):
    other = type(client)()
    sign_in(client, doctor, remember=True)
    clock.shift(dt.timedelta(hours=6))
    sign_in(other, doctor, remember=True)

    clock.shift(dt.timedelta(hours=7))
    assert not is_signed_in(client)
    assert is_signed_in(other)


@pytest.mark.parametrize("password", ["short-pw-11", "password1234", "123456789012"])
def test_a_short_or_common_password_is_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_twelve_character_password_is_accepted_and_the_factories_use_one():
    validate_password("kettle-drum7")
    validate_password(PASSWORD)
    assert len(PASSWORD) >= 12


def test_sign_up_refuses_an_eleven_character_password(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new@example.org",
            "password1": "kettle-drum",
            "password2": "kettle-drum",
            "display_name": "Dr New",
        },
    )

    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()
