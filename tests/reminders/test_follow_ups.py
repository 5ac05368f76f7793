import datetime as dt

import pytest
from django.utils import timezone

from reminders import follow_ups
from reminders.models import FollowUp
from tests import factories

pytestmark = pytest.mark.django_db


def test_completing_a_one_off_follow_up_marks_it_done_and_spawns_nothing(doctor):
    follow_up = factories.FollowUpFactory(owner=doctor)

    assert follow_ups.complete_follow_up(follow_up=follow_up) is None

    follow_up.refresh_from_db()
    assert follow_up.is_done
    assert FollowUp.objects.for_user(doctor).count() == 1


def test_completing_a_recurring_follow_up_spawns_the_next_after_today(doctor):
    today = timezone.localdate()
    follow_up = factories.FollowUpFactory(
        owner=doctor, due_on=today - dt.timedelta(days=20), repeat_weeks=2
    )

    spawned = follow_ups.complete_follow_up(follow_up=follow_up)

    assert spawned.due_on == today - dt.timedelta(days=20) + dt.timedelta(weeks=4)
    assert spawned.repeat_weeks == 2 and spawned.done_at is None
    assert spawned.owner == doctor


def test_completing_twice_does_nothing_the_second_time(doctor):
    follow_up = factories.FollowUpFactory(owner=doctor, repeat_weeks=1)
    follow_ups.complete_follow_up(follow_up=follow_up)

    assert follow_ups.complete_follow_up(follow_up=follow_up) is None
    assert FollowUp.objects.for_user(doctor).count() == 2


def test_a_follow_up_cannot_name_another_doctors_contact(doctor, outsider):
    contact = factories.ContactFactory(owner=outsider)
    with pytest.raises(PermissionError):
        follow_ups.create_follow_up(
            owner=doctor, what="x", due_on=timezone.localdate(), contact=contact
        )


@pytest.mark.parametrize(
    ("choice", "today", "expected"),
    [
        ("day", dt.date(2026, 12, 31), dt.date(2027, 1, 1)),
        ("week", dt.date(2026, 2, 25), dt.date(2026, 3, 4)),
        ("month", dt.date(2026, 1, 31), dt.date(2026, 2, 28)),
        ("month", dt.date(2026, 12, 15), dt.date(2027, 1, 15)),
    ],
)
def test_snooze_periods_end_on_the_right_calendar_day(choice, today, expected):
    assert follow_ups.snooze_date(choice, today) == expected


def test_a_snoozed_follow_up_is_due_again_on_the_snooze_date(doctor):
    follow_up = factories.FollowUpFactory(owner=doctor)
    until = timezone.localdate() + dt.timedelta(days=3)

    follow_ups.snooze_follow_up(follow_up=follow_up, until=until)

    assert FollowUp.objects.with_show_on().get(pk=follow_up.pk).show_on == until
