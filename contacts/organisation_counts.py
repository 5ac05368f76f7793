"""An organisation's kept summary for the workplaces list: how many of the doctor's living
contacts have (or had) a position there (``Organisation.contact_count``) and the newest of their
"last contacted" dates (``Organisation.last_contacted``).

The one writer of those two columns. Counting on the page meant one aggregate over every position
of the doctor's organisations (13,037 rows for the bench's doctor) per view. Every write that can
change them calls ``refresh`` for the organisations it touched: positions saved or deleted
(``contacts.editing``, the admin, imports, ``add_contact``), contacts moved to or from the Trash or
erased (``contacts.services``), merged (``contacts.merging``) and interactions logged, edited or
deleted (``contacts.interactions``). ``refresh_all`` (``manage.py recount_organisations``)
recomputes every organisation from scratch.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from .models import Position

# Each organisation's living contacts with a position there, counted once however many positions
# they hold, and the newest of their "last contacted" dates. Only the organisation's owner's
# contacts count (as the page always counted).
_SUMMARY = """
    UPDATE contacts_organisation o SET contact_count = s.contacts, last_contacted = s.latest
      FROM (SELECT o2.id,
                   count(DISTINCT c.id) AS contacts,
                   max(c.last_interaction_at) AS latest
              FROM contacts_organisation o2
              LEFT JOIN contacts_position p ON p.organisation_id = o2.id
              LEFT JOIN contacts_contact c
                ON c.id = p.contact_id AND c.owner_id = o2.owner_id AND c.deleted_at IS NULL
             WHERE {where}
             GROUP BY o2.id) s
     WHERE o.id = s.id
       AND (o.contact_count, o.last_contacted) IS DISTINCT FROM (s.contacts, s.latest)
"""


def organisations_of(contact_ids: Iterable[object]) -> set:
    """The organisations where these contacts hold or held a position."""
    ids = list(contact_ids)
    if not ids:
        return set()
    return set(
        Position.objects.filter(contact_id__in=ids)
        .order_by()
        .values_list("organisation_id", flat=True)
        .distinct()
    )


def refresh(organisation_ids: Iterable[object]) -> None:
    """Recompute the kept summary of these organisations."""
    ids = [str(pk) for pk in organisation_ids]
    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(_SUMMARY.format(where="o2.id = ANY(%s::uuid[])"), [ids])


def refresh_for_contacts(contact_ids: Iterable[object], also: Iterable[object] = ()) -> None:
    """After a write to these contacts (their interactions, their place in the Trash, their
    positions): recompute the organisations where they work or worked, and ``also`` those where
    they worked before the write (a position deleted or moved to another organisation)."""
    refresh(organisations_of(contact_ids) | set(also))


def refresh_all(owner_ids: Iterable[int] | None = None) -> None:
    """Recompute every organisation (of these owners): after a bulk load, or to check the kept
    counts (``manage.py recount_organisations``)."""
    with connection.cursor() as cursor:
        if owner_ids is None:
            cursor.execute(_SUMMARY.format(where="TRUE"))
        else:
            cursor.execute(_SUMMARY.format(where="o2.owner_id = ANY(%s)"), [list(owner_ids)])
