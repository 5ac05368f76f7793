import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal import auth as totp_auth
from django.core import mail
from django.urls import reverse

from accounts.models import User
from core.models import Term
from tests.factories import PASSWORD


@pytest.mark.django_db
def test_new_doctor_signs_up_confirms_email_and_is_logged_in(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new.doctor@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "display_name": "Dr New",
        },
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+/", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    assert client.get(reverse("dashboard")).status_code == 302  # not yet verified
    confirm_url = link.group(0).split("testserver", 1)[-1]
    client.post(confirm_url)
    assert client.get(reverse("dashboard")).status_code == 200
    assert User.objects.get(email="new.doctor@example.org").display_name == "Dr New"


@pytest.mark.django_db
def test_unverified_doctor_cannot_log_in(client):
    client.post(
        reverse("account_signup"),
        {"email": "unverified@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "unverified@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert "confirm-email" in response.url


@pytest.mark.django_db
def test_doctor_logs_in_with_email_and_sees_the_dashboard(client, doctor):
    response = client.post(reverse("account_login"), {"login": doctor.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200


@pytest.mark.django_db
def test_doctor_edits_profile(doctor_client, doctor):
    specialty = Term.objects.get(kind="specialty", code="psychiatry")
    response = doctor_client.post(
        reverse("accounts:profile"),
        {
            "display_name": "Dr Renamed",
            "specialty": specialty.pk,
            "city": "Perth",
            "state": "WA",
            "country": "AU",
            "qualification_country": "NG",
            "timezone": "Australia/Perth",
            "digest_frequency": "daily",
            "digest_weekday": 0,
            "digest_hour": 6,
            "interests": [Term.objects.get(kind="specialty", code="physician").pk],
            "training_goal": "Cardiology advanced training",
        },
    )
    assert response.status_code == 302
    doctor.refresh_from_db()
    assert doctor.specialty == specialty
    assert str(doctor.timezone) == "Australia/Perth"
    assert doctor.is_img
    assert [t.code for t in doctor.interests.all()] == ["physician"]
    assert doctor.training_goal == "Cardiology advanced training"


@pytest.mark.django_db
def test_profile_shows_an_error_beside_a_bad_digest_hour(doctor_client, doctor):
    response = doctor_client.post(
        reverse("accounts:profile"),
        {
            "display_name": "X",
            "timezone": "Australia/Sydney",
            "digest_frequency": "daily",
            "digest_weekday": 0,
            "digest_hour": 27,
            "country": "AU",
        },
    )
    assert response.status_code == 200
    assert b"field-error" in response.content
    doctor.refresh_from_db()
    assert doctor.digest_hour == 7


@pytest.mark.django_db
def test_doctor_enables_totp_with_a_code_from_their_authenticator(client, doctor):
    client.post(reverse("account_login"), {"login": doctor.email, "password": PASSWORD})
    # allauth asks for the password again before security changes.
    assert client.get(reverse("mfa_activate_totp")).status_code == 302
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    secret = response.context["form"].secret
    counter = next(totp_auth.yield_hotp_counters_from_time())
    code = totp_auth.format_hotp_value(totp_auth.hotp_value(secret, counter))
    response = client.post(reverse("mfa_activate_totp"), {"code": code})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=doctor, type="totp").exists()


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_login_from_the_profile(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.django_db
def test_sign_up_keeps_the_browsers_time_zone_and_refuses_a_made_up_one(client):
    for email, zone, kept in [
        ("perth@example.org", "Australia/Perth", "Australia/Perth"),
        ("nowhere@example.org", "Mars/Olympus", "Australia/Sydney"),
    ]:
        client.post(
            reverse("account_signup"),
            {"email": email, "password1": PASSWORD, "password2": PASSWORD, "timezone": zone},
        )
        assert str(User.objects.get(email=email).timezone) == kept


@pytest.mark.django_db
def test_the_profile_offers_australian_time_zones_first_then_the_rest_sorted(doctor_client):
    form = doctor_client.get(reverse("accounts:profile")).context["form"]
    keys = [key for key, _ in form.fields["timezone"].choices if key]
    assert keys[:3] == ["Australia/Sydney", "Australia/Melbourne", "Australia/Brisbane"]
    rest = keys[8:-1]
    assert rest == sorted(rest) and "Europe/London" in rest
    assert "Australia/ACT" not in keys and "US/Eastern" not in keys  # no legacy aliases
