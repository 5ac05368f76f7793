"""Due items for reminders: membership and registration renewals (kind "renewal")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db.models import Q
from django.urls import reverse

from reminders.due import DueItem, register_source

from .models import Membership

# Renewals show up this many days before they fall due.
NOTICE_DAYS = 30


@register_source("cpd.renewals")
def renewals(owner_ids: Sequence[object], start: dt.date, until: dt.date) -> Iterable[DueItem]:
    """The next renewal of each membership, from ``start`` to ``until`` plus the notice period:
    a yearly one comes round every year on its date. One query (a doctor has a handful of
    memberships, so the yearly ones are all read and dated here)."""
    horizon = until + dt.timedelta(days=NOTICE_DAYS)
    memberships = (
        Membership.objects.filter(owner_id__in=owner_ids)
        .filter(
            Q(renews_annually=True, renewal_date__lte=horizon)
            | Q(renews_annually=False, renewal_date__gte=start, renewal_date__lte=horizon)
        )
        .select_related("organisation_term")
    )
    for membership in memberships:
        renewal = membership.next_renewal(start)
        if renewal is None or renewal > horizon:
            continue
        yield DueItem(
            owner_id=membership.owner_id,
            kind="renewal",
            title=f"Renew: {membership}",
            due_on=max(renewal - dt.timedelta(days=NOTICE_DAYS), start),
            url=reverse("cpd:memberships"),
            detail=f"Renewal date {renewal:%d/%m/%Y}",
        )
