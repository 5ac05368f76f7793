"""Shared reads for event pages: who might be there, people met, follow-ups to prompt."""

from __future__ import annotations

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import BooleanField, Exists, F, Func, OuterRef, Q

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
