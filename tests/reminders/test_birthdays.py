"""Birthday nudges can be done (this year's birthday acknowledged) and snoozed."""

import datetime as dt

import pytest
from django.urls import reverse

from reminders import due
from reminders.birthdays import current_birthday
from reminders.models import BirthdayAck
from tests import factories

pytestmark = pytest.mark.django_db


def _birthday_in_two_days(doctor, **fields):
    today = due.local_today(doctor)
    day = today + dt.timedelta(days=2)
    contact = factories.ContactFactory(
        owner=doctor, birthday_day=day.day, birthday_month=day.month, **fields
    )
    return contact, today, day


def _birthdays(doctor, today):
    groups = due.due_for(doctor, today)
    return [i for _, _, items in groups.groups() for i in items if i.kind == "birthday"]


def test_a_birthday_item_offers_done_and_snooze(doctor):
    contact, today, _ = _birthday_in_two_days(doctor)

    [item] = _birthdays(doctor, today)

    assert item.action_ref == f"reminders.birthday:{contact.pk}"


def test_done_acknowledges_this_years_birthday_and_it_stops_showing(doctor_client, doctor):
    contact, today, day = _birthday_in_two_days(doctor, family_name="Okafor")
    [item] = _birthdays(doctor, today)

    response = doctor_client.post(
        reverse("reminders:item_done"),
        {"ref": item.action_ref, "title": item.title},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert _birthdays(doctor, today) == []
    ack = BirthdayAck.objects.get(contact=contact)
    assert ack.birthday_on == day and ack.done_at is not None
    # Next year's birthday comes round again.
    next_year = dt.date(day.year + 1, day.month, min(day.day, 28))
    assert current_birthday(contact, next_year) != day


def test_snooze_hides_the_birthday_until_the_date_then_it_stays_due_until_done(doctor):
    contact, today, day = _birthday_in_two_days(doctor)
    [item] = _birthdays(doctor, today)
    until = today + dt.timedelta(days=10)

    due.perform(doctor, item.action_ref, "snooze", until)

    assert _birthdays(doctor, today) == []
    [again] = _birthdays(doctor, until)
    assert again.due_on == until and again.detail == f"Birthday on {day:%d/%m}"
    [still] = due.due_for(doctor, until + dt.timedelta(days=3)).overdue
    assert still.kind == "birthday"

    due.perform(doctor, still.action_ref, "done")
    assert _birthdays(doctor, until + dt.timedelta(days=3)) == []


def test_outsider_gets_404_acting_on_the_doctors_birthday(outsider_client, doctor):
    contact, _, _ = _birthday_in_two_days(doctor)
    ref = f"reminders.birthday:{contact.pk}"

    assert outsider_client.post(reverse("reminders:item_done"), {"ref": ref}).status_code == 404
    snooze = {"ref": ref, "choice": "week"}
    assert outsider_client.post(reverse("reminders:item_snooze"), snooze).status_code == 404
    assert not BirthdayAck.objects.exists()


def test_a_contact_without_a_birthday_cannot_be_acknowledged(doctor):
    contact = factories.ContactFactory(owner=doctor)
    with pytest.raises(LookupError):
        due.perform(doctor, f"reminders.birthday:{contact.pk}", "done")


def test_early_january_acknowledges_last_years_late_december_birthday():
    contact = factories.ContactFactory.build(birthday_day=30, birthday_month=12)
    assert current_birthday(contact, dt.date(2027, 1, 2)) == dt.date(2026, 12, 30)
    assert current_birthday(contact, dt.date(2026, 12, 26)) == dt.date(2026, 12, 30)
