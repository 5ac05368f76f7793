"""Real mail: an aiosmtpd server on loopback, Django's SMTP backend, Python's email parser, and
the done link followed without logging in."""

import datetime as dt
import email
import re
import socket
import zoneinfo
from email import policy
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller
from django.test import Client

from reminders import digest
from reminders.models import FollowUp
from tests import factories

AT = dt.datetime(2026, 11, 30, 7, 0, tzinfo=zoneinfo.ZoneInfo("Australia/Sydney"))


@pytest.fixture(autouse=True)
def at_the_digest_hour(clock):
    """Digests are sent at a doctor's hour: the clock starts at AT, so what the
    factories make "now" (cadences, claims, leases) lines up with the period being sent."""
    clock.move_to(AT)


class Inbox:
    def __init__(self):
        self.messages = []
        self.peers = []  # each message's client address: one per SMTP session

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.content)
        self.peers.append(session.peer)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield inbox
    controller.stop()


@pytest.mark.django_db
def test_a_digest_travels_through_real_smtp_and_its_done_link_clears_the_item(smtp):
    doctor = factories.UserFactory(
        digest_frequency="daily", digest_hour=7, timezone="Australia/Sydney"
    )
    follow_up = factories.FollowUpFactory(
        owner=doctor, what="Send the audit draft", due_on=AT.date()
    )

    assert digest.run_pass(AT).sent == 1

    [raw] = smtp.messages
    message = email.message_from_bytes(raw, policy=policy.default)
    assert message["To"] == doctor.email
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Send the audit draft" in text and "Send the audit draft" in html
    done_url = re.search(r"Done: (\S+)", text).group(1)
    assert done_url in html

    phone = Client()  # not logged in
    assert phone.get(urlsplit(done_url).path).status_code == 200
    assert phone.post(urlsplit(done_url).path).status_code == 200

    assert FollowUp.objects.get(pk=follow_up.pk).is_done
    unsubscribe = re.search(r"<([^>]+)>", str(message["List-Unsubscribe"])).group(1)
    assert phone.post(urlsplit(unsubscribe).path).status_code == 200
    doctor.refresh_from_db()
    assert doctor.digest_frequency == "off"


@pytest.mark.django_db
def test_a_batch_of_digests_goes_out_over_one_smtp_session_as_8bit_html(smtp):
    doctors = [
        factories.UserFactory(digest_frequency="daily", digest_hour=7, digest_when_empty=True)
        for _ in range(3)
    ]

    assert digest.run_pass(AT).sent == 3

    assert len(smtp.messages) == 3 and len(set(smtp.peers)) == 1
    parsed = [email.message_from_bytes(raw, policy=policy.default) for raw in smtp.messages]
    assert sorted(message["To"] for message in parsed) == sorted(d.email for d in doctors)
    html = parsed[0].get_body(preferencelist=("html",))
    assert html["Content-Transfer-Encoding"] in ("7bit", "8bit")  # not quoted-printable
    assert 'style="' in html.get_content()


@pytest.mark.django_db
def test_a_mail_server_that_drops_the_session_fails_one_digest_and_the_batch_reconnects(smtp):
    for _ in range(3):
        factories.UserFactory(digest_frequency="daily", digest_hour=7, digest_when_empty=True)
    original = smtp.handle_DATA
    calls = []

    async def drop_the_first(server, session, envelope):
        calls.append(1)
        if len(calls) == 1:
            return "421 Service closing transmission channel"
        return await original(server, session, envelope)

    smtp.handle_DATA = drop_the_first

    result = digest.run_pass(AT)

    assert (result.sent, result.failed) == (2, 1)
    assert len(smtp.messages) == 2
