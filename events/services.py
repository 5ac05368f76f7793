"""Writes to events: saving (with the iCalendar SEQUENCE bump), suggesting and moderating."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.forms import ModelForm

from .models import Event, ModerationStatus


def bump_sequence(events: Iterable[Event] | None = None, *, ids: Iterable[object] = ()) -> None:
    """Tell calendar clients these events changed (iCalendar ``SEQUENCE`` + 1)."""
    pks = [e.pk for e in events or ()] + list(ids)
    Event.objects.filter(pk__in=pks).update(sequence=F("sequence") + 1)


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
    if not is_new and form.has_changed():
        bump_sequence(ids=[event.pk])
        event.refresh_from_db(fields=["sequence"])
    return event


def suggest_event(*, event: Event, user) -> None:
    """Ask staff to publish one of the user's private events."""
    Event.objects.filter(pk=event.pk, owner=user, published=False).update(
        moderation_status=ModerationStatus.PENDING, suggested_by=user
    )


@transaction.atomic
def publish_events(events) -> int:
    """Publish (and approve) events: they leave their suggester's private list for everyone's."""
    ids = list(events.values_list("pk", flat=True))
    Event.objects.filter(pk__in=ids, moderation_status=ModerationStatus.PENDING).update(
        moderation_status=ModerationStatus.APPROVED
    )
    count = Event.objects.filter(pk__in=ids).update(
        published=True, owner=None, sequence=F("sequence") + 1
    )
    return count


def unpublish_events(events) -> int:
    return events.update(published=False, sequence=F("sequence") + 1)


def reject_suggestions(events, note: str = "") -> int:
    """Decline suggestions: the events stay private to the doctors who suggested them."""
    return events.filter(moderation_status=ModerationStatus.PENDING).update(
        moderation_status=ModerationStatus.REJECTED, moderation_note=note
    )
