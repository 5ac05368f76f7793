"""Several hand-written statements sent to PostgreSQL in one round trip (issue 22).

A page that gathers rows from many small sources (the due list, a contact's timeline) pays a
round trip, and with the ORM a compile, per source, although most find nothing. Each source
that can answer in one statement gives its SQL and parameters instead; ``run_together`` binds
them all (``connection.ops.compose_sql``, psycopg's own quoting) and sends them in one
``execute``, reading each statement's rows back with ``nextset``.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection
from django.utils import timezone

Statement = tuple[str, Sequence | dict]


def run_together(statements: Sequence[Statement]) -> list[list[tuple]]:
    """Each statement's rows, in order. One statement runs as itself (server-side parameters);
    several are bound here and sent as one string, so they cost one round trip."""
    if not statements:
        return []
    with connection.cursor() as cursor:
        if len(statements) == 1:
            sql, params = statements[0]
            cursor.execute(sql, params)
            return [cursor.fetchall()]
        compose = connection.ops.compose_sql
        cursor.execute(";\n".join(compose(sql, params) for sql, params in statements))
        results = [cursor.fetchall()]
        while cursor.nextset():
            results.append(cursor.fetchall())
    return results


def current_zone() -> str:
    """The current time zone as ``AT TIME ZONE`` takes it: what Django's date functions
    (``TruncDate``) pass, so ``(column AT TIME ZONE %(zone)s)::date`` is ``TruncDate(column)``
    (a "+10:00"-style name has its sign flipped to PostgreSQL's POSIX reading)."""
    return connection.ops._prepare_tzname_delta(timezone.get_current_timezone_name())
