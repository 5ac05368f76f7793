"""The year page's events attended, formatted in Python, write what the template wrote."""

import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone

from core.templatetags.ui import dmy
from cpd.progress import AttendedRow, attended_listing, hours_label
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


def _year_of(doctor, year, *, plan_summary="", goal=False, entries=0, attended=0):
    from cpd.models import CpdGoal, CpdPlan
    from tests.factories import CpdEntryFactory

    if plan_summary is not None:
        plan = CpdPlan.objects.create(owner=doctor, year=year, summary=plan_summary)
        if goal:
            CpdGoal.objects.create(owner=doctor, plan=plan, description="Audit readmissions")
    for n in range(entries):
        CpdEntryFactory(
            owner=doctor,
            date=dt.date(year, 3, 1 + n),
            cpd_reviewing_performance=Decimal("1.25") * n,
            topics=["cultural_safety"] if n % 2 else ["professionalism_ethics", "cultural_safety"],
        )
    start = timezone.now().replace(month=3, day=1, hour=2)
    for n in range(attended):
        AttendanceFactory(
            owner=doctor,
            event=EventFactory(starts_at=start, ends_at=start + dt.timedelta(hours=8)),
            status="attended",
            cpd_educational=Decimal("6"),
            cpd_measuring_outcomes=Decimal("0.5") * n,
        )


@pytest.mark.parametrize(
    "plan",
    [
        {"plan_summary": None},
        {"plan_summary": ""},
        {"plan_summary": "", "goal": True},
        {"plan_summary": "Heart failure"},
    ],
)
def test_the_year_page_reads_the_same_figures_as_the_years_progress(doctor, year, plan):
    from cpd.progress import year_page, year_progress

    _year_of(doctor, year, entries=3, attended=2, **plan)
    page, progress = year_page(doctor, year), year_progress(doctor, year)
    assert page.progress == progress
    assert page.progress.rows() == progress.rows()
    assert page.progress.requirements == progress.requirements
    assert page.attended == attended_listing(doctor, year)


def test_the_year_page_costs_the_same_queries_for_a_busy_year_as_a_quiet_one(
    doctor, doctor_client, year, django_assert_num_queries
):
    # session, user, the year's entries, its attendances, the plan, its goals, career stage
    _year_of(doctor, year, plan_summary="Audit", goal=True, entries=1, attended=1)
    url = reverse("cpd:year", args=[year])
    doctor_client.get(url)
    with django_assert_num_queries(7 if doctor.career_stage_id else 6) as quiet:
        doctor_client.get(url)
    _year_of(doctor, year, plan_summary=None, entries=8, attended=8)
    with django_assert_num_queries(len(quiet.captured_queries)):
        doctor_client.get(url)


def test_the_attended_items_tag_writes_what_the_loop_wrote():
    rows = [
        AttendedRow("/events/1/", "RACP <Congress> & AGM", "01/03/2026", "6.50"),
        AttendedRow("/events/2/?a=1&b=2", 'Grand round\'s "best"', "02/03/2026", "1"),
    ]
    loop = Template(
        '{% for a in attended %}<li><a href="{{ a.url }}">{{ a.title }}</a> '
        "<small>{{ a.day }} · {{ a.hours }} h</small></li>{% endfor %}"
    ).render(Context({"attended": rows}))
    tag = Template("{% load cpd_tags %}{% attended_items attended %}").render(
        Context({"attended": rows})
    )
    assert tag == loop and "&lt;Congress&gt; &amp; AGM" in tag
    assert (
        Template("{% load cpd_tags %}{% attended_items attended %}").render(
            Context({"attended": []})
        )
        == ""
    )


def test_the_years_events_attended_are_read_by_key_not_by_scanning_the_years_events(
    doctor, outsider, year
):
    """A busy calendar (3,000 events this year, 2,000 attendances of other doctors) and a
    doctor who attended 100: the events are read by primary key among the doctor's own, not
    every event of the year scanned to be hash-joined with them (as at doctor size)."""
    from django.db import connection

    from cpd.progress import _attended_values
    from events.models import Attendance, Event

    kind_id = EventFactory().kind_id
    start = dt.datetime(year, 6, 1, tzinfo=dt.UTC)
    events = Event.objects.bulk_create(
        Event(
            title=f"Grand round {n}",
            kind_id=kind_id,
            starts_at=start + dt.timedelta(hours=n),
            ends_at=start + dt.timedelta(hours=n + 1),
            timezone="Australia/Sydney",
            published=True,
        )
        for n in range(3000)
    )
    Attendance.objects.bulk_create(
        [Attendance(owner=doctor, event=e, status="attended") for e in events[::30]]
        + [Attendance(owner=outsider, event=e, status="attended") for e in events[:2000]]
    )
    sql, params = _attended_values(doctor, year).query.sql_with_params()

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE events_event")
        cursor.execute("ANALYZE events_attendance")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "Seq Scan on events_event" not in plan, plan
    assert len(attended_listing(doctor, year)) == 100
