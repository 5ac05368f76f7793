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
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from contacts.models import Contact, Organisation, Position
from events.models import PersonMet
from mentorship.models import Mentorship

from .models import Collaborator, Introduction, PublicationAuthor

EdgeSource = Callable[[int], list[tuple[str, str, int]]]


def _pairs(sql: str, owner_id: int) -> list[tuple[str, str, int]]:
    """Run an edge query; ids come back as text (cheaper than building UUID objects)."""
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
        GROUP BY 1, 2
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
        GROUP BY 1, 2
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

    Starts from the doctor's own interactions (index on owner) and keeps only those with two or
    more people before pairing them, so the self-join never touches other doctors' rows.
    """
    return _pairs(
        """
        WITH mine AS MATERIALIZED (
            SELECT ic.interaction_id, ic.contact_id
            FROM contacts_interaction i
            JOIN contacts_interaction_contacts ic ON ic.interaction_id = i.id
            WHERE i.owner_id = %(owner)s
        ), shared AS MATERIALIZED (
            SELECT interaction_id, contact_id FROM mine
            WHERE interaction_id IN (
                SELECT interaction_id FROM mine GROUP BY 1 HAVING count(*) > 1
            )
        )
        SELECT a.contact_id::text, b.contact_id::text, count(*)
        FROM shared a
        JOIN shared b ON a.interaction_id = b.interaction_id AND a.contact_id < b.contact_id
        GROUP BY 1, 2
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
        GROUP BY 1, 2
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
    rows = contacts.values_list("pk", "given_name", "family_name", "preferred_name", group_field)
    groups: dict[str, int] = {}
    index: dict[str, int] = {}
    nodes = []
    for pk, given, family, preferred, group in rows.iterator(chunk_size=2000):
        key = str(pk)
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


def _count(queryset, field: str):
    return Coalesce(
        Subquery(
            queryset.filter(**{field: OuterRef("pk")})
            .order_by()
            .values(field)
            .annotate(n=Count("*"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def worked_with_most(user, limit: int = 20):
    """Contacts ranked by shared work: projects, co-authored papers, events where the doctor met
    them, mentorships and introductions. One query; each count is an indexed subquery."""
    introductions = Introduction.objects.for_user(user)
    mentorships = Mentorship.objects.filter(
        Q(owner=user, contact=OuterRef("pk")) | Q(member=user, member_contact=OuterRef("pk"))
    )
    return (
        Contact.objects.for_user(user)
        .alive()
        .annotate(
            project_count=_count(Collaborator.objects.all(), "contact"),
            publication_count=_count(PublicationAuthor.objects.all(), "contact"),
            event_count=_count(PersonMet.objects.filter(owner=user), "contact"),
            mentorship_count=_count_matching(mentorships),
            introduction_count=_count_matching(
                introductions.filter(Q(introducer=OuterRef("pk")) | Q(introduced=OuterRef("pk")))
            ),
        )
        .annotate(
            score=models_sum(
                "project_count",
                "publication_count",
                "event_count",
                "mentorship_count",
                "introduction_count",
            )
        )
        .filter(score__gt=0)
        .select_related("specialty")
        .order_by("-score", "family_name")[:limit]
    )


def _count_matching(queryset):
    """How many rows of ``queryset`` (already filtered on ``OuterRef("pk")``) there are."""
    return Coalesce(
        Subquery(
            queryset.order_by()
            .annotate(one=Value(1))
            .values("one")
            .annotate(n=Count("*"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def models_sum(*fields: str):
    from django.db.models import F

    expression = F(fields[0])
    for field in fields[1:]:
        expression = expression + F(field)
    return expression


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
