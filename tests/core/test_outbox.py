"""Emails are never lost (core.outbox): kept as a row, sent under a claim, retried with backoff
when the mail server refuses, given up only after many tries, and visible to staff without
their text."""

import datetime as dt

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from django.utils import timezone

from core import outbox
from core.models import OutboundEmail
from mentorship import directory, tasks
from mentorship.directory import RequestRefused
from tests import factories
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
REFUSING = "tests.core.test_outbox.RefusingBackend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server down")


def test_a_sign_up_email_the_mail_server_refused_is_kept_and_sent_by_a_later_pass(
    client, settings, clock
):
    settings.EMAIL_BACKEND = REFUSING
    client.post(
        reverse("account_signup"),
        {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    [kept] = OutboundEmail.objects.all()
    assert (kept.status, kept.attempts, kept.to) == ("pending", 1, "new@example.org")
    assert "ConnectionRefusedError: SMTP server down" in kept.last_error
    assert mail.outbox == []

    settings.EMAIL_BACKEND = LOCMEM
    assert outbox.send_due() == 0  # not due yet: it waits out its backoff
    clock.shift(outbox.backoff(1) + dt.timedelta(seconds=1))
    assert outbox.send_due() == 1

    [message] = mail.outbox
    assert message.to == ["new@example.org"] and "/accounts/confirm-email/" in message.body
    kept.refresh_from_db()
    assert (kept.status, kept.attempts, kept.last_error) == ("sent", 2, "")
    assert outbox.send_due() == 0  # and never twice


def test_an_email_is_sent_once_however_often_it_is_queued_or_sent():
    first = outbox.queue_email(key="k1", kind="test", to="a@example.org", subject="S", body="B")
    again = outbox.queue_email(key="k1", kind="test", to="a@example.org", subject="S", body="B")

    assert first.pk == again.pk
    assert outbox.send_email(first.pk) is False  # already sent by queue_email
    assert len(mail.outbox) == 1


def test_a_sender_that_died_mid_send_is_replaced_once_its_lease_runs_out(clock):
    email = outbox.queue_email(
        key="k2", kind="test", to="a@example.org", subject="S", body="B", send_now=False
    )
    OutboundEmail.objects.filter(pk=email.pk).update(status="sending", claimed_at=timezone.now())

    assert outbox.send_due() == 0
    clock.shift(outbox.LEASE + dt.timedelta(seconds=1))
    assert outbox.send_due() == 1
    assert len(mail.outbox) == 1


def test_after_the_last_attempt_it_is_given_up_and_staff_see_it_without_its_text(
    client, settings, clock
):
    settings.EMAIL_BACKEND = REFUSING
    email = outbox.queue_email(
        key="k3", kind="test", to="a@example.org", subject="Your link", body="SECRET-LINK"
    )
    for _ in range(outbox.MAX_ATTEMPTS):
        clock.shift(dt.timedelta(hours=7))
        outbox.send_due()
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("failed", outbox.MAX_ATTEMPTS)
    clock.shift(dt.timedelta(days=1))
    assert outbox.send_due() == 0

    client.force_login(factories.StaffFactory())
    listing = client.get(reverse("admin:core_outboundemail_changelist")).content.decode()
    page = client.get(reverse("admin:core_outboundemail_change", args=[email.pk]))
    assert "Failed (gave up)" in listing and "a@example.org" in listing
    assert "SECRET-LINK" not in listing + page.content.decode()


def test_a_mentor_request_email_refused_by_the_mail_server_is_retried_not_lost(
    settings, clock, doctor
):
    settings.EMAIL_BACKEND = REFUSING
    request = factories.MentorRequestFactory(owner=doctor)

    assert tasks.email_request(str(request.pk)) is True  # handed to the outbox
    assert tasks.email_request(str(request.pk)) is False  # and only once
    assert mail.outbox == []

    settings.EMAIL_BACKEND = LOCMEM
    clock.shift(dt.timedelta(minutes=5))
    assert outbox.send_due() == 1
    assert [m.to for m in mail.outbox] == [[request.mentor.email]]


def test_one_doctor_can_ask_a_few_mentors_a_day_not_the_whole_directory(doctor, clock):
    profiles = [
        factories.MentorProfileFactory(published=True)
        for _ in range(directory.MAX_REQUESTS_PER_DAY + 1)
    ]
    for profile in profiles[:-1]:
        directory.send_request(requester=doctor, profile=profile, message="Hello")

    with pytest.raises(RequestRefused, match="up to 5 mentors in a day"):
        directory.send_request(requester=doctor, profile=profiles[-1], message="Hello")

    clock.shift(dt.timedelta(days=1, minutes=1))
    directory.send_request(requester=doctor, profile=profiles[-1], message="Hello")
