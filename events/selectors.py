"""Shared reads for event pages: who might be there, people met, follow-ups to prompt."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from contacts.models import Contact, Interaction
from reminders.models import FollowUp

from .models import Event, PersonMet


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


def who_might_be_there(user, event: Event, limit: int = 12):
    """The user's contacts met at earlier events of the same series or organiser, or sharing
    one of the event's specialties; those met at related events first. One query (the
    event's specialties are a subquery)."""
    met_before = PersonMet.objects.filter(
        owner=user, contact=OuterRef("pk"), event__in=related_events(event).values("pk")
    )
    met_here = PersonMet.objects.filter(owner=user, contact=OuterRef("pk"), event=event)
    specialties = Event.specialties.through.objects.filter(event_id=event.pk).values("term_id")
    matches = Q(met_before=True) | Q(specialty_id__in=specialties)
    return (
        Contact.objects.for_user(user)
        .alive()
        .annotate(met_before=Exists(met_before), met_here=Exists(met_here))
        .filter(matches, met_here=False)
        .select_related("specialty")
        .order_by("-met_before", "family_name", "given_name")[:limit]
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
        .order_by("contact__family_name", "contact__given_name")
    )
