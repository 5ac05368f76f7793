"""A read message's raw text is emptied after the retention window; what came of it stays."""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from inbound import retention
from inbound.models import InboundMessage
from inbound.tasks import forget_read_raw_messages
from tests.factories import InboundMessageFactory


def read_days_ago(days: int, **kwargs) -> InboundMessage:
    return InboundMessageFactory(
        processed_at=timezone.now() - dt.timedelta(days=days, minutes=1), **kwargs
    )


def test_a_message_read_before_the_window_loses_its_raw_text_and_keeps_what_came_of_it(doctor):
    old = read_days_ago(settings.NETMED_INBOUND_RAW_DAYS, owner=doctor)
    recent = read_days_ago(settings.NETMED_INBOUND_RAW_DAYS - 1, owner=doctor)
    refused = read_days_ago(90, owner=doctor, status="rejected", reason="Sender not verified.")

    assert retention.forget_read_raw_messages() == 2

    old.refresh_from_db()
    assert bytes(old.raw) == b""
    assert (old.status, old.subject, old.message_id) == ("logged", old.subject, old.message_id)
    assert old.offered == [{"email": "new.person@example.org", "name": ""}]
    refused.refresh_from_db()
    assert bytes(refused.raw) == b"" and refused.reason == "Sender not verified."
    recent.refresh_from_db()
    assert bytes(recent.raw).startswith(b"Subject: Registry meeting")


def test_a_message_still_waiting_to_be_read_keeps_its_text_however_old(doctor):
    waiting = InboundMessageFactory(owner=doctor, status="received", processed_at=None)
    InboundMessage.objects.filter(pk=waiting.pk).update(
        created_at=timezone.now() - dt.timedelta(days=365)
    )
    assert retention.forget_read_raw_messages() == 0
    waiting.refresh_from_db()
    assert bytes(waiting.raw) != b""


def test_the_beat_task_is_scheduled_daily_and_safe_to_run_twice(doctor):
    read_days_ago(45, owner=doctor)
    entry = settings.CELERY_BEAT_SCHEDULE["inbound-forget-read-raw-messages"]
    assert entry["task"] == "inbound.tasks.forget_read_raw_messages"
    assert forget_read_raw_messages.apply().get() == 1
    assert forget_read_raw_messages.apply().get() == 0
