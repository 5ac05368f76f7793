"""The network graph's edges, kept in ``NetworkEdge`` by one writer: ``refresh_edges_for``.

Each kind of edge is one SQL query returning ``(owner, contact_a, contact_b, weight)`` with
``contact_a < contact_b``:

- shared project: both are collaborators on one of the doctor's projects (weight: projects);
- co-author: both are linked authors of one of the doctor's publications (weight: papers);
- introduction: one introduced the other, either direction (weight: introductions);
- same event: the doctor marked both as met at one event (events' "people met"; weight: events);
- met together: both are named on one of the doctor's interactions with two or more people
  (``people_count``; weight: interactions). The links are still counted (``HAVING``), so a count
  left one too high by a deleted contact adds no edge.

Both contacts must belong to the doctor and be alive (not in the Trash).

Who calls ``refresh_edges_for(owner_id, contact_ids)``, in the same transaction, after writing:
every writer of those facts names the contacts whose pairs may have changed (a pair changes only
if one of its people's facts did), and every pair touching them is recomputed in full, so the
rows are exact whatever happened before. Writers: ``collaboration.services`` (collaborators,
projects, introductions), ``collaboration.publications.import_references``,
``events.people_met`` and ``events.services.delete_event``, and, through ``contacts.links``
(registered in ``CollaborationConfig.ready``), ``contacts.interactions`` (interactions naming two
or more people), the Trash (``contacts.services``) and merges; the admin of each. Deleting a
contact deletes its rows (``CASCADE``). Bulk writers (demo and bench seeds, the migration that
filled the table) call ``rebuild_edges(owner_ids)`` once.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction

from .models import EdgeKind, NetworkNode


@dataclass(frozen=True)
class _Kind:
    """One kind's query. ``{touching}`` is where a refresh narrows it to what concerns
    ``%(ids)s`` (``touching``, cheap to find from an index on contact), and ``{pair}`` where it
    keeps only pairs with one of them (``pair``: the two columns)."""

    sql: str
    pair: tuple[str, str]
    touching: str = ""

    def query(self, *, narrowed: bool) -> str:
        if not narrowed:
            return self.sql.format(touching="", pair="")
        a, b = self.pair
        return self.sql.format(
            touching=f"AND {self.touching}" if self.touching else "",
            pair=f"AND ({a} = ANY(%(ids)s) OR {b} = ANY(%(ids)s))",
        )


_KINDS: dict[int, _Kind] = {
    EdgeKind.PROJECT: _Kind(
        """
        SELECT p.owner_id, a.contact_id AS a, b.contact_id AS b, count(*) AS weight
        FROM collaboration_collaborator a
        JOIN collaboration_collaborator b
          ON a.project_id = b.project_id AND a.contact_id < b.contact_id
        JOIN collaboration_project p ON p.id = a.project_id
        WHERE p.owner_id = ANY(%(owners)s) {touching} {pair}
        GROUP BY 1, 2, 3
        """,
        pair=("a.contact_id", "b.contact_id"),
        touching="""a.project_id IN (
            SELECT project_id FROM collaboration_collaborator WHERE contact_id = ANY(%(ids)s))""",
    ),
    EdgeKind.CO_AUTHOR: _Kind(
        """
        SELECT p.owner_id, a.contact_id AS a, b.contact_id AS b, count(*) AS weight
        FROM collaboration_publicationauthor a
        JOIN collaboration_publicationauthor b
          ON a.publication_id = b.publication_id AND a.contact_id < b.contact_id
        JOIN collaboration_publication p ON p.id = a.publication_id
        WHERE p.owner_id = ANY(%(owners)s) {touching} {pair}
        GROUP BY 1, 2, 3
        """,
        pair=("a.contact_id", "b.contact_id"),
        touching="""a.publication_id IN (
            SELECT publication_id FROM collaboration_publicationauthor
            WHERE contact_id = ANY(%(ids)s))""",
    ),
    EdgeKind.INTRODUCTION: _Kind(
        """
        SELECT owner_id, least(introducer_id, introduced_id) AS a,
               greatest(introducer_id, introduced_id) AS b, count(*) AS weight
        FROM collaboration_introduction
        WHERE owner_id = ANY(%(owners)s) {touching} {pair}
        GROUP BY 1, 2, 3
        """,
        pair=("introducer_id", "introduced_id"),
    ),
    EdgeKind.SAME_EVENT: _Kind(
        """
        SELECT a.owner_id, a.contact_id AS a, b.contact_id AS b, count(*) AS weight
        FROM events_personmet a
        JOIN events_personmet b
          ON a.event_id = b.event_id AND b.owner_id = a.owner_id AND a.contact_id < b.contact_id
        WHERE a.owner_id = ANY(%(owners)s) {touching} {pair}
        GROUP BY 1, 2, 3
        """,
        pair=("a.contact_id", "b.contact_id"),
        touching="""a.event_id IN (
            SELECT event_id FROM events_personmet WHERE contact_id = ANY(%(ids)s))""",
    ),
    # Each interaction's people are paired within its own array, so no plan can join every row
    # of the through table with every other; ANY(ARRAY(...)) keeps the planner from hashing it.
    EdgeKind.MET_TOGETHER: _Kind(
        """
        SELECT i.owner_id, pa AS a, pb AS b, count(*) AS weight
        FROM (
            SELECT ic.interaction_id, array_agg(ic.contact_id) AS people
            FROM contacts_interaction_contacts ic
            WHERE ic.interaction_id = ANY(ARRAY(
                SELECT id FROM contacts_interaction
                WHERE owner_id = ANY(%(owners)s) AND people_count > 1 {touching}
            ))
            GROUP BY 1
            HAVING count(*) > 1
        ) shared
        JOIN contacts_interaction i ON i.id = shared.interaction_id,
        unnest(shared.people) pa, unnest(shared.people) pb
        WHERE pa < pb {pair}
        GROUP BY 1, 2, 3
        """,
        pair=("pa", "pb"),
        touching="""id IN (
            SELECT interaction_id FROM contacts_interaction_contacts
            WHERE contact_id = ANY(%(ids)s))""",
    ),
}


def _insert_sql(*, touching: bool) -> str:
    """Every kind's edges, between two living contacts of the owner, into the table."""
    kinds = "\nUNION ALL\n".join(
        f"SELECT {int(code)} AS kind, k.* FROM ({kind.query(narrowed=touching)}) k"
        for code, kind in _KINDS.items()
    )
    return f"""
        INSERT INTO collaboration_networkedge (owner_id, source_id, target_id, kind, weight)
        SELECT e.owner_id, e.a, e.b, e.kind, e.weight
        FROM ({kinds}) e
        JOIN contacts_contact ca
          ON ca.id = e.a AND ca.owner_id = e.owner_id AND ca.deleted_at IS NULL
        JOIN contacts_contact cb
          ON cb.id = e.b AND cb.owner_id = e.owner_id AND cb.deleted_at IS NULL
        ON CONFLICT (owner_id, source_id, target_id, kind) DO UPDATE SET weight = EXCLUDED.weight
    """


def _count_links_sql(*, narrowed: bool) -> str:
    """``NetworkNode`` rows (links per kind) for the owners' contacts at either end of an edge;
    ``narrowed``: only for the contacts in ``%(ids)s``."""
    only = "AND {end} = ANY(%(ids)s)" if narrowed else ""
    columns = ", ".join(NetworkNode.KIND_COLUMNS.values())
    counts = ", ".join(
        f"count(*) FILTER (WHERE kind = {int(kind)})" for kind in NetworkNode.KIND_COLUMNS
    )
    ends = " UNION ALL ".join(
        f"""SELECT owner_id, {end} AS id, kind FROM collaboration_networkedge
            WHERE owner_id = ANY(%(owners)s) {only.format(end=end)}"""
        for end in ("source_id", "target_id")
    )
    return f"""
        INSERT INTO collaboration_networknode (owner_id, contact_id, {columns}, links)
        SELECT owner_id, id, {counts}, count(*) FROM ({ends}) ends GROUP BY owner_id, id
    """


def refresh_edges_for(
    owner_id: int, contact_ids: Iterable[object], *, leaving: bool = False
) -> None:
    """Recompute every edge of ``owner_id`` touching these contacts (delete theirs, insert what
    the facts say now), then the link counts of everyone at either end, before or after. Call
    after writing, in the same transaction. ``leaving``: the contacts are about to be deleted,
    so they keep no edge (their neighbours' counts drop now, before their rows cascade away)."""
    ids = sorted({uuid.UUID(str(pk)) for pk in contact_ids})
    if not ids:
        return
    params = {"owner": owner_id, "owners": [owner_id], "ids": ids}
    with connection.cursor() as cursor:
        cursor.execute(
            """DELETE FROM collaboration_networkedge
               WHERE owner_id = %(owner)s
                 AND (source_id = ANY(%(ids)s) OR target_id = ANY(%(ids)s))
               RETURNING source_id, target_id""",
            params,
        )
        ends = {end for row in cursor.fetchall() for end in row}
        if not leaving:
            cursor.execute(_insert_sql(touching=True) + " RETURNING source_id, target_id", params)
            ends.update(end for row in cursor.fetchall() for end in row)
        params["ids"] = sorted(ends.union(ids))
        cursor.execute(
            """DELETE FROM collaboration_networknode
               WHERE owner_id = %(owner)s AND contact_id = ANY(%(ids)s)""",
            params,
        )
        cursor.execute(_count_links_sql(narrowed=True), params)


def forget_edges_for(owner_id: int, contact_ids: Iterable[object]) -> None:
    """Before contacts are deleted for good: drop their edges and recount their neighbours'."""
    refresh_edges_for(owner_id, contact_ids, leaving=True)


def rebuild_edges(owner_ids: Iterable[int] | None = None) -> None:
    """Recompute every edge and link count of these owners (every owner when ``None``): for bulk
    writers (a migration, a seed), in a transaction. A whole database takes longer than the
    web's per-statement limit (``DJANGO_DB_STATEMENT_TIMEOUT``), so the limit is lifted for it."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 0")
        if owner_ids is None:
            cursor.execute("SELECT id FROM accounts_user")
            owners = [row[0] for row in cursor.fetchall()]
        else:
            owners = list(owner_ids)
        if not owners:
            return
        for table in ("collaboration_networknode", "collaboration_networkedge"):
            cursor.execute(
                f"DELETE FROM {table} WHERE owner_id = ANY(%(owners)s)", {"owners": owners}
            )
        cursor.execute(_insert_sql(touching=False), {"owners": owners})
        cursor.execute(_count_links_sql(narrowed=False), {"owners": owners})
        cursor.execute("ANALYZE collaboration_networkedge, collaboration_networknode")
