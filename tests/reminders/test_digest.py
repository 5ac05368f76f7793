import datetime as dt
import email
import zoneinfo

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.urls import reverse

from reminders import digest, due
from reminders.models import DigestRecord, DigestStatus, DispatcherRun
from tests import factories

pytestmark = pytest.mark.django_db
SYDNEY = zoneinfo.ZoneInfo("Australia/Sydney")
# Monday 30/11/2026, 07:00 in Sydney (AEDT, UTC+11).
MONDAY_7AM = dt.datetime(2026, 11, 30, 7, 0, tzinfo=SYDNEY)


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server down")


def daily_doctor(**fields):
    fields = {
        "digest_frequency": "daily",
        "digest_hour": 7,
        "timezone": "Australia/Sydney",
        **fields,
    }
    doctor = factories.UserFactory(**fields)
    factories.FollowUpFactory(
        owner=doctor, what="Send Prof Sharma the audit", due_on=MONDAY_7AM.date()
    )
    return doctor


def test_the_period_starts_at_the_local_hour_and_lasts_the_local_day():
    key = digest.period_key
    assert key("daily", 0, 7, SYDNEY, MONDAY_7AM - dt.timedelta(minutes=1)) is None
    assert key("daily", 0, 7, SYDNEY, MONDAY_7AM) == "daily:2026-11-30"
    assert key("daily", 0, 7, SYDNEY, MONDAY_7AM + dt.timedelta(hours=16)) == "daily:2026-11-30"
    assert key("weekly", 0, 7, SYDNEY, MONDAY_7AM) == "weekly:2026-11-30"
    assert key("weekly", 1, 7, SYDNEY, MONDAY_7AM) is None
    assert key("off", 0, 7, SYDNEY, MONDAY_7AM) is None


def test_a_pass_sends_one_digest_with_html_text_and_unsubscribe_headers():
    doctor = daily_doctor()

    result = digest.run_pass(MONDAY_7AM)

    assert (result.claimed, result.sent, result.skipped) == (1, 1, 0)
    [message] = mail.outbox
    assert message.to == [doctor.email]
    assert "Send Prof Sharma the audit" in message.body
    html = message.alternatives[0][0]
    assert 'style="' in html and "<style>" not in html  # CSS inlined
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    record = DigestRecord.objects.get(user=doctor)
    assert (record.status, record.period_key, record.item_count) == ("sent", "daily:2026-11-30", 1)


def test_a_second_pass_in_the_same_period_sends_nothing():
    daily_doctor()
    digest.run_pass(MONDAY_7AM)

    again = digest.run_pass(MONDAY_7AM + dt.timedelta(hours=2))

    assert again.claimed == 0 and len(mail.outbox) == 1


def test_the_next_day_is_a_new_period():
    daily_doctor()
    digest.run_pass(MONDAY_7AM)
    digest.run_pass(MONDAY_7AM + dt.timedelta(days=1))
    assert len(mail.outbox) == 2


def test_an_empty_digest_is_skipped_unless_the_doctor_wants_it():
    quiet = factories.UserFactory(
        digest_frequency="daily", digest_hour=7, timezone="Australia/Sydney"
    )
    keen = factories.UserFactory(
        digest_frequency="daily", digest_hour=7, timezone="Australia/Sydney", digest_when_empty=True
    )

    result = digest.run_pass(MONDAY_7AM)

    assert (result.sent, result.skipped) == (1, 1)
    assert [m.to for m in mail.outbox] == [[keen.email]]
    assert DigestRecord.objects.get(user=quiet).status == DigestStatus.SKIPPED


def test_doctors_who_turned_digests_off_get_none():
    daily_doctor(digest_frequency="off")
    assert digest.run_pass(MONDAY_7AM).claimed == 0


def test_a_failed_send_is_recorded_and_retried_later_once(settings):
    doctor = daily_doctor()
    settings.EMAIL_BACKEND = "tests.reminders.test_digest.RefusingBackend"

    failed = digest.run_pass(MONDAY_7AM)

    record = DigestRecord.objects.get(user=doctor)
    assert failed.failed == 1 and record.status == DigestStatus.FAILED
    assert "SMTP server down" in record.last_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert digest.run_pass(MONDAY_7AM + dt.timedelta(minutes=1)).claimed == 0  # backing off
    retried = digest.run_pass(MONDAY_7AM + dt.timedelta(minutes=10))
    assert retried.sent == 1 and len(mail.outbox) == 1
    record.refresh_from_db()
    assert (record.status, record.attempts) == (DigestStatus.SENT, 2)
    assert digest.run_pass(MONDAY_7AM + dt.timedelta(minutes=30)).claimed == 0


def test_a_claim_whose_worker_died_is_sent_once_after_its_lease(settings):
    import uuid

    doctor = daily_doctor()
    # A worker claimed the digest and died before sending.
    digest._claim({doctor.pk: "daily:2026-11-30"}, MONDAY_7AM, uuid.uuid4())

    assert digest.run_pass(MONDAY_7AM + dt.timedelta(minutes=5)).claimed == 0
    assert digest.run_pass(MONDAY_7AM + dt.timedelta(minutes=20)).sent == 1
    assert digest.run_pass(MONDAY_7AM + dt.timedelta(minutes=40)).claimed == 0
    assert len(mail.outbox) == 1


def test_building_a_batch_costs_the_same_queries_for_more_doctors(django_assert_max_num_queries):
    counts = []
    for n in (2, 8):
        DigestRecord.objects.all().delete()
        users = [daily_doctor() for _ in range(n)]
        for user in users:
            factories.ContactFactory(owner=user, cadence_days=1)
        ids = [u.pk for u in users]
        # users, period users, claim, re-claim, the due sources (two queries at most each), mark
        # built (send=False).
        with django_assert_max_num_queries(5 + 2 * len(due.sources())) as captured:
            result = digest.send_batch(ids, MONDAY_7AM, send=False)
        assert result.claimed >= 2
        counts.append(len(captured))
    assert counts[1] == counts[0]


def test_the_command_prints_what_it_claimed_sent_and_skipped(capsys):
    daily_doctor()
    call_command("send_digests", "--at", MONDAY_7AM.isoformat())
    assert "claimed 1, sent 1, skipped 0" in capsys.readouterr().out
    assert DispatcherRun.objects.get().sent == 1


def test_healthz_reports_the_last_dispatcher_run(client):
    digest.run_pass(MONDAY_7AM)
    assert client.get(reverse("healthz")).json()["digest_dispatcher_last_run"]


def test_staff_see_a_banner_when_the_dispatcher_has_not_run(client):
    staff = factories.UserFactory(is_staff=True)
    client.force_login(staff)
    assert b"digest dispatcher has not run" in client.get(reverse("dashboard")).content
    digest.run_pass()
    assert b"digest dispatcher has not run" not in client.get(reverse("dashboard")).content


def test_doctors_never_see_the_staff_banner(doctor_client):
    assert b"digest dispatcher" not in doctor_client.get(reverse("dashboard")).content


def test_the_preview_shows_the_doctors_own_items(doctor_client, doctor, outsider):
    factories.FollowUpFactory(owner=doctor, what="Mine to do")
    factories.FollowUpFactory(owner=outsider, what="Not mine")

    body = doctor_client.get(reverse("reminders:digest_preview")).content.decode()
    html = doctor_client.get(reverse("reminders:digest_preview") + "?format=html").content

    assert "Mine to do" in body and "Not mine" not in body
    assert b"Mine to do" in html


def test_the_beat_schedule_runs_the_dispatcher_every_five_minutes(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["reminders-dispatch-digests"]
    assert entry["task"] == "reminders.tasks.dispatch_digests"
    assert entry["schedule"].minute == set(range(0, 60, 5))


def test_the_celery_tasks_dispatch_and_send(settings, django_capture_on_commit_callbacks):
    from reminders import tasks

    settings.CELERY_TASK_ALWAYS_EAGER = True
    from netmed.celery import app

    app.conf.task_always_eager = True
    try:
        daily_doctor()
        with django_capture_on_commit_callbacks(execute=True):
            assert tasks.dispatch_digests(MONDAY_7AM.isoformat()) == 1
    finally:
        app.conf.task_always_eager = False
    assert len(mail.outbox) == 1
    assert DispatcherRun.objects.get().sent == 1


def test_digest_emails_parse_as_multipart_alternative():
    daily_doctor()
    digest.run_pass(MONDAY_7AM)
    parsed = email.message_from_bytes(mail.outbox[0].message().as_bytes())
    assert parsed.get_content_type() == "multipart/alternative"
