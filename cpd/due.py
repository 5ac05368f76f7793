"""Due items for reminders: membership and registration renewals (kind "renewal")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.urls import reverse

from reminders.due import DueItem, register_source

from .models import Membership

# Renewals show up this many days before they fall due.
NOTICE_DAYS = 30


@register_source("cpd.renewals")
def renewals(owner_ids: Sequence[object], start: dt.date, until: dt.date) -> Iterable[DueItem]:
    """Renewal dates from ``start`` to ``until`` plus the notice period. One query."""
    memberships = Membership.objects.filter(
        owner_id__in=owner_ids,
        renewal_date__gte=start,
        renewal_date__lte=until + dt.timedelta(days=NOTICE_DAYS),
    )
    for membership in memberships:
        yield DueItem(
            owner_id=membership.owner_id,
            kind="renewal",
            title=f"Renew: {membership}",
            due_on=max(membership.renewal_date - dt.timedelta(days=NOTICE_DAYS), start),
            url=reverse("cpd:memberships"),
            detail=f"Renewal date {membership.renewal_date:%d/%m/%Y}",
        )
