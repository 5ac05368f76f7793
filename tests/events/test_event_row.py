"""The event row tag draws what events/_event_row.html drew (issue 22)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import timezone

from events.models import Event
from tests.factories import AttendanceFactory, EventFactory

pytestmark = pytest.mark.django_db

_OLD_ROW = (
    '<li class="event-row">\n'
    '  <article class="event-card">\n'
    '    <p class="date-tile" aria-hidden="true"><span class="date-tile-mon'
    'th">{{ event.starts_at|date:"M" }}</span><span class="date-tile-day">{'
    '{ event.starts_at|date:"j" }}</span></p>\n'
    '    <div class="event-card-body">\n'
    '      <p class="event-card-title"><a href="{{ event.pk|url_of:\'events:'
    "detail' }}\"><strong>{{ event.title }}</strong></a>\n"
    '        {% if event.owner_id %}<small class="badge">Private</small>{% '
    "endif %}\n"
    '        {% if event.my_status %}<small class="badge badge-status">{{ e'
    "vent.my_status|capfirst }}</small>{% endif %}</p>\n"
    "      <p>{{ event.when_label }}<br>\n"
    "        <small>{{ event.kind }}{% if event.place %} · {{ event.place }"
    "}{% endif %}{% if event.online_url %} · Online{% endif %}{% if event.c"
    'pd_total %} · {{ event.cpd_total|floatformat:"-2" }} CPD h{% endif %}<'
    "/small>\n"
    "        {% if event.specialty_labels %}<br><small>{{ event.specialty_l"
    'abels|join:", " }}</small>{% endif %}\n'
    "      </p>\n"
    "    </div>\n"
    "  </article>\n"
    "</li>\n"
)


def _events(doctor):
    start = timezone.now().replace(hour=23, minute=30) + dt.timedelta(days=3)
    EventFactory(
        starts_at=start, ends_at=start + dt.timedelta(hours=2), title="A <b>talk</b> & more"
    )
    online = EventFactory(
        starts_at=start + dt.timedelta(days=40),
        ends_at=start + dt.timedelta(days=41),
        venue="",
        city="",
        state="",
        online_url="https://example.org/live",
        cpd_educational=Decimal("1.5"),
        cpd_measuring_outcomes=Decimal("2"),
        title="Online grand round",
    )
    AttendanceFactory(owner=doctor, event=online, status="registered")
    EventFactory(
        starts_at=start + dt.timedelta(days=90),
        ends_at=start + dt.timedelta(days=90, hours=3),
        owner=doctor,
        published=False,
        cpd_reviewing_performance=Decimal("3"),
        title="My own",
    )
    return list(Event.objects.visible_to(doctor).for_listing().with_my_status(doctor))


@pytest.mark.parametrize("zone", ["Australia/Sydney", "Australia/Perth", "UTC"])
def test_the_event_row_tag_draws_what_the_row_template_drew(doctor, zone):
    events = _events(doctor)
    assert len(events) >= 3
    with timezone.override(zone):
        for event in events:
            context = {"event": event}
            tag = Template("{% load events_tags %}{% event_row event %}").render(Context(context))
            assert tag == Template(_OLD_ROW).render(Context(context))
            include = Template('{% include "events/_event_row.html" %}').render(Context(context))
            assert include == tag
