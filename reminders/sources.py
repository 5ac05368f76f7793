"""This app's due sources (follow-ups, lapsed cadences, fading relationships, birthdays), their
one-click actions, and the follow-ups on a contact's timeline. Imported by ``AppConfig.ready``.

Every source answers for a batch of doctors in one query.
"""

from __future__ import annotations

import calendar
import datetime as dt
import uuid

from django.db import connection
from django.urls import reverse
from django.utils import timezone

from contacts import timeline
from contacts.models import Contact

from . import due, follow_ups, keep_in_touch
from .models import CadenceDefault, FollowUp, KeepInTouchSnooze

FOLLOW_UP_REF = "reminders.followup"
KEEP_IN_TOUCH_REF = "reminders.keep_in_touch"
_ZERO = uuid.UUID(int=0)


def _url_pattern(name: str) -> str:
    """``reverse`` once, then format: sources build thousands of URLs per batch."""
    return reverse(name, args=[_ZERO]).replace(str(_ZERO), "{}")


def _name(prefix: str, given: str, preferred: str, family: str) -> str:
    return " ".join(p for p in [prefix, preferred or given, family] if p) or "(no name)"


@due.register_source("reminders.follow_ups")
def follow_up_items(owner_ids, start: dt.date, until: dt.date):
    rows = (
        FollowUp.objects.filter(owner_id__in=owner_ids, done_at__isnull=True)
        .with_show_on()
        .filter(show_on__lte=until)
        .values_list(
            "id",
            "owner_id",
            "what",
            "show_on",
            "contact_id",
            "contact__prefix",
            "contact__given_name",
            "contact__preferred_name",
            "contact__family_name",
        )
    )
    edit_url = _url_pattern("reminders:follow_up_edit")
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


def _keep_in_touch_sql() -> str:
    tables = {
        "contact": Contact._meta.db_table,
        "tags": Contact.tags.through._meta.db_table,
        "kinds": Contact.relationship_kinds.through._meta.db_table,
        "defaults": CadenceDefault._meta.db_table,
        "snoozes": KeepInTouchSnooze._meta.db_table,
    }
    # The lateral default-cadence lookup runs only for contacts without their own cadence.
    return """
    SELECT * FROM (
        SELECT c.id, c.owner_id, c.prefix, c.given_name, c.preferred_name, c.family_name,
               c.last_interaction_at, c.closeness, COALESCE(c.cadence_days, d.cadence) AS cadence,
               GREATEST(
                   COALESCE(c.last_interaction_at, (c.created_at AT TIME ZONE 'UTC')::date)
                   + COALESCE(c.cadence_days, d.cadence, %(fading_days)s),
                   s.snoozed_until
               ) AS due_on
        FROM {contact} c
        LEFT JOIN {snoozes} s ON s.contact_id = c.id
        LEFT JOIN LATERAL (
            SELECT MIN(cd.cadence_days) AS cadence FROM {defaults} cd
            WHERE c.cadence_days IS NULL AND cd.owner_id = c.owner_id AND (
                cd.tag_id IN (SELECT ct.tag_id FROM {tags} ct WHERE ct.contact_id = c.id)
                OR cd.relationship_kind_id IN (
                    SELECT ck.term_id FROM {kinds} ck WHERE ck.contact_id = c.id
                )
            )
        ) d ON TRUE
        WHERE c.owner_id = ANY(%(owners)s) AND c.deleted_at IS NULL
          AND (c.cadence_days IS NOT NULL OR d.cadence IS NOT NULL
               OR c.closeness >= %(closeness)s)
    ) due WHERE due.due_on <= %(until)s
    """.format(**tables)


@due.register_source("reminders.keep_in_touch")
def keep_in_touch_items(owner_ids, start: dt.date, until: dt.date):
    """Lapsed cadences (own, else the shortest default by tag or relationship kind) and, for
    close contacts without any cadence, fading relationships."""
    with connection.cursor() as cursor:
        cursor.execute(
            _keep_in_touch_sql(),
            {
                "owners": list(owner_ids),
                "until": until,
                "fading_days": keep_in_touch.FADING_AFTER_DAYS,
                "closeness": keep_in_touch.FADING_CLOSENESS,
            },
        )
        rows = cursor.fetchall()
    contact_url = _url_pattern("contacts:detail")
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


@due.register_source("reminders.birthdays")
def birthday_items(owner_ids, start: dt.date, until: dt.date):
    days = _birthday_days(start, until)[:40]
    if not days:
        return
    with connection.cursor() as cursor:
        values = ", ".join(["(%s, %s, %s)"] * len(days))
        cursor.execute(
            f"""
            SELECT c.id, c.owner_id, c.prefix, c.given_name, c.preferred_name, c.family_name,
                   c.birthday_year, b.on_date
            FROM {Contact._meta.db_table} c
            JOIN (VALUES {values}) AS b(month, day, on_date)
              ON c.birthday_month = b.month AND c.birthday_day = b.day
            WHERE c.owner_id = ANY(%s) AND c.deleted_at IS NULL
            """,
            [v for month, day, date in days for v in (month, day, date)] + [list(owner_ids)],
        )
        rows = cursor.fetchall()
    contact_url = _url_pattern("contacts:detail")
    for pk, owner_id, prefix, given, preferred, family, year, on_date in rows:
        turns = f" (turns {on_date.year - year})" if year and year < on_date.year else ""
        yield due.DueItem(
            owner_id=owner_id,
            kind="birthday",
            title=f"Birthday: {_name(prefix, given, preferred, family)}{turns}",
            due_on=on_date,
            url=contact_url.format(pk),
            contact_id=pk,
            occasion=True,
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


# --- the contact's timeline ---------------------------------------------------------------------
@timeline.register_source("reminders.follow_ups")
def follow_up_timeline(contact, limit: int):
    rows = FollowUp.objects.filter(contact=contact, owner_id=contact.owner_id).order_by(
        "-due_on", "-created_at"
    )[:limit]
    for follow_up in rows:
        done = follow_up.done_at is not None
        yield timeline.TimelineEntry(
            kind="follow_up",
            occurred_on=timezone.localdate(follow_up.done_at) if done else follow_up.due_on,
            title=f"Follow-up{' done' if done else ''}: {follow_up.what}",
            body=follow_up.note,
            url=reverse("reminders:follow_up_edit", args=[follow_up.pk]),
            sort_key=follow_up.created_at.isoformat(),
        )
