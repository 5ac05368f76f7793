"""Due items for reminders (reminders.due): event deadlines, and people met with no follow-up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from core.reversing import url_pattern
from reminders.due import DueItem, register_source
from reminders.models import FollowUp

from .models import Attendance, PersonMet

# How long after an event ends people met there still prompt a follow-up.
FOLLOW_UP_WINDOW_DAYS = 60
# The follow-up prompt falls due this many days after the event's last day.
FOLLOW_UP_AFTER_DAYS = 2


@register_source("events.deadlines")
def deadlines(owner_ids: Sequence[object], start: dt.date, until: dt.date) -> Iterable[DueItem]:
    """Early-bird, registration and abstract deadlines from ``start`` to ``until`` of events the
    doctor is interested in (all three) or registered for (the abstract deadline). One query."""
    window = Q()
    for name in ("early_bird_deadline", "registration_deadline", "abstract_deadline"):
        window |= Q(**{f"event__{name}__gte": start, f"event__{name}__lte": until})
    attendances = (
        Attendance.objects.filter(owner_id__in=owner_ids, status__in=["interested", "registered"])
        .filter(window)
        .select_related("event")
    )
    for attendance in attendances:
        event = attendance.event
        for label, day in event.deadlines():
            if not start <= day <= until:
                continue
            if attendance.status == "registered" and label != "Abstract submission":
                continue
            yield DueItem(
                owner_id=attendance.owner_id,
                kind="deadline",
                title=f"{label} deadline: {event.title}",
                due_on=day,
                url=reverse("events:detail", args=[event.pk]),
                detail=event.place,
            )


@register_source("events.met_no_follow_up")
def met_without_follow_up(
    owner_ids: Sequence[object], start: dt.date, until: dt.date
) -> Iterable[DueItem]:
    """People met at an event that has ended, with no interaction since it ended. One query.

    A follow-up about the contact set since the event began also counts as following up.
    """
    now = timezone.now()
    follow_up = FollowUp.objects.filter(
        contact=OuterRef("contact"), created_at__gte=OuterRef("event__starts_at")
    )
    people = (
        PersonMet.objects.filter(
            owner_id__in=owner_ids,
            event__ends_at__lt=now,
            event__ends_at__gte=now - dt.timedelta(days=FOLLOW_UP_WINDOW_DAYS),
            contact__deleted_at__isnull=True,
        )
        .filter(
            Q(contact__last_interaction_at__isnull=True)
            | Q(contact__last_interaction_at__lte=F("event__ends_at__date"))
        )
        .filter(~Exists(follow_up))
        .select_related("event", "contact")
        # Only what the items below read (the event's last day, its title, the contact's name):
        # whole rows of both cost more to build than the query (issue 22).
        .only(
            "owner_id",
            "event__title",
            "event__starts_at",
            "event__ends_at",
            "event__all_day",
            "event__timezone",
            "contact__given_name",
            "contact__preferred_name",
            "contact__family_name",
        )
    )
    contact_url = url_pattern("contacts:detail")
    for person in people:
        due_on = person.event.last_day + dt.timedelta(days=FOLLOW_UP_AFTER_DAYS)
        if due_on > until:
            continue
        yield DueItem(
            owner_id=person.owner_id,
            kind="met_no_follow_up",
            title=f"Follow up with {person.contact.display_name}",
            due_on=due_on,
            url=contact_url.format(person.contact_id),
            detail=f"Met at {person.event.title}",
            contact_id=person.contact_id,
        )
