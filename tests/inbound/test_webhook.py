"""Hosted inbound mail: Mailgun's route forwards each message (raw MIME) to /inbound/mailgun/mime/,
signed with the webhook signing key; anymail checks the signature."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from django.urls import reverse

from contacts.models import Interaction
from inbound.models import InboundMessage
from tests import factories
from tests.inbound.mail import email_from, inbound_address

pytestmark = pytest.mark.django_db
KEY = "test-signing-key"


@pytest.fixture(autouse=True)
def mailgun(settings, eager):
    settings.ANYMAIL = {"MAILGUN_WEBHOOK_SIGNING_KEY": KEY}


@pytest.fixture
def colleague(doctor):
    contact = factories.ContactFactory(owner=doctor)
    factories.ContactEmailFactory(contact=contact, email="priya.sharma@example.org")
    return contact


def forwarded(doctor, *, key: str = KEY, headers: dict | None = None) -> dict:
    timestamp, token = "1810000000", "a" * 50
    signature = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    message = email_from(doctor.email, headers=headers)
    return {
        "body-mime": message.as_string(),
        "sender": doctor.email,
        "recipient": inbound_address(doctor),
        "timestamp": timestamp,
        "token": token,
        "signature": signature,
    }


def test_a_signed_message_is_stored_and_logged(
    client, doctor, colleague, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("inbound:mailgun"), forwarded(doctor))

    assert response.status_code == 200
    received = InboundMessage.objects.get(owner=doctor)
    assert (received.source, received.status) == ("mailgun", "logged")
    assert list(received.interaction.contacts.all()) == [colleague]


def test_a_wrong_signature_is_refused_and_stores_nothing(client, doctor, colleague):
    response = client.post(reverse("inbound:mailgun"), forwarded(doctor, key="not-the-key"))

    assert response.status_code == 400
    assert not InboundMessage.objects.exists()
    assert not Interaction.objects.exists()


def test_mailguns_spf_fail_refuses_the_message(
    client, doctor, colleague, django_capture_on_commit_callbacks
):
    payload = forwarded(doctor, headers={"X-Mailgun-Spf": "Fail"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("inbound:mailgun"), payload)

    assert InboundMessage.objects.get(owner=doctor).status == "rejected"
    assert not Interaction.objects.exists()


def test_without_a_signing_key_the_webhook_is_not_there(client, doctor, settings):
    settings.ANYMAIL = {"MAILGUN_WEBHOOK_SIGNING_KEY": ""}

    assert client.post(reverse("inbound:mailgun"), forwarded(doctor)).status_code == 404
