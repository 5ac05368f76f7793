"""Reads over the doctor's network: who they work with most, workplaces, and the graph.

Edges come from several kinds of shared work. Each kind is one SQL query returning
``(contact_a, contact_b, weight)`` pairs for one owner, registered with its label in
``EDGE_KINDS``: shared projects, co-authored papers, introductions, people met at the same event
(events' "people met") and people seen together at one interaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Max, OuterRef, Subquery, TextField
from django.db.models.functions import Cast

from contacts.models import Contact, Organisation, Position

EdgeSource = Callable[[int], list[tuple[str, str, int]]]


def _pairs(sql: str, owner_id: int) -> list[tuple[str, str, int]]:
    """Run an edge query; ids come back as text (cheaper than building UUID objects). The
    queries group by the uuid columns and cast only the result: hashing text costs more."""
    with connection.cursor() as cursor:
        cursor.execute(sql, {"owner": owner_id})
        return cursor.fetchall()


def shared_project_edges(owner_id: int) -> list[tuple[str, str, int]]:
    """Pairs of contacts on the same project, weighted by how many projects they share."""
    return _pairs(
        """
        SELECT a.contact_id::text, b.contact_id::text, count(*)
        FROM collaboration_collaborator a
        JOIN collaboration_collaborator b
          ON a.project_id = b.project_id AND a.contact_id < b.contact_id
        JOIN collaboration_project p ON p.id = a.project_id
        WHERE p.owner_id = %(owner)s
        GROUP BY a.contact_id, b.contact_id
        """,
        owner_id,
    )


def co_author_edges(owner_id: int) -> list[tuple[str, str, int]]:
    return _pairs(
        """
        SELECT a.contact_id::text, b.contact_id::text, count(*)
        FROM collaboration_publicationauthor a
        JOIN collaboration_publicationauthor b
          ON a.publication_id = b.publication_id AND a.contact_id < b.contact_id
        JOIN collaboration_publication p ON p.id = a.publication_id
        WHERE p.owner_id = %(owner)s
        GROUP BY a.contact_id, b.contact_id
        """,
        owner_id,
    )


def introduction_edges(owner_id: int) -> list[tuple[str, str, int]]:
    return _pairs(
        """
        SELECT least(introducer_id, introduced_id)::text,
               greatest(introducer_id, introduced_id)::text, count(*)
        FROM collaboration_introduction WHERE owner_id = %(owner)s GROUP BY 1, 2
        """,
        owner_id,
    )


def met_together_edges(owner_id: int) -> list[tuple[str, str, int]]:
    """People seen at the same interaction (a conference chat, a group dinner).

    Reads only the doctor's interactions with two or more people (``people_count``, about one
    in ten, from the partial index ``interaction_owner_shared``) and their rows of the through
    table, from its ``(interaction_id, contact_id)`` index in that order, so they group as they
    stream; other doctors' rows and this doctor's one-person interactions are never touched.
    The ``ANY(ARRAY(…))`` form keeps the planner from hashing the whole through table (a join
    on the same ids did, at 1.4M rows). The links are still counted (``HAVING``), so a count
    left one too high by a deleted contact adds no edge. Each interaction's people are paired
    within its own array, so no plan can join every row with every other.
    """
    return _pairs(
        """
        SELECT a::text, b::text, count(*)
        FROM (
            SELECT ic.interaction_id, array_agg(ic.contact_id) AS people
            FROM contacts_interaction_contacts ic
            WHERE ic.interaction_id = ANY(ARRAY(
                SELECT id FROM contacts_interaction
                WHERE owner_id = %(owner)s AND people_count > 1
            ))
            GROUP BY 1
            HAVING count(*) > 1
        ) shared, unnest(shared.people) a, unnest(shared.people) b
        WHERE a < b
        GROUP BY a, b
        """,
        owner_id,
    )


def same_event_edges(owner_id: int) -> list[tuple[str, str, int]]:
    """People the doctor met at the same event (events' "people met"), weighted by events."""
    return _pairs(
        """
        SELECT a.contact_id::text, b.contact_id::text, count(*)
        FROM events_personmet a
        JOIN events_personmet b
          ON a.event_id = b.event_id AND b.owner_id = %(owner)s AND a.contact_id < b.contact_id
        WHERE a.owner_id = %(owner)s
        GROUP BY a.contact_id, b.contact_id
        """,
        owner_id,
    )


# Each kind of edge: its query and how the filters and legend name it.
EDGE_KINDS: dict[str, tuple[EdgeSource, str]] = {
    "project": (shared_project_edges, "Shared projects"),
    "co_author": (co_author_edges, "Co-authors"),
    "introduction": (introduction_edges, "Introductions"),
    "same_event": (same_event_edges, "Met at the same event"),
    "met_together": (met_together_edges, "Met together"),
}
EDGE_SOURCES: dict[str, EdgeSource] = {kind: source for kind, (source, _) in EDGE_KINDS.items()}


@dataclass(frozen=True)
class GraphFilters:
    colour_by: str = "specialty"  # or "organisation"
    edge_kinds: tuple[str, ...] = tuple(EDGE_SOURCES)
    connected_only: bool = True


def graph_data(user, filters: GraphFilters | None = None) -> dict:
    """Nodes and edges for the network picture, compact enough for 2,000 contacts.

    Nodes are ``[index, name, group index, url id]``; edges ``[a, b, kind index, weight]``.
    """
    filters = filters or GraphFilters()
    edges: list[list[int]] = []
    kinds = [k for k in filters.edge_kinds if k in EDGE_SOURCES]
    raw = [
        (kind_index, pair)
        for kind_index, kind in enumerate(kinds)
        for pair in EDGE_SOURCES[kind](user.pk)
    ]
    connected = {pid for _, (a, b, _) in raw for pid in (a, b)}
    # Filtering connected people in Python beats sending thousands of ids back in an IN list.
    contacts = Contact.objects.for_user(user).alive()
    group_field = "specialty__label" if filters.colour_by == "specialty" else "current_org"
    if group_field == "current_org":
        contacts = contacts.annotate(current_org=_current_organisation_name())
    # Ids as text, like the edges' (formatting 10,000 UUID objects costs more than the query).
    rows = contacts.annotate(key=Cast("pk", TextField())).values_list(
        "key", "given_name", "family_name", "preferred_name", group_field
    )
    groups: dict[str, int] = {}
    index: dict[str, int] = {}
    nodes = []
    for key, given, family, preferred, group in rows:
        if filters.connected_only and key not in connected:
            continue
        index[key] = len(nodes)
        group_index = groups.setdefault(group or "Unknown", len(groups))
        nodes.append([index[key], f"{preferred or given} {family}".strip(), group_index, key])
    for kind_index, (a, b, weight) in raw:
        if a in index and b in index:
            edges.append([index[a], index[b], kind_index, weight])
    return {
        "nodes": nodes,
        "edges": edges,
        "groups": list(groups),
        "edge_kinds": kinds,
        "edge_labels": [EDGE_KINDS[kind][1] for kind in kinds],
    }


def _current_organisation_name():
    current = Position.objects.filter(contact=OuterRef("pk"), end_date__isnull=True).order_by(
        "-start_date"
    )
    return Subquery(current.values("organisation__name")[:1])


# Each kind of shared work counted by "who you work with most": one SELECT of contact ids per row
# of that work, each starting from the doctor's own rows (an index on owner), never all contacts.
_SHARED_WORK = """
    SELECT m.contact_id, 1 AS projects, 0 AS papers, 0 AS events, 0 AS mentorships,
           0 AS introductions
    FROM collaboration_collaborator m
    JOIN collaboration_project p ON p.id = m.project_id WHERE p.owner_id = %(owner)s
    UNION ALL
    SELECT a.contact_id, 0, 1, 0, 0, 0
    FROM collaboration_publicationauthor a
    JOIN collaboration_publication p ON p.id = a.publication_id
    WHERE p.owner_id = %(owner)s AND a.contact_id IS NOT NULL
    UNION ALL
    SELECT contact_id, 0, 0, 1, 0, 0 FROM events_personmet WHERE owner_id = %(owner)s
    UNION ALL
    SELECT contact_id, 0, 0, 0, 1, 0 FROM mentorship_mentorship
    WHERE owner_id = %(owner)s AND contact_id IS NOT NULL
    UNION ALL
    SELECT member_contact_id, 0, 0, 0, 1, 0 FROM mentorship_mentorship
    WHERE member_id = %(owner)s AND member_contact_id IS NOT NULL
    UNION ALL
    SELECT introducer_id, 0, 0, 0, 0, 1 FROM collaboration_introduction WHERE owner_id = %(owner)s
    UNION ALL
    SELECT introduced_id, 0, 0, 0, 0, 1 FROM collaboration_introduction WHERE owner_id = %(owner)s
"""

COUNTS = ("project_count", "publication_count", "event_count", "mentorship_count")


def worked_with_most(user, limit: int = 20) -> list[Contact]:
    """Contacts ranked by shared work: projects, co-authored papers, events where the doctor met
    them, mentorships and introductions; each carries its counts and ``score``. Two queries: the
    ranking (over the doctor's own work, not every contact) and the contacts it names."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT w.contact_id, sum(w.projects), sum(w.papers), sum(w.events),
                   sum(w.mentorships), sum(w.introductions), count(*) AS score
            FROM ({_SHARED_WORK}) w
            JOIN contacts_contact c ON c.id = w.contact_id
            WHERE c.owner_id = %(owner)s AND c.deleted_at IS NULL
            GROUP BY w.contact_id, c.family_name
            ORDER BY score DESC, c.family_name, w.contact_id
            LIMIT %(limit)s
            """,
            {"owner": user.pk, "limit": limit},
        )
        ranking = cursor.fetchall()
    contacts = (
        Contact.objects.for_user(user)
        .select_related("specialty")
        .in_bulk([row[0] for row in ranking])
    )
    ranked = []
    for contact_id, *counts, score in ranking:
        contact = contacts[contact_id]
        for name, value in zip((*COUNTS, "introduction_count"), counts, strict=True):
            setattr(contact, name, value)
        contact.score = score
        ranked.append(contact)
    return ranked


def add_contact_summaries(user, organisations) -> None:
    """Set ``contact_count`` and ``last_contacted`` (living contacts only) on each of a page of
    organisations, in one query over that page's positions alone.

    Counting in the page's own query joined every position of every organisation before the
    limit (a seq scan of all doctors' positions); this starts from the page's ids and the
    doctor's contacts (index on owner)."""
    organisations = list(organisations)
    summaries = {
        row["organisation"]: row
        for row in Position.objects.filter(
            organisation__in=[o.pk for o in organisations],
            contact__owner=user,
            contact__deleted_at__isnull=True,
        )
        .order_by()
        .values("organisation")
        .annotate(
            contact_count=Count("contact", distinct=True),
            last_contacted=Max("contact__last_interaction_at"),
        )
    }
    for organisation in organisations:
        summary = summaries.get(organisation.pk, {})
        organisation.contact_count = summary.get("contact_count", 0)
        organisation.last_contacted = summary.get("last_contacted")


def organisation_directory(user, organisation: Organisation) -> dict[str, list[Position]]:
    """The doctor's contacts at one organisation, by department, current positions first."""
    positions = (
        Position.objects.for_user(user)
        .filter(organisation=organisation, contact__deleted_at__isnull=True)
        .current_first()
        .select_related("contact", "contact__specialty")
    )
    departments: dict[str, list[Position]] = defaultdict(list)
    for position in positions:
        departments[position.department or "No department recorded"].append(position)
    return dict(sorted(departments.items()))
