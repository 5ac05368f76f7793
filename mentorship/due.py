"""What mentorship puts on the dashboard and in digests: the next meeting due by the agreed
cadence, and open action items: the doctor's own, and, in a private mentorship (the other person
is not a NetMed user, so nobody else will be reminded), the other person's too, to chase them.
Both answer for a batch of doctors in a constant number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from django.db.models import Q
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse

from core.reversing import url_pattern
from reminders.due import DueItem, register_actions, register_source

from . import services
from .models import ActionItem, Mentorship, Status


@register_source("mentorship_meeting")
def meetings_due(owner_ids: Sequence[object], start: dt.date, until: dt.date) -> Iterator[DueItem]:
    """One item per member of each active mentorship whose next meeting falls due by ``until``."""
    ids = set(owner_ids)
    mentorships = (
        Mentorship.objects.filter(Q(owner_id__in=ids) | Q(member_id__in=ids))
        .filter(status=Status.ACTIVE, cadence_days__isnull=False)
        .select_related("owner", "member", "contact", "member_contact")
        # A subquery, not Max() over a join: grouping by every selected column of five tables
        # cost more Python to compile than the query took to run (issue 22).
        .with_last_meeting()
    )
    for mentorship in mentorships:
        due_on = mentorship.next_meeting_due(mentorship.last_meeting_on)
        if due_on is None or due_on > until:
            continue
        url = reverse("mentorship:detail", args=[mentorship.pk])
        for user in (mentorship.owner, mentorship.member):
            if user is not None and user.pk in ids:
                yield DueItem(
                    owner_id=user.pk,
                    kind="mentorship_meeting",
                    title=f"Meet {mentorship.other_name_for(user)}",
                    due_on=due_on,
                    url=url,
                    detail=f"Every {mentorship.cadence_days} days",
                    contact_id=getattr(mentorship.contact_for(user), "pk", None),
                )


@register_source("action_item")
def action_items_due(
    owner_ids: Sequence[object], start: dt.date, until: dt.date
) -> Iterator[DueItem]:
    """Open dated action items due (or back from snooze) by ``until``: for their assignee, and
    every one of a private mentorship for its owner, whoever it is assigned to ("chase them")."""
    ids = set(owner_ids)
    items = (
        ActionItem.objects.open()
        .filter(
            Q(assignee_id__in=ids)
            | Q(mentorship__member__isnull=True, mentorship__owner_id__in=ids)
        )
        .filter(due_on__isnull=False)
        .filter(mentorship__status__in=[Status.ACTIVE, Status.PAUSED, Status.PROPOSED])
        .annotate(remind_on=Greatest("due_on", Coalesce("snoozed_until", "due_on")))
        .filter(remind_on__lte=until)
        .select_related(
            "assignee", "mentorship__owner", "mentorship__member", "mentorship__contact"
        )
        # Only what the items below read: a doctor with many mentees has a hundred open items,
        # and building five whole rows for each cost three times the query (issue 22).
        .only(
            "title",
            "assignee__id",
            "mentorship__owner__display_name",
            "mentorship__owner__email",
            "mentorship__member__display_name",
            "mentorship__member__email",
            "mentorship__contact__given_name",
            "mentorship__contact__preferred_name",
            "mentorship__contact__family_name",
        )
    )
    detail_url = url_pattern("mentorship:detail")
    for item in items:
        mentorship = item.mentorship
        user = item.assignee if item.assignee_id in ids else mentorship.owner
        other = mentorship.other_name_for(user)
        chase = item.assignee_id != user.pk
        yield DueItem(
            owner_id=user.pk,
            kind="action_item",
            title=f"Chase {other}: {item.title}" if chase else item.title,
            due_on=item.remind_on,
            url=detail_url.format(mentorship.pk),
            detail=f"Their action, mentorship with {other}"
            if chase
            else f"Mentorship with {other}",
            action_ref=f"mentorship.actionitem:{item.pk}",
            contact_id=mentorship.contact_id if chase else None,
        )


def _item_for(user, object_id) -> ActionItem:
    item = ActionItem.objects.for_user(user).filter(pk=object_id).first()
    if item is None:
        raise LookupError(object_id)
    return item


def mark_done(user, object_id) -> None:
    services.set_action_done(item=_item_for(user, object_id), done=True)


def snooze(user, object_id, until: dt.date) -> None:
    services.snooze_action(item=_item_for(user, object_id), until=until)


register_actions("mentorship.actionitem", done=mark_done, snooze=snooze)
