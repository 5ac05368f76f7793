"""Shared reads for event pages: who might be there, people met, follow-ups to prompt, and the
dashboard's next events."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from contacts.models import Contact, Interaction, display_name
from core.reversing import url_pattern
from reminders.models import FollowUp

from .models import PLANNED_STATUSES, Attendance, Event, PersonMet, when_label


def related_events(event: Event):
    """Other events of the same series or the same organiser."""
    related = Q(pk__in=[])
    if event.series_id:
        related |= Q(series_id=event.series_id)
    if event.organiser_term_id:
        related |= Q(organiser_term_id=event.organiser_term_id)
    elif event.organiser:
        related |= Q(organiser__iexact=event.organiser)
    return Event.objects.filter(related).exclude(pk=event.pk)


@dataclass(frozen=True)
class MaybeThere:
    """One of "who might be there": what the event page shows of the contact."""

    pk: object
    display_name: str
    specialty: str | None  # the specialty's label
    met_before: bool  # met at an earlier event of the same series or organiser


# The doctor's living contacts met at the related events ({related}: the same series or
# organiser, this event excluded) or sharing one of the event's specialties, not yet met here;
# those met before first. The dozen are picked by id from the index on (owner, specialty, name)
# first, and only they are read from the table: reading the candidates' rows to sort them (some
# 450 of the doctor's 10,000 contacts, on as many pages) was most of the page's SQL. Under the OR,
# ``= ANY(ARRAY(...))`` computes each list once and probes the index with it, where ``IN
# (subquery)`` would filter every one of the doctor's contacts. The people met at the related
# events are read once (``met_before``), not in three subqueries: planning the three took twice
# as long as running the query (2.8 → 2.2 ms for the bench doctor, docs/performance.md).
_WHO_SQL = """
    WITH met_before AS MATERIALIZED (
        SELECT m.contact_id FROM {met} m
        WHERE m.owner_id = %(user)s AND m.event_id IN ({related})
    )
    SELECT c.id, c.given_name, c.preferred_name, c.family_name, t.label,
           c.id IN (SELECT contact_id FROM met_before) AS met_before
    FROM {contact} c LEFT OUTER JOIN {term} t ON t.id = c.specialty_id
    WHERE c.id IN (
        SELECT w.id FROM {contact} w
        WHERE w.owner_id = %(user)s::bigint AND w.deleted_at IS NULL
          AND (w.id = ANY(ARRAY(SELECT contact_id FROM met_before))
               OR w.specialty_id = ANY(ARRAY(SELECT s.term_id FROM {specialties} s
                                             WHERE s.event_id = %(event)s)))
          AND NOT EXISTS (SELECT 1 FROM {met} m
                          WHERE m.contact_id = w.id AND m.event_id = %(event)s
                            AND m.owner_id = %(user)s)
        ORDER BY w.id IN (SELECT contact_id FROM met_before) DESC, w.family_name, w.given_name
        LIMIT %(limit)s
    )
    ORDER BY met_before DESC, c.family_name, c.given_name
"""


def who_might_be_there(user, event: Event, limit: int = 12) -> list[MaybeThere]:
    """The user's contacts met at earlier events of the same series or organiser, or sharing
    one of the event's specialties; those met at related events first. One hand-written query
    (``_WHO_SQL``; ``related_events`` is its rule): built and compiled by the ORM, its
    subqueries and ``Exists`` cost the page more CPU than the query took (issue 22)."""
    related, params = [], {"user": user.pk, "event": event.pk, "limit": limit}
    if event.series_id:
        related.append("e.series_id = %(series)s")
        params["series"] = event.series_id
    if event.organiser_term_id:
        related.append("e.organiser_term_id = %(organiser_term)s")
        params["organiser_term"] = event.organiser_term_id
    elif event.organiser:
        related.append("UPPER(e.organiser::text) = UPPER(%(organiser)s)")
        params["organiser"] = event.organiser
    related_sql = (
        f"SELECT e.id FROM {Event._meta.db_table} e"
        f" WHERE ({' OR '.join(related) or 'FALSE'}) AND e.id <> %(event)s"
    )
    sql = _WHO_SQL.format(
        met=PersonMet._meta.db_table,
        contact=Contact._meta.db_table,
        term=Contact._meta.get_field("specialty").related_model._meta.db_table,
        specialties=Event.specialties.through._meta.db_table,
        related=related_sql,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        MaybeThere(
            pk=pk,
            display_name=display_name(given, preferred, family),
            specialty=label,
            met_before=met_before,
        )
        for pk, given, preferred, family, label, met_before in rows
    ]


@dataclass(frozen=True)
class MetContact:
    """What the people-met panel shows of a contact (and ``follow_up_url`` reads)."""

    pk: object
    display_name: str


@dataclass(frozen=True)
class MetHere:
    """One person met at an event, as the people-met panel lists them."""

    pk: object
    contact_id: object
    contact: MetContact
    followed_up: bool  # an interaction after the event ended, or a follow-up since it began


_PEOPLE_MET_SQL = """
    SELECT p.id, c.id, c.given_name, c.preferred_name, c.family_name,
           (EXISTS (SELECT 1 FROM {interaction} i
                    JOIN {interaction_contacts} ic ON ic.interaction_id = i.id
                    WHERE ic.contact_id = p.contact_id AND i.occurred_on > %(ended_on)s
                      AND i.owner_id = %(user)s)
            OR EXISTS (SELECT 1 FROM {follow_up} f
                       WHERE f.contact_id = p.contact_id AND f.created_at >= %(starts_at)s
                         AND f.owner_id = %(user)s))
    FROM {met} p JOIN {contact} c ON c.id = p.contact_id
    WHERE p.owner_id = %(user)s AND c.deleted_at IS NULL AND p.event_id = %(event)s
    ORDER BY c.family_name, c.given_name
"""


def people_met(user, event: Event) -> list[MetHere]:
    """Contacts met at this event, with whether the user has been in touch since it ended.
    One hand-written query: the ORM's build of its two ``Exists`` cost more CPU than the query
    (issue 22)."""
    sql = _PEOPLE_MET_SQL.format(
        interaction=Interaction._meta.db_table,
        interaction_contacts=Interaction.contacts.through._meta.db_table,
        follow_up=FollowUp._meta.db_table,
        met=PersonMet._meta.db_table,
        contact=Contact._meta.db_table,
    )
    params = {
        "user": user.pk,
        "event": event.pk,
        "ended_on": event.local_end.date(),
        "starts_at": event.starts_at,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        MetHere(
            pk=pk,
            contact_id=contact_pk,
            contact=MetContact(pk=contact_pk, display_name=display_name(given, preferred, family)),
            followed_up=followed_up,
        )
        for pk, contact_pk, given, preferred, family, followed_up in rows
    ]


@dataclass(frozen=True)
class UpcomingEvent:
    """What the dashboard's "Coming up" shows of one event."""

    pk: object
    title: str
    url: str
    when_label: str
    my_status: str | None  # the doctor's attendance status, None for their own private event
    owner_id: int | None


# Visible to the doctor (published, or their own private event), not yet ended, and theirs or
# planned (an attendance interested, registered or attending), soonest first.
_UPCOMING_SQL = """
    SELECT e.id, e.title, e.starts_at, e.ends_at, e.all_day, e.timezone, e.owner_id,
           (SELECT a.status FROM {attendance} a
            WHERE a.owner_id = %(user)s AND a.event_id = e.id AND a.status = ANY(%(planned)s)
            ORDER BY a.created_at DESC LIMIT 1)
    FROM {event} e
    WHERE (e.published OR e.owner_id = %(user)s) AND e.ends_at >= %(now)s
      AND (e.owner_id = %(user)s OR EXISTS (
          SELECT 1 FROM {attendance} a
          WHERE a.owner_id = %(user)s AND a.event_id = e.id AND a.status = ANY(%(planned)s)
      ))
    ORDER BY e.starts_at, e.title
    LIMIT %(limit)s
"""


def upcoming(user, limit: int = 5) -> list[UpcomingEvent]:
    """The user's next events: those they are interested in, registered for or attending, and
    their own private ones. One hand-written query: compiled by the ORM, this small list cost
    the dashboard more than its SQL (issue 22)."""
    sql = _UPCOMING_SQL.format(attendance=Attendance._meta.db_table, event=Event._meta.db_table)
    params = {"user": user.pk, "planned": list(PLANNED_STATUSES), "now": timezone.now()}
    with connection.cursor() as cursor:
        cursor.execute(sql, {**params, "limit": limit})
        rows = cursor.fetchall()
    event_url = url_pattern("events:detail")
    to_zone = Event._meta.get_field("timezone").to_python
    return [
        UpcomingEvent(
            pk=pk,
            title=title,
            url=event_url.format(pk),
            when_label=when_label(starts_at, ends_at, all_day, to_zone(zone)),
            my_status=my_status,
            owner_id=owner_id,
        )
        for pk, title, starts_at, ends_at, all_day, zone, owner_id, my_status in rows
    ]
