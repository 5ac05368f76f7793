"""Auckland (UTC+12/+13), Perth (UTC+8, no daylight saving) and Melbourne (UTC+10/+11) across the
April and October 2026 changes: the digest goes out at the chosen local hour, and dates entered
are never shifted a day."""

import datetime as dt
import zoneinfo

import pytest
from django.core import mail
from django.urls import reverse

from reminders import digest
from reminders.models import FollowUp
from tests import factories

AUCKLAND, PERTH, MELBOURNE = (
    zoneinfo.ZoneInfo(name)
    for name in ("Pacific/Auckland", "Australia/Perth", "Australia/Melbourne")
)
# Clocks go back on 5 April 2026 (Auckland and Melbourne); forward on 27 September (Auckland)
# and 4 October (Melbourne). Perth has no daylight saving: its row proves nothing moves.
CHANGE_DAYS = [dt.date(2026, 4, d) for d in (4, 5, 6)] + [
    dt.date(2026, 9, 26),
    dt.date(2026, 9, 27),
    dt.date(2026, 9, 28),
    dt.date(2026, 10, 3),
    dt.date(2026, 10, 4),
    dt.date(2026, 10, 5),
]
UTC = dt.UTC


def first_send(tz, day: dt.date, hour: int) -> dt.datetime:
    """The first 5-minute beat tick (in UTC, as beat runs) at which the digest is due."""
    tick = dt.datetime.combine(day, dt.time(0), tz).astimezone(UTC)
    for _ in range(24 * 12):
        if digest.period_key("daily", 0, hour, tz, tick):
            return tick
        tick += dt.timedelta(minutes=5)
    raise AssertionError("never sent")


@pytest.mark.parametrize("tz", [AUCKLAND, PERTH, MELBOURNE], ids=str)
@pytest.mark.parametrize("day", CHANGE_DAYS, ids=str)
def test_the_digest_goes_out_at_the_chosen_local_hour_every_day(tz, day):
    sent_at = first_send(tz, day, 7).astimezone(tz)
    assert (sent_at.date(), sent_at.time()) == (day, dt.time(7, 0))


def test_the_utc_send_time_moves_with_daylight_saving_in_melbourne_not_perth():
    before, after = dt.date(2026, 4, 4), dt.date(2026, 4, 6)
    assert first_send(MELBOURNE, before, 7).hour == 20  # 07:00 AEDT = 20:00 UTC the day before
    assert first_send(MELBOURNE, after, 7).hour == 21  # 07:00 AEST = 21:00 UTC
    assert first_send(PERTH, before, 7).hour == first_send(PERTH, after, 7).hour == 23


def test_a_send_hour_skipped_by_the_clocks_going_forward_sends_at_the_next_hour():
    sent_at = first_send(MELBOURNE, dt.date(2026, 10, 4), 2).astimezone(MELBOURNE)
    assert sent_at.time() == dt.time(3, 0)


def test_a_send_hour_repeated_by_the_clocks_going_back_sends_once():
    day = dt.date(2026, 4, 5)
    first = dt.datetime(2026, 4, 5, 2, 0, tzinfo=AUCKLAND, fold=0).astimezone(UTC)
    second = dt.datetime(2026, 4, 5, 2, 0, tzinfo=AUCKLAND, fold=1).astimezone(UTC)
    assert second - first == dt.timedelta(hours=1)
    keys = {digest.period_key("daily", 0, 2, AUCKLAND, t) for t in (first, second)}
    assert keys == {f"daily:{day.isoformat()}"}


@pytest.mark.django_db
@pytest.mark.parametrize("tz", [AUCKLAND, PERTH, MELBOURNE], ids=str)
def test_a_real_pass_sends_at_seven_local_with_todays_item_on_the_change_day(tz):
    day = dt.date(2026, 4, 5)
    doctor = factories.UserFactory(digest_frequency="daily", digest_hour=7, timezone=str(tz))
    factories.FollowUpFactory(owner=doctor, what="Change-day follow-up", due_on=day)
    seven = dt.datetime.combine(day, dt.time(7), tz)

    assert digest.run_pass(seven - dt.timedelta(minutes=5)).claimed == 0
    assert digest.run_pass(seven).sent == 1
    assert digest.run_pass(seven + dt.timedelta(hours=1)).claimed == 0

    [message] = mail.outbox
    assert "TODAY (1)" in message.body and "Sun 05/04/2026" in message.body


@pytest.mark.django_db
@pytest.mark.parametrize("tz", ["Pacific/Auckland", "Australia/Perth", "Australia/Melbourne"])
def test_a_date_entered_is_stored_and_shown_as_entered(client, tz):
    doctor = factories.UserFactory(timezone=tz)
    client.force_login(doctor)
    client.post(
        reverse("reminders:follow_up_create"),
        {"what": "Renew college membership", "due_on": "2026-04-05"},
    )
    follow_up = FollowUp.objects.for_user(doctor).get()
    assert follow_up.due_on == dt.date(2026, 4, 5)
    page = client.get(reverse("reminders:follow_up_edit", args=[follow_up.pk])).content.decode()
    assert 'value="2026-04-05"' in page
