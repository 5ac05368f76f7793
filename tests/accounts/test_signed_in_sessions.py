"""A doctor sees where they are signed in and can sign every other device out (ASVS 7.5.2),
through allauth's user sessions."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def signed_in(user, user_agent: str) -> Client:
    """Signed in through the sign-in form, as a person would (allauth records the session)."""
    client = Client(HTTP_USER_AGENT=user_agent)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:300]
    return client


def test_a_doctor_sees_each_device_and_signs_the_others_out_after_proving_it_is_them(doctor):
    laptop = signed_in(doctor, "Firefox on the ward laptop")
    phone = signed_in(doctor, "Safari on iPhone")

    page = laptop.get(reverse("usersessions_list")).content.decode()
    assert "Firefox on the ward laptop" in page and "Safari on iPhone" in page

    response = laptop.post(reverse("usersessions_list"))
    assert response.status_code == 302 and "reauthenticate" in response.url
    assert phone.get("/dashboard/").status_code == 200  # nothing ended yet

    laptop.post(response.url, {"password": PASSWORD})
    laptop.post(reverse("usersessions_list"))
    assert phone.get("/dashboard/").status_code == 302  # signed out
    assert laptop.get("/dashboard/").status_code == 200  # this one stays
    assert "Safari on iPhone" not in laptop.get(reverse("usersessions_list")).content.decode()


def test_another_doctors_devices_are_never_listed_or_ended(doctor, outsider):
    mine = signed_in(doctor, "Firefox on the ward laptop")
    theirs = signed_in(outsider, "Chrome on the outsider's desktop")

    page = theirs.get(reverse("usersessions_list")).content.decode()
    assert "ward laptop" not in page
    theirs.post(reverse("usersessions_list"))
    theirs.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    theirs.post(reverse("usersessions_list"))
    assert mine.get("/dashboard/").status_code == 200


def test_the_profile_links_to_the_signed_in_devices(doctor_client):
    page = doctor_client.get(reverse("accounts:profile")).content.decode()
    assert reverse("usersessions_list") in page
