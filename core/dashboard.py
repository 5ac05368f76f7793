"""The dashboard's picture of network health: four aggregate queries for any network size.

Counts are of ``*`` or ``owner_id`` (where a filter needs a column), never ``id``, so PostgreSQL
answers from the ``contact_owner_health`` and ``interaction_owner_date`` indexes alone
(index-only scans) without reading the tables."""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, Q

from contacts.models import Contact, Interaction, Organisation, Position

TOP = 8
# (label, at least this many days since the last interaction, fewer than this many)
SINCE_BUCKETS = [
    ("Under a month", 0, 30),
    ("1–3 months", 30, 91),
    ("3–6 months", 91, 182),
    ("6–12 months", 182, 365),
    ("Over a year", 365, None),
]


# What each bucket means, for its colour (static/js/dashboard-charts.js reads --nm-chart-<tone>):
# recent and in touch, due for a word, overdue (the warning colours: never green), never.
SINCE_TONES = ["recent", "ok", "due", "overdue", "overdue", "never"]


def _months(today: dt.date, count: int = 12) -> list[dt.date]:
    year, month = today.year, today.month
    months = []
    for _ in range(count):
        months.append(dt.date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months[::-1]


def since_last_interaction(user, today: dt.date) -> dict:
    """Contacts by time since the last interaction (one query)."""
    aggregates = {}
    for index, (_, low, high) in enumerate(SINCE_BUCKETS):
        window = Q(last_interaction_at__lte=today - dt.timedelta(days=low))
        if high is not None:
            window &= Q(last_interaction_at__gt=today - dt.timedelta(days=high))
        aggregates[f"bucket_{index}"] = Count("owner", filter=window)
    aggregates["never"] = Count("owner", filter=Q(last_interaction_at__isnull=True))
    counts = Contact.objects.for_user(user).alive().aggregate(**aggregates)
    values = [counts[f"bucket_{i}"] for i in range(len(SINCE_BUCKETS))] + [counts["never"]]
    return {
        "labels": [label for label, _, _ in SINCE_BUCKETS] + ["Never"],
        "values": values,
        "tones": SINCE_TONES,
    }


def interactions_per_month(user, today: dt.date) -> dict:
    """Interactions in each of the last twelve months, this one included (one query).

    Counted per day in SQL (at most 366 rows, streamed from the (owner, occurred_on) index in
    order) and summed per month here: truncating 60,000 dates to months in SQL cost more than
    reading them."""
    months = _months(today)
    rows = (
        Interaction.objects.for_user(user)
        .filter(occurred_on__gte=months[0], occurred_on__lte=today)
        .values("occurred_on")
        .annotate(n=Count("*"))
        .order_by()
        .values_list("occurred_on", "n")
    )
    counts: dict[dt.date, int] = {}
    for day, n in rows:
        month = day.replace(day=1)
        counts[month] = counts.get(month, 0) + n
    return {
        "labels": [f"{m:%b %Y}" for m in months],
        "values": [counts.get(m, 0) for m in months],
    }


def _top(rows, label_key: str) -> dict:
    rows = list(rows)
    head, tail = rows[:TOP], rows[TOP:]
    labels = [row[label_key] or "Not recorded" for row in head]
    values = [row["n"] for row in head]
    if tail:
        labels.append("Others")
        values.append(sum(row["n"] for row in tail))
    return {"labels": labels, "values": values}


def by_specialty(user) -> dict:
    rows = (
        Contact.objects.for_user(user)
        .alive()
        .values("specialty__label")
        .annotate(n=Count("*"))
        .order_by("-n", "specialty__label")
    )
    return _top(rows, "specialty__label")


# The doctor's living contacts first, as an array (from the covering index), then their
# positions by contact: written as ``IN (subquery)``, PostgreSQL hash-joins every doctor's
# positions instead (2,100 pages read for one doctor of 10,000 contacts among 100 doctors).
_BY_ORGANISATION_SQL = """
    SELECT o.name AS organisation__name, t.n FROM (
        SELECT p.organisation_id, COUNT(DISTINCT p.contact_id) AS n
        FROM {position} p
        WHERE p.contact_id = ANY(ARRAY(
            SELECT c.id FROM {contact} c WHERE c.owner_id = %s AND c.deleted_at IS NULL
        ))
          AND (p.end_date IS NULL OR p.end_date >= %s)
        GROUP BY p.organisation_id
    ) t
    JOIN {organisation} o ON o.id = t.organisation_id
    ORDER BY t.n DESC, o.name
"""


def by_organisation(user, today: dt.date) -> dict:
    """Where contacts work now (current positions), by organisation (one query)."""
    if not getattr(user, "is_authenticated", False):
        return _top([], "organisation__name")
    sql = _BY_ORGANISATION_SQL.format(
        position=Position._meta.db_table,
        contact=Contact._meta.db_table,
        organisation=Organisation._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, today])
        rows = [{"organisation__name": name, "n": n} for name, n in cursor.fetchall()]
    return _top(rows, "organisation__name")


# Health is a picture of months, so a few minutes old is fine: each doctor's is kept this long,
# for the day it was drawn, and dropped sooner when they log an interaction, edit, import, trash,
# restore or merge contacts.
CACHE_SECONDS = 5 * 60


def _cache_key(owner_id) -> str:
    return f"dashboard:health:{owner_id}"


def cached_network_health(user, today: dt.date) -> dict:
    """``network_health`` from the cache when drawn today within ``CACHE_SECONDS``; computed and
    kept otherwise. The cache (Redis) being down just means computing it every time."""
    key = _cache_key(user.pk)
    kept = cache.get(key)
    if kept and kept.get("day") == today.isoformat():
        return kept["health"]
    health = network_health(user, today)
    cache.set(key, {"day": today.isoformat(), "health": health}, timeout=CACHE_SECONDS)
    return health


def forget_network_health(owner_id) -> None:
    """Drop a doctor's cached health after a write: now, and again once the transaction commits
    (a page drawn in between would otherwise keep the old picture)."""
    key = _cache_key(owner_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def network_health(user, today: dt.date) -> dict:
    since = since_last_interaction(user, today)
    health = {
        "total": sum(since["values"]),
        "since": since,
        "per_month": interactions_per_month(user, today),
        "specialties": by_specialty(user),
        "organisations": by_organisation(user, today),
    }
    health["summaries"] = summaries(health)
    return health


def summaries(health: dict) -> dict[str, str]:
    """Each chart in a sentence: its text alternative, shown beside it (docs/design.md)."""
    total = health["total"]
    since = dict(zip(health["since"]["labels"], health["since"]["values"], strict=True))
    recent = since["Under a month"] + since["1–3 months"]
    stale = since["6–12 months"] + since["Over a year"]
    months = health["per_month"]
    interactions = sum(months["values"])
    busiest = max(range(len(months["values"])), key=lambda i: months["values"][i])
    found = {
        "since": f"{recent} of {total} in touch in the last 3 months; {stale} not for over "
        f"6 months; {since['Never']} never.",
        "per_month": f"{interactions} interaction{'s' if interactions != 1 else ''} in 12 months"
        + (
            f"; the busiest was {months['labels'][busiest]} ({months['values'][busiest]})."
            if interactions
            else "."
        ),
    }
    for key, noun in (("specialties", "in"), ("organisations", "at")):
        series = health[key]
        if series["values"]:
            found[key] = f"Most are {noun} {series['labels'][0]}: {series['values'][0]} of {total}."
        else:
            found[key] = "None recorded yet."
    return found
