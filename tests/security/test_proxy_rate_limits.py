"""Sign-in rate limits behind a reverse proxy key on the real client, not on the proxy.

Every request here comes from the same connecting address (the proxy's), with the client's address
in X-Forwarded-For as nginx appends it. allauth allows 10 failed logins a minute per IP address;
the attacker spreads them over 10 accounts so the per-account limit (5) is not what stops them.
"""

import pytest
from allauth.account.adapter import get_adapter
from django.test import RequestFactory
from django.urls import reverse

from tests import factories
from tests.core.test_settings import PRODUCTION, production_setting
from tests.factories import PASSWORD

PROXY = "10.0.0.2"
ATTACKER = "203.0.113.66"
DOCTOR = "198.51.100.7"


def login(client, email, *, forwarded_for, password=PASSWORD):
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def attack(client, forwarded_for: str) -> None:
    """Ten failed logins against ten accounts: the per-IP limit's allowance for a minute."""
    for victim in factories.UserFactory.create_batch(10):
        login(client, victim.email, forwarded_for=forwarded_for, password="wrong-password")


def client_ip(**headers) -> str:
    return get_adapter().get_client_ip(RequestFactory().get("/", REMOTE_ADDR=PROXY, **headers))


def test_the_trusted_proxy_count_and_header_come_from_the_environment():
    script = "s.ALLAUTH_TRUSTED_PROXY_COUNT, s.ALLAUTH_TRUSTED_CLIENT_IP_HEADER"
    default = production_setting(script, **PRODUCTION)
    configured = production_setting(
        script,
        **PRODUCTION,
        NETMED_TRUSTED_PROXY_COUNT="2",
        NETMED_TRUSTED_CLIENT_IP_HEADER="X-Real-IP",
    )

    assert default.split() == ["0", "None"]
    assert configured.split() == ["2", "X-Real-IP"]


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0

    assert client_ip(HTTP_X_FORWARDED_FOR=ATTACKER) == PROXY


def test_behind_one_proxy_the_client_is_the_address_the_proxy_appended(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1

    # The client forged the first entry; nginx appended the address it really saw.
    assert client_ip(HTTP_X_FORWARDED_FOR=f"1.2.3.4, {ATTACKER}") == ATTACKER


def test_a_header_the_proxy_sets_names_the_client_when_configured(settings):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"

    assert client_ip(HTTP_X_REAL_IP=DOCTOR, HTTP_X_FORWARDED_FOR=ATTACKER) == DOCTOR


@pytest.mark.django_db
def test_behind_a_trusted_proxy_one_attacker_does_not_lock_other_doctors_out(
    client, doctor, settings
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    attack(client, ATTACKER)

    refused = login(client, doctor.email, forwarded_for=ATTACKER)
    assert b"Too many failed login attempts" in refused.content

    response = login(client, doctor.email, forwarded_for=DOCTOR)
    assert response.status_code == 302


@pytest.mark.django_db
def test_behind_a_trusted_proxy_forging_x_forwarded_for_does_not_escape_the_limit(
    client, doctor, settings
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for n, victim in enumerate(factories.UserFactory.create_batch(10)):
        login(client, victim.email, forwarded_for=f"10.9.9.{n}, {ATTACKER}", password="x")

    response = login(client, doctor.email, forwarded_for=f"10.9.9.99, {ATTACKER}")
    assert b"Too many failed login attempts" in response.content


@pytest.mark.django_db
def test_with_the_proxy_not_trusted_everyone_behind_it_shares_one_limit(client, doctor, settings):
    """Why the setting matters: the misconfiguration the issue describes, shown failing."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    attack(client, ATTACKER)

    response = login(client, doctor.email, forwarded_for=DOCTOR)
    assert b"Too many failed login attempts" in response.content
