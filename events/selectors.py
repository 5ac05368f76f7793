"""Shared reads for event pages: who might be there, people met, follow-ups to prompt, and the
dashboard's next events."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import BooleanField, Exists, F, Func, OuterRef, Q
from django.utils import timezone

from contacts.models import Contact, Interaction
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


def _any_of(field: str, values) -> Func:
    """``field = ANY(ARRAY(values))``. Under an OR, ``field IN (subquery)`` is a filter on every
    row the rest of the WHERE leaves (here all the doctor's contacts, read from the heap);
    the array is computed once and PostgreSQL probes the field's index with it."""
    return Func(
        F(field),
        ArraySubquery(values),
        arg_joiner=" = ANY(",
        template="%(expressions)s)",
        output_field=BooleanField(),
    )


def who_might_be_there(user, event: Event, limit: int = 12):
    """The user's contacts met at earlier events of the same series or organiser, or sharing
    one of the event's specialties; those met at related events first. One query: the
    related events' people and the event's specialties are subqueries, each run once.

    The page's dozen are picked from the index on (owner, specialty, name) first, and only
    they are read from the table: reading the candidates' rows to sort them (some 450 of the
    doctor's 10,000 contacts, on as many pages) was most of the page's SQL."""
    related = related_events(event).values("pk")
    met_before = PersonMet.objects.filter(owner=user, contact=OuterRef("pk"), event__in=related)
    met_here = PersonMet.objects.filter(owner=user, contact=OuterRef("pk"), event=event)
    met_at_related = (
        PersonMet.objects.filter(owner=user, event__in=related).order_by().values("contact_id")
    )
    specialties = Event.specialties.through.objects.filter(event_id=event.pk).values("term_id")
    order = ("-met_before", "family_name", "given_name")
    picked = (
        Contact.objects.for_user(user)
        .alive()
        .filter(_any_of("pk", met_at_related) | _any_of("specialty_id", specialties))
        .annotate(met_before=Exists(met_before))
        .filter(~Exists(met_here))
        .order_by(*order)
        .values("pk")[:limit]
    )
    return (
        Contact.objects.filter(pk__in=picked)
        .annotate(met_before=Exists(met_before))
        .select_related("specialty")
        .only("given_name", "family_name", "preferred_name", "specialty__label")
        .order_by(*order)
    )


def people_met(user, event: Event):
    """Contacts met at this event, with whether the user has been in touch since it ended."""
    since = Interaction.objects.filter(
        owner=user,
        contacts=OuterRef("contact"),
        occurred_on__gt=event.local_end.date(),
    )
    follow_up = FollowUp.objects.filter(
        owner=user, contact=OuterRef("contact"), created_at__gte=event.starts_at
    )
    return (
        PersonMet.objects.for_user(user)
        .filter(event=event, contact__deleted_at__isnull=True)
        .annotate(followed_up=Exists(since) | Exists(follow_up))
        .select_related("contact")
        # The panel shows each person's name: their whole contact row (notes, search
        # vector) cost more to load than the query took.
        .only("contact__given_name", "contact__family_name", "contact__preferred_name")
        .order_by("contact__family_name", "contact__given_name")
    )


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
