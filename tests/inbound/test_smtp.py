"""Email that logs itself, through a real SMTP client (smtplib) and NetMed's own receiver
(aiosmtpd, started here on a free port): what a doctor's mail client and a sending server see.

The receiver reaches the database from its own thread, so these tests commit (transactional).
"""

from __future__ import annotations

import smtplib
import socket

import pytest

from contacts.models import Contact, ContactEmail, Interaction
from events.models import Attendance, Event
from inbound import smtp
from inbound.models import InboundMessage
from tests import factories
from tests.inbound.mail import INVITATION, email_from, inbound_address

pytestmark = pytest.mark.django_db(transaction=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def receiver(eager):
    server = smtp.controller(host="127.0.0.1", port=free_port())
    server.start()
    yield server
    server.stop()
    server.handler.close()  # its thread's database connection, before the tables are emptied


@pytest.fixture
def colleague(doctor):
    contact = factories.ContactFactory(owner=doctor, given_name="Priya", family_name="Sharma")
    factories.ContactEmailFactory(contact=contact, email="Priya.Sharma@example.org")
    return contact


def send(server, message, *, sender: str, to: list[str]):
    with smtplib.SMTP(server.hostname, server.port, timeout=30) as client:
        # As a mail client sends it: CRLF line endings, Bcc never on the wire.
        return client.send_message(message, from_addr=sender, to_addrs=to)


def test_a_bccd_email_logs_one_interaction_with_the_known_contact(receiver, doctor, colleague):
    message = email_from(doctor.email, to="Dr Priya Sharma <priya.sharma@example.org>")

    send(receiver, message, sender=doctor.email, to=[inbound_address(doctor)])

    interaction = Interaction.objects.get(owner=doctor)
    assert list(interaction.contacts.all()) == [colleague]
    assert interaction.kind.code == "email"
    assert interaction.note == "Email: Registry data"
    assert str(interaction.occurred_on) == "2027-05-11"
    colleague.refresh_from_db()
    assert str(colleague.last_interaction_at) == "2027-05-11"
    assert InboundMessage.objects.get(owner=doctor).status == "logged"


def test_the_same_message_id_sent_twice_logs_once(receiver, doctor, colleague):
    message = email_from(doctor.email)

    send(receiver, message, sender=doctor.email, to=[inbound_address(doctor)])
    send(receiver, message, sender=doctor.email, to=[inbound_address(doctor)])

    assert Interaction.objects.filter(owner=doctor).count() == 1
    statuses = sorted(InboundMessage.objects.filter(owner=doctor).values_list("status", flat=True))
    assert statuses == ["duplicate", "logged"]


def test_an_unknown_ccd_address_is_offered_not_created(receiver, doctor, colleague):
    message = email_from(doctor.email, cc="Dr Tom Nguyen <tom.nguyen@example.org>")

    send(receiver, message, sender=doctor.email, to=[inbound_address(doctor)])

    received = InboundMessage.objects.get(owner=doctor)
    assert received.offered == [{"email": "tom.nguyen@example.org", "name": "Dr Tom Nguyen"}]
    assert not ContactEmail.objects.filter(email__iexact="tom.nguyen@example.org").exists()
    assert Contact.objects.filter(owner=doctor).count() == 1
    assert list(received.interaction.contacts.all()) == [colleague]


def test_a_meeting_invitation_becomes_the_doctors_own_event(receiver, doctor, colleague):
    message = email_from(doctor.email, subject="Invitation: steering", invitation=INVITATION)

    send(receiver, message, sender=doctor.email, to=[inbound_address(doctor)])

    event = Event.objects.get(import_uid="registry-steering-2027@example.org")
    assert (event.owner, event.published, event.kind.code) == (doctor, False, "meeting")
    assert event.title == "Registry steering group"
    assert event.when_label == "Thu 03/06/2027 17:00 – 18:00 (AEST)"
    assert Attendance.objects.get(owner=doctor, event=event).status == "attending"
    assert InboundMessage.objects.get(owner=doctor).event == event


def test_a_forged_sender_is_refused_and_creates_nothing(receiver, doctor, colleague):
    forged = email_from("Dr Owner <owner.lookalike@example.net>", invitation=INVITATION)

    with pytest.raises(smtplib.SMTPDataError) as refused:
        send(receiver, forged, sender="owner.lookalike@example.net", to=[inbound_address(doctor)])

    assert refused.value.smtp_code == 550
    received = InboundMessage.objects.get(owner=doctor)
    assert (received.status, received.reason) == (
        "rejected",
        "Sent from an address that is not one of your verified addresses.",
    )
    assert not Interaction.objects.exists()
    assert not Event.objects.exists()
    assert Contact.objects.count() == 1


def test_the_doctors_own_address_with_a_failed_dkim_check_is_refused(receiver, doctor, colleague):
    spoofed = email_from(
        doctor.email,
        headers={"Authentication-Results": "mx.example.org; spf=pass; dkim=fail header.d=x"},
    )

    with pytest.raises(smtplib.SMTPDataError) as refused:
        send(receiver, spoofed, sender=doctor.email, to=[inbound_address(doctor)])

    assert refused.value.smtp_code == 550
    assert InboundMessage.objects.get(owner=doctor).status == "rejected"
    assert not Interaction.objects.exists()


def test_an_unknown_recipient_gets_550(receiver, doctor, colleague, settings):
    unknown = f"log+notatoken@{settings.NETMED_INBOUND_DOMAIN}"

    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        send(receiver, email_from(doctor.email), sender=doctor.email, to=[unknown])

    assert refused.value.recipients[unknown][0] == 550
    assert not InboundMessage.objects.exists()


def test_a_message_over_the_size_limit_is_refused(settings, doctor):
    settings.NETMED_INBOUND_MAX_BYTES = 2000
    server = smtp.controller(host="127.0.0.1", port=free_port())
    server.start()
    try:
        with pytest.raises(smtplib.SMTPException) as refused:
            send(server, email_from(doctor.email, body="x" * 5000), sender=doctor.email,
                 to=[inbound_address(doctor)])  # fmt: skip
    finally:
        server.stop()
        server.handler.close()
    assert "552" in str(refused.value)
    assert not InboundMessage.objects.exists()


def test_a_message_that_cannot_be_stored_is_deferred_not_bounced(
    receiver, doctor, colleague, monkeypatch
):
    def database_down(**kwargs):
        raise ConnectionError("database unreachable")

    monkeypatch.setattr(smtp, "store_received", database_down)

    with pytest.raises(smtplib.SMTPDataError) as deferred:
        send(receiver, email_from(doctor.email), sender=doctor.email, to=[inbound_address(doctor)])

    assert deferred.value.smtp_code == 451
