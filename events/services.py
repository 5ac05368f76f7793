"""Writes to events: saving (with the iCalendar SEQUENCE bump), suggesting and moderating."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import F
from django.forms import ModelForm
from django.utils import timezone

from collaboration.edges import refresh_edges_for
from core.queueing import enqueue_on_commit

from .models import Event, EventSeries, ModerationStatus, PersonMet

DEADLINES = ("early_bird_deadline", "registration_deadline", "abstract_deadline")
# What next year's edition keeps as it is; dates, title and series are worked out, and
# publication, moderation and import identity start afresh.
COPIED_FIELDS = [
    Event._meta.get_field(name)
    for name in (
        "kind",
        "theme",
        "organiser_term",
        "organiser",
        "description",
        "timezone",
        "all_day",
        "venue",
        "city",
        "state",
        "country",
        "online_url",
        "website",
        "cost_note",
        "cpd_educational",
        "cpd_reviewing_performance",
        "cpd_measuring_outcomes",
    )
]


def store_specialty_ids(event_ids: Iterable[object]) -> None:
    """Copy these events' specialties into ``Event.specialty_ids`` (sorted term ids). The one
    writer of that column: call it after writing an event's ``specialties``."""
    ids = [str(pk) for pk in event_ids]
    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            """UPDATE events_event e SET specialty_ids = COALESCE(
                   (SELECT array_agg(s.term_id ORDER BY s.term_id)
                      FROM events_event_specialties s WHERE s.event_id = e.id), '{}')
                WHERE e.id = ANY(%s::uuid[])""",
            [ids],
        )


def set_specialties(*, event: Event, terms: Iterable[object]) -> None:
    """Set an event's specialties (terms or their ids), keeping ``specialty_ids``."""
    event.specialties.set(terms)
    store_specialty_ids([event.pk])
    event.refresh_from_db(fields=["specialty_ids"])


def bump_sequence(events: Iterable[Event] | None = None, *, ids: Iterable[object] = ()) -> None:
    """Tell calendar clients these events changed (iCalendar ``SEQUENCE`` + 1)."""
    pks = [e.pk for e in events or ()] + list(ids)
    Event.objects.filter(pk__in=pks).update(sequence=F("sequence") + 1)


@transaction.atomic
def delete_event(*, event: Event) -> None:
    """Delete an event; the people met there lose the "same event" links it made."""
    met: dict[int, list] = {}
    for owner_id, contact_id in PersonMet.objects.filter(event=event).values_list(
        "owner_id", "contact_id"
    ):
        met.setdefault(owner_id, []).append(contact_id)
    event.delete()
    for owner_id, contact_ids in met.items():
        refresh_edges_for(owner_id, contact_ids)


@transaction.atomic
def save_event(*, form: ModelForm, owner=None, suggest: bool = False) -> Event:
    """Save an event form; a changed existing event gets its ``sequence`` bumped.

    ``owner`` makes a new event private to that doctor; ``suggest`` asks staff to publish it.
    """
    event = form.save(commit=False)
    is_new = event._state.adding
    if is_new and owner is not None:
        event.owner = owner
    if suggest:
        event.moderation_status = ModerationStatus.PENDING
        event.suggested_by = owner or event.owner
    event.save()
    form.save_m2m()
    store_specialty_ids([event.pk])
    if not is_new and form.has_changed():
        bump_sequence(ids=[event.pk])
        event.refresh_from_db(fields=["sequence"])
    return event


def suggest_event(*, event: Event, user) -> None:
    """Ask staff to publish one of the user's private events (again, after a decline)."""
    Event.objects.filter(pk=event.pk, owner=user, published=False).update(
        moderation_status=ModerationStatus.PENDING, suggested_by=user, decline_emailed_at=None
    )


@transaction.atomic
def publish_events(events) -> int:
    """Publish (and approve) events: they leave their suggester's private list for everyone's.

    Only what staff may publish (``EventQuerySet.for_staff``): their own events and pending
    suggestions. A doctor's private event that was never suggested stays private, whatever
    queryset the caller passes."""
    ids = list(events.for_staff().values_list("pk", flat=True))
    Event.objects.filter(pk__in=ids, moderation_status=ModerationStatus.PENDING).update(
        moderation_status=ModerationStatus.APPROVED, moderated_at=timezone.now()
    )
    count = Event.objects.filter(pk__in=ids).update(
        published=True, owner=None, sequence=F("sequence") + 1
    )
    return count


def unpublish_events(events) -> int:
    """Take staff's published events off the calendar (doctors' events are never published)."""
    return events.filter(owner__isnull=True, published=True).update(
        published=False, sequence=F("sequence") + 1
    )


@transaction.atomic
def decline_suggestions(events, *, note: str) -> int:
    """Decline suggestions with staff's reason: the events stay private to the doctors who
    suggested them, who see ``note`` on the event's page and get it by email (after commit)."""
    from . import tasks

    ids = list(events.pending_moderation().values_list("pk", flat=True))
    Event.objects.filter(pk__in=ids).update(
        moderation_status=ModerationStatus.REJECTED,
        moderation_note=note,
        moderated_at=timezone.now(),
        decline_emailed_at=None,
    )
    for pk in ids:
        enqueue_on_commit(tasks.email_declined, pk)
    return len(ids)


def _next_year(day: dt.date) -> dt.date:
    """The same date a year on; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


@transaction.atomic
def copy_to_next_year(events) -> list[Event]:
    """Next year's edition of staff's events, unpublished, in the same series (named after the
    event when it had none): same local times a year on, deadlines moved with them, the year in
    the title advanced. An edition already there (same series, same start) is not made twice.
    Staff then check the dates and publish."""
    copies = []
    for event in (
        events.for_staff()
        .filter(owner__isnull=True)
        .select_related("organiser_term")
        .prefetch_related("specialties")
    ):
        series = (
            event.series
            or EventSeries.objects.get_or_create(
                name=event.title[:200], defaults={"organiser": event.organiser_name[:200]}
            )[0]
        )
        if event.series_id is None:
            Event.objects.filter(pk=event.pk).update(series=series)
        start, end = event.local_start, event.local_end
        starts_at = dt.datetime.combine(_next_year(start.date()), start.time(), start.tzinfo)
        ends_at = starts_at + (end - start)
        if Event.objects.filter(series=series, starts_at=starts_at).exists():
            continue
        year = str(start.year)
        copy = Event(
            **{f.attname: getattr(event, f.attname) for f in COPIED_FIELDS},
            title=event.title.replace(year, str(start.year + 1)),
            series=series,
            starts_at=starts_at,
            ends_at=ends_at,
            **{
                name: _next_year(getattr(event, name)) if getattr(event, name) else None
                for name in DEADLINES
            },
        )
        copy.save()
        set_specialties(event=copy, terms=event.specialties.all())
        copies.append(copy)
    return copies
