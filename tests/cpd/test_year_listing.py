"""The year page's events attended, formatted in Python, write what the template wrote."""

import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone

from core.templatetags.ui import dmy
from cpd.progress import attended_listing, hours_label
from tests.factories import AttendanceFactory, EventFactory


@pytest.mark.parametrize(
    "total",
    ["0", "0.01", "0.5", "1", "1.25", "2.00", "6.50", "12.34", "100", "999.99", "2999.97"],
)
def test_hours_are_written_as_floatformat_minus_two_wrote_them(total):
    assert hours_label(Decimal(total)) == floatformat(Decimal(total), "-2")


def test_an_attended_event_is_listed_with_its_link_first_day_and_hours(doctor, year):
    # Late evening in UTC: the first day where the event happens (Sydney) is the next day.
    start = timezone.now().replace(month=3, day=1, hour=22, minute=30)
    event = EventFactory(starts_at=start, ends_at=start + dt.timedelta(hours=8))
    attendance = AttendanceFactory(
        owner=doctor,
        event=event,
        status="attended",
        cpd_educational=Decimal("6"),
        cpd_measuring_outcomes=Decimal("0.5"),
    )
    AttendanceFactory(owner=doctor, event=EventFactory(), status="going")  # not attended
    [row] = attended_listing(doctor, year)
    old = Template(
        "{{ a.event.title }}|{{ a.event.first_day|dmy }}|{{ a.cpd_total|floatformat:'-2' }}"
    ).render(Context({"a": attendance}))
    assert f"{row.title}|{row.day}|{row.hours}" == old
    assert row.url == reverse("events:detail", args=[event.pk])
    assert row.day == dmy(event.first_day) and row.hours == "6.50"
