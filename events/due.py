"""Due items for reminders (reminders.due): event deadlines, and people met with no follow-up.

Both are hand-written statements (``register_query``), so ``due_for`` sends them in one round
trip with the other sources' and no queryset is compiled for them (issue 22)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db import connection
from django.utils import timezone

from contacts.models import Contact, display_name
from core.reversing import url_pattern
from reminders.due import DueItem, DueQuery, register_query
from reminders.models import FollowUp

from .models import DEADLINES, Attendance, Event, PersonMet, last_day, place

# How long after an event ends people met there still prompt a follow-up.
FOLLOW_UP_WINDOW_DAYS = 60
# The follow-up prompt falls due this many days after the event's last day.
FOLLOW_UP_AFTER_DAYS = 2

# The doctor's attendances first, then each one's event by its key (OFFSET 0 keeps the lateral
# join: flattened, the planner scans every event for the three date ranges).
_DEADLINES_SQL = """
    SELECT a.owner_id, a.status, e.id, e.title, e.venue, e.city, e.state, e.online_url,
           {deadlines}
    FROM {attendance} a
    CROSS JOIN LATERAL (
        SELECT * FROM {event} WHERE id = a.event_id OFFSET 0
    ) e
    WHERE a.owner_id = ANY(%s) AND a.status IN ('interested', 'registered')
      AND ({window})
    ORDER BY a.created_at DESC
"""


@register_query("events.deadlines")
def deadlines(owner_ids: Sequence[object], start: dt.date, until: dt.date) -> DueQuery:
    """Early-bird, registration and abstract deadlines from ``start`` to ``until`` of events the
    doctor is interested in (all three) or registered for (the abstract deadline). One query."""
    window = " OR ".join(f"e.{column} BETWEEN %s AND %s" for _, column in DEADLINES)
    sql = _DEADLINES_SQL.format(
        attendance=Attendance._meta.db_table,
        event=Event._meta.db_table,
        deadlines=", ".join(f"e.{column}" for _, column in DEADLINES),
        window=window,
    )
    params = [list(owner_ids), *[day for _ in DEADLINES for day in (start, until)]]
    return DueQuery(sql, params, lambda rows: _deadline_items(rows, start, until))


def _deadline_items(rows, start: dt.date, until: dt.date) -> Iterable[DueItem]:
    event_url = url_pattern("events:detail")
    for owner_id, status, pk, title, venue, city, state, online_url, *days in rows:
        for (label, _), day in zip(DEADLINES, days, strict=True):
            if not day or not start <= day <= until:
                continue
            if status == "registered" and label != "Abstract submission":
                continue
            yield DueItem(
                owner_id=owner_id,
                kind="deadline",
                title=f"{label} deadline: {title}",
                due_on=day,
                url=event_url.format(pk),
                detail=place(venue, city, state, online_url),
            )


# People met at events that ended in the window, whose contact (not deleted) has had no
# interaction since the event's last day and no follow-up set since the event began.
_MET_SQL = """
    SELECT p.owner_id, p.contact_id, e.title, e.starts_at, e.ends_at, e.all_day, e.timezone,
           c.given_name, c.preferred_name, c.family_name
    FROM {person_met} p
    JOIN {event} e ON e.id = p.event_id
    JOIN {contact} c ON c.id = p.contact_id
    WHERE p.owner_id = ANY(%s) AND e.ends_at < %s AND e.ends_at >= %s AND c.deleted_at IS NULL
      AND (c.last_interaction_at IS NULL OR c.last_interaction_at <= {ends_on})
      AND NOT EXISTS (
          SELECT 1 FROM {follow_up} f
          WHERE f.contact_id = p.contact_id AND f.created_at >= e.starts_at
      )
    ORDER BY p.created_at DESC
"""


@register_query("events.met_no_follow_up")
def met_without_follow_up(owner_ids: Sequence[object], start: dt.date, until: dt.date) -> DueQuery:
    """People met at an event that has ended, with no interaction since it ended. One query.

    A follow-up about the contact set since the event began also counts as following up.
    """
    now = timezone.now()
    # The event's end as a date where the request's time zone is, as the ORM's ``__date`` has it.
    ends_on, ends_on_params = connection.ops.datetime_cast_date_sql(
        "e.ends_at", (), timezone.get_current_timezone_name()
    )
    sql = _MET_SQL.format(
        person_met=PersonMet._meta.db_table,
        event=Event._meta.db_table,
        contact=Contact._meta.db_table,
        follow_up=FollowUp._meta.db_table,
        ends_on=ends_on,
    )
    params = [
        list(owner_ids),
        now,
        now - dt.timedelta(days=FOLLOW_UP_WINDOW_DAYS),
        *ends_on_params,
    ]
    return DueQuery(sql, params, lambda rows: _met_items(rows, until))


def _met_items(rows, until: dt.date) -> Iterable[DueItem]:
    contact_url = url_pattern("contacts:detail")
    to_zone = Event._meta.get_field("timezone").to_python
    zones: dict[str, object] = {}
    for owner_id, contact_id, title, starts_at, ends_at, all_day, zone, *name in rows:
        if zone not in zones:
            zones[zone] = to_zone(zone)
        ended_on = last_day(starts_at, ends_at, all_day, zones[zone])
        due_on = ended_on + dt.timedelta(days=FOLLOW_UP_AFTER_DAYS)
        if due_on > until:
            continue
        yield DueItem(
            owner_id=owner_id,
            kind="met_no_follow_up",
            title=f"Follow up with {display_name(*name)}",
            due_on=due_on,
            url=contact_url.format(contact_id),
            detail=f"Met at {title}",
            contact_id=contact_id,
        )
