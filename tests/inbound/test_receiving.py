"""receive_inbound_email and the task that reads a stored message: who is on a message (forwarded
blocks too), who may send, and reading twice doing nothing twice."""

from __future__ import annotations

import pytest

from contacts.models import Interaction
from inbound import parsing
from inbound.models import InboundMessage
from inbound.receiving import read_stored, receive_inbound_email, store_received
from inbound.tasks import read_inbound_message
from tests import factories
from tests.inbound.mail import email_from, inbound_address

pytestmark = pytest.mark.django_db

GMAIL_FORWARD = """FYI, see below.

---------- Forwarded message ---------
From: Dr Priya Sharma <priya.sharma@example.org>
Date: Mon, 3 May 2027 at 09:12
Subject: Registry data
To: Dr Owner <{owner}>
Cc: Tom Nguyen <tom.nguyen@example.org>

Shall we meet about the registry?
"""

OUTLOOK_FORWARD = """
-----Original Message-----
From: Sharma, Priya [mailto:priya.sharma@example.org]
Sent: Monday, 3 May 2027 9:12 AM
To: Owner <{owner}>; Lee, Ann <ann.lee@example.org>
Subject: Registry data
"""


@pytest.fixture
def colleague(doctor):
    contact = factories.ContactFactory(owner=doctor, given_name="Priya", family_name="Sharma")
    factories.ContactEmailFactory(contact=contact, email="priya.sharma@example.org")
    return contact


def receive(doctor, message, **kwargs):
    return receive_inbound_email(
        message.as_bytes(), doctor.email, [inbound_address(doctor)], kwargs.get("auth", {})
    )


def test_a_forwarded_gmail_message_logs_its_sender_and_offers_its_cc(doctor, colleague):
    body = GMAIL_FORWARD.format(owner=doctor.email)
    message = email_from(doctor.email, to=inbound_address(doctor), subject="Fwd: Registry data",
                         body=body)  # fmt: skip

    receipt = receive(doctor, message)

    assert receipt.status == "logged"
    assert list(receipt.interaction.contacts.all()) == [colleague]
    assert [p.email for p in receipt.offered] == ["tom.nguyen@example.org"]
    # dated on its link, as the contact's timeline reads it
    link = receipt.interaction.interactioncontact_set.get()
    assert link.occurred_on == receipt.interaction.occurred_on


def test_an_outlook_forward_names_people_written_with_mailto(doctor, colleague):
    message = email_from(doctor.email, to=inbound_address(doctor),
                         body=OUTLOOK_FORWARD.format(owner=doctor.email))  # fmt: skip

    receipt = receive(doctor, message)

    assert list(receipt.interaction.contacts.all()) == [colleague]
    assert receipt.offered == [parsing.Person("ann.lee@example.org", "Lee, Ann")]


def test_the_doctor_and_inbound_addresses_are_never_offered(doctor):
    message = email_from(doctor.email, to=f"Me <{doctor.email}>", cc=inbound_address(doctor))

    receipt = receive(doctor, message)

    assert (receipt.status, receipt.offered) == ("nothing", [])


def test_only_unknown_people_leaves_it_for_review_and_logs_nothing(doctor):
    receipt = receive(doctor, email_from(doctor.email, to="new.person@example.org"))

    assert receipt.status == "review"
    assert receipt.interaction is None
    assert not Interaction.objects.exists()


def test_an_unverified_address_of_the_doctor_is_refused(doctor, colleague):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=doctor, email="second@example.org", verified=False)
    message = email_from("second@example.org")

    receipt = receive_inbound_email(message.as_bytes(), "second@example.org",
                                    [inbound_address(doctor)], {})  # fmt: skip

    assert receipt.status == "rejected"
    assert not Interaction.objects.exists()


def test_a_verified_from_with_another_envelope_sender_is_refused(doctor, colleague):
    receipt = receive_inbound_email(email_from(doctor.email).as_bytes(), "bulk@example.net",
                                    [inbound_address(doctor)], {})  # fmt: skip

    assert (receipt.status, receipt.reason) == (
        "rejected",
        "The envelope sender is not one of your verified addresses.",
    )


@pytest.mark.parametrize(
    "auth",
    [{"spf": "fail"}, {"dmarc": "fail"}, {"dkim": "permerror"}, {"spam": "yes"}],
)
def test_a_failed_check_from_the_provider_refuses_the_doctors_own_address(doctor, colleague, auth):
    receipt = receive(doctor, email_from(doctor.email), auth=auth)

    assert receipt.status == "rejected"
    assert not Interaction.objects.exists()


def test_softfail_or_no_results_do_not_refuse(doctor, colleague):
    assert receive(doctor, email_from(doctor.email), auth={"spf": "softfail"}).status == "logged"


def test_a_retired_address_is_refused(doctor, colleague):
    from inbound.addresses import regenerate_address

    old = inbound_address(doctor)
    regenerate_address(doctor)

    receipt = receive_inbound_email(email_from(doctor.email).as_bytes(), doctor.email, [old], {})

    assert receipt.status == "rejected"


def test_authentication_results_pass_wins_over_a_second_failing_signature():
    message = parsing.parse(
        b"Authentication-Results: mx.example.org; dkim=fail header.d=a.example; "
        b"dkim=pass header.d=example.org; spf=softfail smtp.mailfrom=x\r\n"
        b"X-Mailgun-Spf: Fail\r\n\r\nbody\r\n"
    )

    results = parsing.auth_results_from_headers(message)

    assert results == {"dkim": "pass", "spf": "fail"}


def test_the_task_reads_a_stored_message_once(
    doctor, colleague, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as queued:
        [stored] = store_received(raw=email_from(doctor.email).as_bytes(),
                                  envelope_from=doctor.email, recipients=[inbound_address(doctor)],
                                  auth_results={}, source="smtp")  # fmt: skip
    assert len(queued) == 1 and stored.status == "received"

    assert read_inbound_message(str(stored.pk)) == "logged"
    assert read_inbound_message(str(stored.pk)) == ""
    assert read_stored(stored.pk) is None

    assert Interaction.objects.filter(owner=doctor).count() == 1
    stored.refresh_from_db()
    assert stored.interaction.contacts.get() == colleague


def test_a_refused_message_is_stored_as_refused_and_not_queued(
    doctor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as queued:
        [stored] = store_received(raw=email_from("someone@example.net").as_bytes(),
                                  envelope_from="someone@example.net",
                                  recipients=[inbound_address(doctor)], auth_results={},
                                  source="smtp")  # fmt: skip

    assert queued == []
    assert stored.status == InboundMessage.Status.REJECTED
