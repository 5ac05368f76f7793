"""Due items for reminders: membership and registration renewals (kind "renewal")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.urls import reverse

from core.models import Term
from reminders.due import DueItem, DueQuery, register_query

from .models import Membership, MembershipKind

# Renewals show up this many days before they fall due.
NOTICE_DAYS = 30

# A yearly renewal dated up to the horizon, or a one-off one from ``start`` to the horizon; with
# the chosen organisation's label, in the model's order.
_RENEWALS_SQL = """
    SELECT ms.owner_id, ms.kind, ms.organisation, t.label, ms.renewal_date, ms.renews_annually
    FROM {membership} ms LEFT JOIN {term} t ON t.id = ms.organisation_term_id
    WHERE ms.owner_id = ANY(%s) AND (
        (ms.renews_annually AND ms.renewal_date <= %s)
        OR (NOT ms.renews_annually AND ms.renewal_date >= %s AND ms.renewal_date <= %s)
    )
    ORDER BY ms.renewal_date, ms.organisation
"""


@register_query("cpd.renewals")
def renewals(owner_ids: Sequence[object], start: dt.date, until: dt.date) -> DueQuery:
    """The next renewal of each membership, from ``start`` to ``until`` plus the notice period:
    a yearly one comes round every year on its date. One query (a doctor has a handful of
    memberships, so the yearly ones are all read and dated here)."""
    horizon = until + dt.timedelta(days=NOTICE_DAYS)
    sql = _RENEWALS_SQL.format(membership=Membership._meta.db_table, term=Term._meta.db_table)
    params = [list(owner_ids), horizon, start, horizon]
    return DueQuery(sql, params, lambda rows: _renewal_items(rows, start, horizon))


def _renewal_items(rows, start: dt.date, horizon: dt.date) -> Iterable[DueItem]:
    kinds = dict(MembershipKind.choices)
    for owner_id, kind, organisation, term_label, renewal_date, annually in rows:
        membership = Membership(renewal_date=renewal_date, renews_annually=annually)
        renewal = membership.next_renewal(start)
        if renewal is None or renewal > horizon:
            continue
        # As ``str(membership)``.
        name = term_label if term_label is not None else organisation
        yield DueItem(
            owner_id=owner_id,
            kind="renewal",
            title=f"Renew: {kinds.get(kind, kind)}, {name}",
            due_on=max(renewal - dt.timedelta(days=NOTICE_DAYS), start),
            url=reverse("cpd:memberships"),
            detail=f"Renewal date {renewal:%d/%m/%Y}",
        )
