import pytest
from allauth.mfa.totp.internal import auth as totp_auth
from django.test import Client

from tests.factories import UserFactory


@pytest.fixture
def staff_user(db):
    """A staff member with an authenticator app (the admin requires one)."""
    staff = UserFactory(is_staff=True, is_superuser=True)
    totp_auth.TOTP.activate(staff, totp_auth.generate_totp_secret())
    return staff


@pytest.fixture
def staff_client(staff_user):
    """``staff_user``, signed in."""
    client = Client()
    client.force_login(staff_user)
    return client
