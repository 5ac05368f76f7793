"""This app's due sources (follow-ups, lapsed cadences, fading relationships, birthdays), their
one-click actions, and the follow-ups on a contact's timeline. Imported by ``AppConfig.ready``.

Every source answers for a batch of doctors in one query.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.utils import timezone

from contacts import timeline
from contacts.models import Contact
from core.reversing import url_pattern
from core.statements import current_zone

from . import birthdays, due, follow_ups, keep_in_touch
from .models import BirthdayAck, FollowUp

FOLLOW_UP_REF = "reminders.followup"
KEEP_IN_TOUCH_REF = "reminders.keep_in_touch"
BIRTHDAY_REF = "reminders.birthday"


def _name(prefix: str, given: str, preferred: str, family: str) -> str:
    return " ".join(p for p in [prefix, preferred or given, family] if p) or "(no name)"


# Open follow-ups due (after any snooze) by ``until``, in the model's order.
_FOLLOW_UP_SQL = """
    SELECT f.id, f.owner_id, f.what, COALESCE(f.snoozed_until, f.due_on), f.contact_id,
           c.prefix, c.given_name, c.preferred_name, c.family_name
    FROM {follow_up} f LEFT JOIN {contact} c ON c.id = f.contact_id
    WHERE f.owner_id = ANY(%s) AND f.done_at IS NULL
      AND COALESCE(f.snoozed_until, f.due_on) <= %s
    ORDER BY f.due_on, f.what
"""


@due.register_query("reminders.follow_ups")
def follow_up_items(owner_ids, start: dt.date, until: dt.date):
    sql = _FOLLOW_UP_SQL.format(follow_up=FollowUp._meta.db_table, contact=Contact._meta.db_table)
    return due.DueQuery(sql, [list(owner_ids), until], _follow_up_items)


def _follow_up_items(rows):
    edit_url = url_pattern("reminders:follow_up_edit")
    for pk, owner_id, what, show_on, contact_id, *name in rows:
        yield due.DueItem(
            owner_id=owner_id,
            kind="follow_up",
            title=what,
            due_on=show_on,
            url=edit_url.format(pk),
            detail=_name(*name) if contact_id else "",
            contact_id=contact_id,
            action_ref=f"{FOLLOW_UP_REF}:{pk}",
        )


# Due contacts straight from the (owner, next_due_on) index: all of them, or with ``limit`` the
# first few of the days before ``start`` and of each day from ``start`` on, per doctor. The
# default cadence (for the text) is looked up only for the rows listed.
_KEEP_IN_TOUCH_COLUMNS = """
    c.id, c.owner_id, c.prefix, c.given_name, c.preferred_name, c.family_name,
    c.last_interaction_at, c.closeness, COALESCE(c.cadence_days, d.cadence), c.next_due_on
"""
_KEEP_IN_TOUCH_ALL_SQL = """
    SELECT {columns}
    FROM {contact} c
    LEFT JOIN LATERAL ({default_cadence}) d ON TRUE
    WHERE c.owner_id = ANY(%(owners)s) AND c.deleted_at IS NULL AND c.next_due_on <= %(until)s
"""
_KEEP_IN_TOUCH_FIRST_SQL = """
    SELECT {columns}
    FROM unnest(%(owners)s::bigint[]) AS o(id)
    CROSS JOIN generate_series(%(before)s::date, %(until)s::date, interval '1 day') AS b(day)
    CROSS JOIN LATERAL (
        SELECT * FROM {contact} c
        WHERE c.owner_id = o.id AND c.deleted_at IS NULL
          AND c.next_due_on <= b.day::date
          AND c.next_due_on >= CASE WHEN b.day::date = %(before)s::date
                                    THEN '-infinity'::date ELSE b.day::date END
        ORDER BY c.next_due_on, c.id
        LIMIT %(limit)s
    ) c
    LEFT JOIN LATERAL ({default_cadence}) d ON TRUE
"""
# The first few (as _KEEP_IN_TOUCH_FIRST_SQL, with a NULL count) and the tally (its owner, day and
# count in the matching columns, NULL elsewhere) in one round trip: the pages that list what is
# due ask every source once, and this source would otherwise cost them two queries.
_KEEP_IN_TOUCH_FIRST_AND_TALLY_SQL = f"""
    (SELECT first.*, NULL::bigint AS tally FROM ({_KEEP_IN_TOUCH_FIRST_SQL}) AS first)
    UNION ALL
    (SELECT NULL, c.owner_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
            GREATEST(c.next_due_on, %(before)s::date), COUNT(*)
     FROM {{contact}} c
     WHERE c.owner_id = ANY(%(owners)s) AND c.deleted_at IS NULL AND c.next_due_on <= %(until)s
     GROUP BY 2, 10)
"""


def _keep_in_touch_query(template: str) -> str:
    tables = keep_in_touch._tables()
    return template.format(
        columns=_KEEP_IN_TOUCH_COLUMNS,
        default_cadence=keep_in_touch.DEFAULT_CADENCE_SQL.format(**tables),
        **tables,
    )


@due.register_query("reminders.keep_in_touch", capped=True)
def keep_in_touch_items(owner_ids, start: dt.date, until: dt.date, limit: int | None = None):
    """Lapsed cadences (own, else the shortest default by tag or relationship kind) and, for
    close contacts without any cadence, fading relationships: dated by ``Contact.next_due_on``
    (see ``keep_in_touch.refresh_due_dates``)."""
    params = {
        "owners": list(owner_ids),
        "until": until,
        "before": start - dt.timedelta(days=1),
        "limit": limit,
    }
    if limit is None:
        return due.DueQuery(_keep_in_touch_query(_KEEP_IN_TOUCH_ALL_SQL), params, _kit_items)
    # The first few and the tally of all in one statement (a row with a count: a tally).
    sql = _keep_in_touch_query(_KEEP_IN_TOUCH_FIRST_AND_TALLY_SQL)
    return due.DueQuery(sql, params, _kit_first_items_and_tallies)


def _kit_first_items_and_tallies(rows):
    listed, tallies = [], []
    for row in rows:
        if row[-1] is None:
            listed.append(row[:-1])
        else:
            tallies.append((row[1], row[-2], row[-1]))
    yield from _kit_items(listed)
    for owner_id, day, count in tallies:
        yield due.DueTally(owner_id=owner_id, due_on=day, count=count)


def _kit_items(rows):
    contact_url = url_pattern("contacts:detail")
    for pk, owner_id, prefix, given, preferred, family, last, closeness, cadence, due_on in rows:
        name = _name(prefix, given, preferred, family)
        last_text = f"last in touch {last:%d/%m/%Y}" if last else "no interaction logged yet"
        if cadence:
            kind, title, detail = "cadence", f"Keep in touch with {name}", f"Every {cadence} days; "
        else:
            kind, title, detail = "fading", f"Fading: {name}", f"Close ({closeness}/5); "
        yield due.DueItem(
            owner_id=owner_id,
            kind=kind,
            title=title,
            due_on=due_on,
            url=contact_url.format(pk),
            detail=detail + last_text,
            contact_id=pk,
            action_ref=f"{KEEP_IN_TOUCH_REF}:{pk}",
        )


def _birthday_days(start: dt.date, until: dt.date) -> list[tuple[int, int, dt.date]]:
    """(month, day, date) for each day from start to until; 29 Feb birthdays fall on 28 Feb in
    other years."""
    days = []
    day = start
    while day <= until:
        days.append((day.month, day.day, day))
        if day.month == 2 and day.day == 28 and not calendar.isleap(day.year):
            days.append((2, 29, day))
        day += dt.timedelta(days=1)
    return days


# Birthdays in the window not yet acknowledged or snoozed, then snoozed birthdays (of the last
# year) whose snooze has run out: those stay due until done.
_BIRTHDAY_SQL = """
    SELECT c.id, c.owner_id, c.prefix, c.given_name, c.preferred_name, c.family_name,
           c.birthday_year, b.on_date, NULL::date AS snoozed_until
    FROM {contact} c
    JOIN (VALUES {values}) AS b(month, day, on_date)
      ON c.birthday_month = b.month AND c.birthday_day = b.day
    WHERE c.owner_id = ANY(%s) AND c.deleted_at IS NULL AND c.birthday_month IS NOT NULL
      AND NOT EXISTS (
          SELECT 1 FROM {acks} a WHERE a.contact_id = c.id AND a.birthday_on = b.on_date
      )
    UNION ALL
    SELECT c.id, c.owner_id, c.prefix, c.given_name, c.preferred_name, c.family_name,
           c.birthday_year, a.birthday_on, a.snoozed_until
    FROM {acks} a JOIN {contact} c ON c.id = a.contact_id
    WHERE a.owner_id = ANY(%s) AND a.done_at IS NULL AND a.snoozed_until <= %s
      AND a.birthday_on > %s AND c.deleted_at IS NULL
"""


@due.register_query("reminders.birthdays")
def birthday_items(owner_ids, start: dt.date, until: dt.date):
    days = _birthday_days(start, until)[:40]
    if not days:
        return None
    owners = list(owner_ids)
    sql = _BIRTHDAY_SQL.format(
        contact=Contact._meta.db_table,
        acks=BirthdayAck._meta.db_table,
        values=", ".join(["(%s, %s, %s)"] * len(days)),
    )
    params = [v for month, day, date in days for v in (month, day, date)]
    params += [owners, owners, until, start - dt.timedelta(days=366)]
    return due.DueQuery(sql, params, _birthday_items)


def _birthday_items(rows):
    contact_url = url_pattern("contacts:detail")
    for pk, owner_id, prefix, given, preferred, family, year, on_date, snoozed in rows:
        turns = f" (turns {on_date.year - year})" if year and year < on_date.year else ""
        yield due.DueItem(
            owner_id=owner_id,
            kind="birthday",
            title=f"Birthday: {_name(prefix, given, preferred, family)}{turns}",
            # A snoozed birthday is due from the snooze's end, and stays due until done.
            due_on=snoozed or on_date,
            url=contact_url.format(pk),
            detail=f"Birthday on {on_date:%d/%m}" if snoozed else "",
            contact_id=pk,
            action_ref=f"{BIRTHDAY_REF}:{pk}",
            occasion=not snoozed,
        )


# --- one-click actions --------------------------------------------------------------------------
def _follow_up(user, pk) -> FollowUp:
    try:
        return FollowUp.objects.for_user(user).get(pk=pk)
    except FollowUp.DoesNotExist as error:
        raise LookupError(pk) from error


def _contact(user, pk) -> Contact:
    try:
        return Contact.objects.for_user(user).alive().get(pk=pk)
    except Contact.DoesNotExist as error:
        raise LookupError(pk) from error


due.register_actions(
    FOLLOW_UP_REF,
    done=lambda user, pk: follow_ups.complete_follow_up(follow_up=_follow_up(user, pk)),
    snooze=lambda user, pk, until: follow_ups.snooze_follow_up(
        follow_up=_follow_up(user, pk), until=until
    ),
)
due.register_actions(
    KEEP_IN_TOUCH_REF,
    done=lambda user, pk: keep_in_touch.mark_in_touch(
        owner=user, contact=_contact(user, pk), on=timezone.localdate()
    ),
    snooze=lambda user, pk, until: keep_in_touch.snooze_contact(
        owner=user, contact=_contact(user, pk), until=until
    ),
)
due.register_actions(
    BIRTHDAY_REF,
    done=lambda user, pk: birthdays.acknowledge_birthday(
        owner=user, contact=_contact(user, pk), today=due.local_today(user)
    ),
    snooze=lambda user, pk, until: birthdays.snooze_birthday(
        owner=user, contact=_contact(user, pk), until=until, today=due.local_today(user)
    ),
)


# --- the contact's timeline ---------------------------------------------------------------------
# A follow-up sits on the day it was done (in the doctor's time zone), or else on the day it is
# due; ``{day}`` is that day.
_TIMELINE_SQL = """
SELECT f.id, f.what, f.note, f.done_at IS NOT NULL, f.created_at, {day}
  FROM reminders_followup f
 WHERE f.contact_id = %(contact)s AND f.owner_id = %(owner)s{before}
 ORDER BY {day} DESC, f.created_at DESC
 LIMIT %(limit)s"""
_TIMELINE_DAY = "COALESCE((f.done_at AT TIME ZONE %(zone)s)::date, f.due_on)"


@timeline.register_query("reminders.follow_ups")
def follow_up_timeline(contact, limit: int, before=None) -> timeline.TimelineQuery:
    """A follow-up sits on the day it was done, or else on the day it is due: sorted and bounded
    on that day in SQL (the doctor's time zone), so a recently done follow-up that was due long
    ago is not cut off by the limit."""
    sql = _TIMELINE_SQL.format(
        day=_TIMELINE_DAY,
        before=f"\n   AND {_TIMELINE_DAY} <= %(before)s" if before is not None else "",
    )
    params = {
        "contact": contact.pk,
        "owner": contact.owner_id,
        "zone": current_zone(),
        "limit": limit,
        "before": before,
    }
    return timeline.TimelineQuery(sql, params, _timeline_entries)


def _timeline_entries(rows: list[tuple]) -> list[timeline.TimelineEntry]:
    edit_url = url_pattern("reminders:follow_up_edit").format
    return [
        timeline.TimelineEntry(
            kind="follow_up",
            occurred_on=day,
            title=f"Follow-up{' done' if done else ''}: {what}",
            body=note,
            url=edit_url(pk),
            sort_key=created_at.isoformat(),
        )
        for pk, what, note, done, created_at, day in rows
    ]
