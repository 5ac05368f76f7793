import datetime as dt
import email
import re
import zoneinfo

import css_inline
import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cpd.models import Membership
from reminders import digest, due
from reminders.models import DigestRecord, DigestStatus, DispatcherRun
from tests import factories

pytestmark = pytest.mark.django_db
SYDNEY = zoneinfo.ZoneInfo("Australia/Sydney")
# Monday 30/11/2026, 07:00 in Sydney (AEDT, UTC+11).
MONDAY_7AM = dt.datetime(2026, 11, 30, 7, 0, tzinfo=SYDNEY)


@pytest.fixture(autouse=True)
def at_the_digest_hour(clock):
    """Digests are sent at a doctor's hour: the clock starts at MONDAY_7AM, so what the
    factories make "now" (cadences, claims, leases) lines up with the period being sent."""
    clock.move_to(MONDAY_7AM)


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


def doctor_with_something_from_every_source():
    """A daily-digest doctor with an item from each registered due source."""
    doctor = daily_doctor()  # a follow-up
    day = MONDAY_7AM.date()
    factories.ContactFactory(owner=doctor, cadence_days=1)
    factories.ContactFactory(owner=doctor, birthday_day=2, birthday_month=12)
    event = factories.EventFactory(registration_deadline=day + dt.timedelta(days=2))
    factories.AttendanceFactory(owner=doctor, event=event, status="interested")
    ended = timezone.now() - dt.timedelta(days=5)
    met_at = factories.EventFactory(starts_at=ended - dt.timedelta(hours=8), ends_at=ended)
    factories.PersonMetFactory(owner=doctor, event=met_at)
    mentorship = factories.MentorshipFactory(owner=doctor, cadence_days=30)
    factories.ActionItemFactory(mentorship=mentorship, due_on=day)
    Membership.objects.create(
        owner=doctor, organisation="RACP", renewal_date=day + dt.timedelta(days=10)
    )
    return doctor


def batch_queries(doctors) -> int:
    DigestRecord.objects.all().delete()
    with CaptureQueriesContext(connection) as captured:
        result = digest.send_batch([d.pk for d in doctors], MONDAY_7AM, send=False)
    assert result.sent == len(doctors)
    return len(captured)


def test_building_3_or_30_digests_in_one_batch_runs_the_same_queries():
    doctors = [doctor_with_something_from_every_source() for _ in range(30)]
    groups = due.due_for(doctors[0], MONDAY_7AM.date()).groups()
    kinds = {item.kind for _, _, items in groups for item in items}
    assert kinds >= {"follow_up", "cadence", "birthday", "deadline", "met_no_follow_up"}
    assert kinds >= {"mentorship_meeting", "action_item", "renewal"}

    three, thirty = batch_queries(doctors[:3]), batch_queries(doctors)

    assert three == thirty
    # users, their periods, claim, re-claim, one query per due source and the keep-in-touch
    # source's tally of what it does not list (digests list 10 per group), mark built
    assert thirty <= 6 + len(due.sources())


def test_a_pass_runs_a_fixed_number_of_queries_per_batch_whatever_the_doctors():
    doctors = [doctor_with_something_from_every_source() for _ in range(12)]
    per_batch = batch_queries(doctors[:4])

    def pass_queries(batch_size: int) -> int:
        DigestRecord.objects.all().delete()
        with CaptureQueriesContext(connection) as captured:
            assert digest.run_pass(MONDAY_7AM, batch_size=batch_size, send=False).sent == 12
        return len(captured)

    one_batch, three_batches = pass_queries(12), pass_queries(4)

    assert three_batches - one_batch == 2 * per_batch


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


def test_the_html_carries_the_styles_css_inline_gives_the_unstyled_email(settings):
    daily_doctor()
    digest.run_pass(MONDAY_7AM)
    html = mail.outbox[0].alternatives[0][0]
    css = (settings.BASE_DIR / "static" / "css" / "email-digest.css").read_text()
    bare = re.sub(r' style="[^"]*"', "", html)
    inlined = css_inline.CSSInliner(extra_css=css, load_remote_stylesheets=False).inline(bare)

    def styles(document):
        """(tag, style) of every element in the body, in order."""
        body = document.split("<body", 1)[1]
        return [
            (tag, style.group(1) if (style := re.search(r' style="([^"]*)"', attrs)) else "")
            for tag, attrs in re.findall(r"<(\w+)([^>]*)>", "<body" + body)
        ]

    assert styles(html) == styles(inlined)
    assert any(style for _, style in styles(html))


def test_digest_emails_parse_as_multipart_alternative():
    daily_doctor()
    digest.run_pass(MONDAY_7AM)
    parsed = email.message_from_bytes(mail.outbox[0].message().as_bytes())
    assert parsed.get_content_type() == "multipart/alternative"


def _lapsed_contacts(doctor, count: int, today: dt.date) -> None:
    """``count`` contacts whose weekly cadence lapsed on different days before ``today``."""
    from contacts.interactions import log_interaction

    for index in range(count):
        contact = factories.ContactFactory(owner=doctor, family_name=f"Lapsed{index:02d}")
        contact.cadence_days = 7
        contact.save(update_fields=["cadence_days"])
        log_interaction(
            doctor, [contact], kind="call", occurred_on=today - dt.timedelta(days=8 + index)
        )


def test_the_digest_lists_ten_per_group_and_says_how_many_more():
    doctor = daily_doctor()
    _lapsed_contacts(doctor, digest.GROUP_ITEMS + 3, MONDAY_7AM.date())

    assert digest.run_pass(MONDAY_7AM).sent == 1

    [message] = mail.outbox
    assert "OVERDUE (13)" in message.body and "…and 3 more:" in message.body
    assert message.body.count("Lapsed") == digest.GROUP_ITEMS
    assert "Send Prof Sharma the audit" in message.body  # today's group is listed in full
    assert "…and 3 more on your dashboard" in message.alternatives[0][0]
    assert DigestRecord.objects.get(user=doctor).item_count == 14


def test_the_preview_lists_ten_per_group_with_the_true_totals(doctor_client, doctor, outsider):
    _lapsed_contacts(doctor, digest.GROUP_ITEMS + 2, timezone.localdate())
    _lapsed_contacts(outsider, 1, timezone.localdate())

    body = doctor_client.get(reverse("reminders:digest_preview")).content.decode()

    assert "OVERDUE (12)" in body and "…and 2 more:" in body
    assert body.count("Lapsed") == digest.GROUP_ITEMS


def test_the_preview_never_lists_another_doctors_contacts(outsider_client, doctor):
    _lapsed_contacts(doctor, 2, timezone.localdate())
    body = outsider_client.get(reverse("reminders:digest_preview")).content.decode()
    assert "Lapsed" not in body and "Nothing is due this week" in body
