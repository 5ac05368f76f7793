"""Authentication: allauth's rate limits on the real Redis cache, the admin behind allauth and
TOTP, no account enumeration, and sessions that end when the password changes."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal import auth as totp_auth
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests import factories
from tests.factories import PASSWORD


def login(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def page_text(client, url) -> str:
    """The page without its per-request CSRF token."""
    return re.sub(r"[A-Za-z0-9]{64}", "", client.get(url).content.decode())


def is_signed_in(client) -> bool:
    return client.get(reverse("dashboard")).status_code == 200


@pytest.mark.django_db
def test_sixth_failed_login_within_five_minutes_is_refused_even_with_the_right_password(
    client, doctor, settings
):
    assert "RedisCache" in settings.CACHES["default"]["BACKEND"]
    for _ in range(5):
        response = login(client, doctor.email, "wrong-password")
        assert response.status_code == 200
        assert not is_signed_in(client)
    response = login(client, doctor.email)
    assert response.status_code == 200
    assert b"Too many failed login attempts" in response.content
    assert not is_signed_in(client)


@pytest.mark.django_db
def test_failed_logins_for_one_account_do_not_lock_out_another(client, doctor, outsider):
    for _ in range(5):
        login(client, doctor.email, "wrong-password")
    assert login(client, outsider.email).status_code == 302
    assert is_signed_in(client)


@pytest.mark.django_db
def test_password_reset_requests_for_one_address_are_limited(client, doctor):
    url = reverse("account_reset_password")
    statuses = [client.post(url, {"email": doctor.email}).status_code for _ in range(6)]
    assert statuses == [302] * 5 + [429]
    assert len(mail.outbox) == 5


@pytest.mark.django_db
def test_sign_ups_from_one_address_are_limited(client):
    url = reverse("account_signup")
    # Twenty attempts a minute from one IP address (even invalid ones count) ...
    for _ in range(20):
        assert client.post(url, {"email": "not-an-email"}).status_code == 200
    form = {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD}
    # ... then even a valid sign-up is refused.
    assert client.post(url, form).status_code == 429
    assert not EmailAddress.objects.filter(email="new@example.org").exists()


@pytest.mark.django_db
def test_password_reset_does_not_reveal_whether_an_address_has_an_account(client, doctor):
    url = reverse("account_reset_password")
    known = client.post(url, {"email": doctor.email})
    unknown = client.post(url, {"email": "nobody-here@example.org"})
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    assert page_text(client, known.url) == page_text(client, unknown.url)
    # Each address gets an email; only the owner of an account can tell which is which.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([doctor.email, "nobody-here@example.org"])


@pytest.mark.django_db
def test_changing_the_password_ends_every_other_session(doctor):
    here, elsewhere = Client(), Client()
    login(here, doctor.email)
    login(elsewhere, doctor.email)
    assert is_signed_in(elsewhere)
    new_password = "a-brand-new-passphrase-77"
    response = here.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new_password, "password2": new_password},
    )
    assert response.status_code == 302
    assert is_signed_in(here)
    assert not is_signed_in(elsewhere)


@pytest.mark.django_db
def test_adding_an_email_address_asks_for_the_password_first(doctor_client, doctor):
    form = {"action_add": "", "email": "second@example.org"}
    response = doctor_client.post(reverse("account_email"), form)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    assert not EmailAddress.objects.filter(email="second@example.org").exists()

    doctor_client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    doctor_client.post(reverse("account_email"), form)
    assert EmailAddress.objects.filter(user=doctor, email="second@example.org").exists()


# --- the Django admin ------------------------------------------------------------------------


@pytest.fixture
def staff(db):
    return factories.UserFactory(is_staff=True, is_superuser=True)


def add_totp(user) -> str:
    secret = totp_auth.generate_totp_secret()
    totp_auth.TOTP.activate(user, secret)
    return secret


def current_code(secret: str) -> str:
    counter = next(totp_auth.yield_hotp_counters_from_time())
    return totp_auth.format_hotp_value(totp_auth.hotp_value(secret, counter))


@pytest.mark.django_db
def test_admin_login_page_sends_visitors_to_allauths_login(client):
    response = client.get(reverse("admin:login") + "?next=/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert "next=%2Fadmin%2F" in response.url


@pytest.mark.django_db
def test_admin_login_form_cannot_be_posted_to_directly(client, staff):
    response = client.post(reverse("admin:login"), {"username": staff.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not is_signed_in(client)


@pytest.mark.django_db
def test_doctors_are_refused_every_admin_page(outsider_client):
    for name in ("admin:index", "admin:accounts_user_changelist", "admin:login"):
        response = outsider_client.get(reverse(name), follow=True)
        assert response.status_code in (403, 404) or (
            response.redirect_chain and "login" in response.redirect_chain[-1][0]
        ), name
        assert b"Site administration" not in response.content, name


@pytest.mark.django_db
def test_staff_without_totp_are_sent_to_set_it_up_before_the_admin(client, staff):
    login(client, staff.email)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


@pytest.mark.django_db
def test_staff_with_totp_must_give_a_code_at_login_before_the_admin(client, staff):
    secret = add_totp(staff)
    response = client.post(
        reverse("account_login") + "?next=/admin/", {"login": staff.email, "password": PASSWORD}
    )
    assert response.url.startswith(reverse("mfa_authenticate"))
    assert client.get(reverse("admin:index")).status_code == 302  # not yet signed in

    response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert response.status_code == 302
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert Authenticator.objects.filter(user=staff, type="totp").exists()
