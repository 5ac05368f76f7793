"""Reads over the doctor's network: who they work with most, workplaces, and the graph.

The graph reads its edges from ``NetworkEdge`` (kept by ``collaboration.edges``, one row per pair
and kind): two queries whatever the size of the network, the people shown and the links between
them. A big network is shown by its most connected people (``DEFAULT_LIMIT``), or around one
person (``GraphFilters.focus``) and their closest links.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, F, OuterRef, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from contacts.models import Contact, Organisation, Position, display_name
from core.reversing import url_pattern

from .models import EdgeKind, NetworkNode

# Each kind of edge by the code the filters and the JSON name it with; labels from EdgeKind.
EDGE_KINDS: dict[str, EdgeKind] = {
    "project": EdgeKind.PROJECT,
    "co_author": EdgeKind.CO_AUTHOR,
    "introduction": EdgeKind.INTRODUCTION,
    "same_event": EdgeKind.SAME_EVENT,
    "met_together": EdgeKind.MET_TOGETHER,
}
# How many people the picture shows at most: the most connected, or around the focused person.
# Cytoscape lays out a few hundred nodes in well under a second on a phone; thousands it cannot.
DEFAULT_LIMIT = 250


@dataclass(frozen=True)
class GraphFilters:
    colour_by: str = "specialty"  # or "organisation"
    edge_kinds: tuple[str, ...] = tuple(EDGE_KINDS)
    focus: uuid.UUID | None = None  # one of the doctor's contacts (the view checks ownership)
    limit: int | None = DEFAULT_LIMIT  # None: everyone connected (the list view)


# The people the picture shows: the most connected (the default; counted per contact in
# NetworkNode, read in link order from its index), or the focused person and their neighbours
# by how strongly they are linked. {people} is one of the two below.
_NODES_SQL = """
    WITH shown AS ({people})
    SELECT s.id::text, c.given_name, c.family_name, c.preferred_name, {group}, s.n, s.total
    FROM shown s
    JOIN contacts_contact c ON c.id = s.id AND c.owner_id = %(owner)s AND c.deleted_at IS NULL
    LEFT JOIN core_term t ON t.id = c.specialty_id
    ORDER BY s.rank NULLS FIRST, s.id
"""
# {links}: the node's count of the chosen kinds (``links`` itself for all, so the index serves).
_MOST_CONNECTED = """
    SELECT contact_id AS id, {links} AS n, -{links} AS rank,
           (SELECT count(*) FROM collaboration_networknode
            WHERE owner_id = %(owner)s AND {links} > 0) AS total
    FROM collaboration_networknode
    WHERE owner_id = %(owner)s AND {links} > 0
    ORDER BY {links} DESC, contact_id
    LIMIT %(limit)s
"""
_AROUND_ONE = """
    WITH e AS (
        SELECT CASE WHEN source_id = %(focus)s THEN target_id ELSE source_id END AS other, weight
        FROM collaboration_networkedge
        WHERE owner_id = %(owner)s AND kind = ANY(%(kinds)s)
          AND (source_id = %(focus)s OR target_id = %(focus)s)
    )
    (SELECT %(focus)s::uuid AS id, count(DISTINCT other) AS n,
            count(DISTINCT other) + 1 AS total, NULL::bigint AS rank FROM e)
    UNION ALL
    (SELECT other, sum(weight), NULL, -sum(weight)
     FROM e GROUP BY other ORDER BY sum(weight) DESC, other LIMIT %(limit)s - 1)
"""
_SPECIALTY = "t.label"  # the specialty term, joined
# The current workplace, as ``PositionQuerySet.current_first`` orders positions.
_ORGANISATION = """(
    SELECT o.name FROM contacts_position p
    JOIN contacts_organisation o ON o.id = p.organisation_id
    WHERE p.contact_id = c.id AND p.end_date IS NULL
    ORDER BY p.start_date DESC LIMIT 1)"""
_EDGES_SQL = """
    SELECT source_id::text, target_id::text, kind, weight FROM collaboration_networkedge
    WHERE owner_id = %(owner)s AND kind = ANY(%(kinds)s) {among}
"""
_AMONG = "AND source_id = ANY(%(ids)s) AND target_id = ANY(%(ids)s)"


def graph_data(user, filters: GraphFilters | None = None) -> dict:
    """Nodes and edges for the network picture, in two queries and a compact shape.

    ``nodes``: ``[index, name, group index, contact id, connections]``, most connected first
    (around a focused person: that person first, then by how strongly each is linked to them,
    ``connections`` being the strength of that link). ``edges``: ``[a, b, kind index, weight]``
    by node index. ``groups``, ``edge_kinds`` and ``edge_labels`` are the legends the indexes
    point into. ``total`` is how many people have a link of these kinds (around a focused
    person: they and their neighbours), ``focus`` the focused node's index or ``None``.
    """
    filters = filters or GraphFilters()
    kinds = [k for k in filters.edge_kinds if k in EDGE_KINDS]
    codes = [int(EDGE_KINDS[k]) for k in kinds]
    kind_index = {code: i for i, code in enumerate(codes)}
    limit = filters.limit
    most_connected = _MOST_CONNECTED.format(links=_links_column(codes))
    people = _AROUND_ONE if filters.focus else most_connected
    if limit is None:
        people = people.replace("LIMIT %(limit)s - 1", "").replace("LIMIT %(limit)s", "")
    group = _SPECIALTY if filters.colour_by == "specialty" else _ORGANISATION
    params = {"owner": user.pk, "kinds": codes, "limit": limit, "focus": filters.focus}
    with connection.cursor() as cursor:
        cursor.execute(_NODES_SQL.format(people=people, group=group), params)
        rows = cursor.fetchall()
        ids = [row[0] for row in rows]
        among = "" if limit is None and not filters.focus else _AMONG
        cursor.execute(
            _EDGES_SQL.format(among=among), {**params, "ids": [uuid.UUID(i) for i in ids]}
        )
        links = cursor.fetchall()
    groups: dict[str, int] = {}
    index = {key: i for i, key in enumerate(ids)}
    nodes = [
        [i, f"{preferred or given} {family}".strip(), _group(groups, label), key, n]
        for i, (key, given, family, preferred, label, n, _) in enumerate(rows)
    ]
    edges = [
        [index[a], index[b], kind_index[kind], weight]
        for a, b, kind, weight in links
        if a in index and b in index
    ]
    return {
        "nodes": nodes,
        "edges": edges,
        "groups": list(groups),
        "edge_kinds": kinds,
        "edge_labels": [EDGE_KINDS[kind].label for kind in kinds],
        "total": rows[0][6] if rows else 0,
        "focus": 0 if filters.focus and rows else None,
    }


def best_connected_match(user, text: str) -> uuid.UUID | None:
    """The id of the doctor's living contact a typed name is about (as the person picker matches
    names), the one with the most links when several match; ``None`` when no one does. One
    query."""
    links = NetworkNode.objects.filter(contact=OuterRef("pk")).values("links")
    matches = (
        Contact.objects.for_user(user)
        .named_like(text, owner=user)
        .annotate(link_count=Subquery(links))
        .order_by(F("link_count").desc(nulls_last=True), "family_name", "given_name", "pk")
    )
    return matches.values_list("pk", flat=True).first()


def _links_column(codes: list[int]) -> str:
    """The SQL for a node's count of links of these kinds."""
    if set(codes) == set(EDGE_KINDS.values()):
        return "links"
    return "(" + " + ".join(["0", *(NetworkNode.KIND_COLUMNS[code] for code in codes)]) + ")"


def _group(groups: dict[str, int], label: str | None) -> int:
    """The index of a colour group (a specialty or a workplace), numbered as first seen."""
    return groups.setdefault(label or "Unknown", len(groups))


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


@dataclass(frozen=True, slots=True)
class DirectoryRow:
    """One position on an organisation's page, each cell as the page prints it."""

    url: str
    name: str
    former: bool
    title: str
    specialty: str
    dates: str
    last_contacted: str


# An organisation's page shows each department's first DEPARTMENT_PREVIEW people; "Show more"
# adds DEPARTMENT_STEP at a time, and one department's own pages list that many each. The
# bench-graph doctor's hospital of 200 people in 6 departments then sends 25 kB of HTML, not
# 72 kB (issue 22: every page under 60 kB; docs/performance.md).
DEPARTMENT_PREVIEW = 10
DEPARTMENT_STEP = 50
NO_DEPARTMENT = "No department recorded"


@dataclass(frozen=True)
class Department:
    """One department's section of an organisation's page: its first rows and how many in all."""

    key: str  # Position.department as stored: "" when none was recorded
    rows: list[DirectoryRow]
    total: int

    @property
    def name(self) -> str:
        return self.key or NO_DEPARTMENT

    @property
    def hidden(self) -> int:
        return self.total - len(self.rows)


_DIRECTORY_COLUMNS = (
    "contact_id",
    "contact__given_name",
    "contact__preferred_name",
    "contact__family_name",
    "title",
    "contact__specialty__label",
    "start_date",
    "end_date",
    "contact__last_interaction_at",
)


def _directory_positions(user, organisation: Organisation):
    """The doctor's live contacts' positions at ``organisation`` in ``current_first``'s order,
    then by id (so "Show more" and the pages never skip or repeat anyone)."""
    positions = (
        Position.objects.for_user(user)
        .filter(organisation=organisation, contact__deleted_at__isnull=True)
        .current_first()
    )
    return positions.order_by(*positions.query.order_by, "pk")


def directory_rows(values) -> list[DirectoryRow]:
    """Each position's cells as the page prints them, from ``_DIRECTORY_COLUMNS``' values.

    Read as values and written out here: a large organisation lists hundreds of people, and a
    ``Position`` with its contact and specialty per row, then a URL reversal and five filters
    per row in the template, cost most of the page (docs/performance.md)."""
    today = timezone.localdate()
    url = url_pattern("contacts:detail").format
    return [
        DirectoryRow(
            url=url(pk),
            name=display_name(given, preferred, family),
            former=end is not None and end < today,  # Position.is_current, negated
            title=title or "—",
            specialty=specialty or "—",
            dates=f"{f'{start:%m/%Y}' if start else '?'} – {f'{end:%m/%Y}' if end else 'now'}",
            last_contacted=f"{last:%d/%m/%Y}" if last else "never",
        )
        for pk, given, preferred, family, title, specialty, start, end, last in values
    ]


def organisation_directory(
    user, organisation: Organisation, *, preview: int | None = None
) -> list[Department]:
    """The doctor's contacts at one organisation by department (by name, "no department" among
    them): each department's first ``preview`` positions (``DEPARTMENT_PREVIEW``) and its total,
    in one query."""
    preview = DEPARTMENT_PREVIEW if preview is None else preview
    positions = _directory_positions(user, organisation)
    positions = (
        positions.annotate(
            place=Window(
                RowNumber(), partition_by=[F("department")], order_by=positions.query.order_by
            ),
            in_department=Window(Count("pk"), partition_by=[F("department")]),
        )
        .filter(place__lte=preview)
        .values_list("department", "in_department", *_DIRECTORY_COLUMNS)
    )
    values: dict[str, list[tuple]] = defaultdict(list)
    totals: dict[str, int] = {}
    for department, total, *cells in positions:
        values[department].append(cells)
        totals[department] = total
    departments = [
        Department(key, directory_rows(rows), totals[key]) for key, rows in values.items()
    ]
    return sorted(departments, key=lambda department: department.name)


def department_positions(user, organisation: Organisation, key: str) -> QuerySet:
    """One department's positions (``key`` as stored, "" for none), for "Show more" and its pages:
    values in ``_DIRECTORY_COLUMNS``' order, for ``directory_rows``."""
    return (
        _directory_positions(user, organisation)
        .filter(department=key)
        .values_list(*_DIRECTORY_COLUMNS)
    )


# The contact page's "Projects together" panel (``{% shared_projects %}``) shows this many.
SHOWN_ON_CONTACT = 10


# The projects shared with a contact, newest start first (undated last), then by title: what
# ``Collaborator.objects.filter(contact=…, project__owner_id=…).select_related("project")
# .order_by("-project__start_date", "project__title")`` gives, read without building and
# compiling that queryset on every contact page (issue 22). Only what the panel shows is read.
_SHARED_SQL = """
SELECT c.id, c.role, p.id, p.kind, p.title, p.start_date, p.end_date
  FROM collaboration_collaborator c
  JOIN collaboration_project p ON p.id = c.project_id
 WHERE c.contact_id = %s AND p.owner_id = %s
 ORDER BY p.start_date DESC NULLS FIRST, p.title ASC
 LIMIT %s"""


# The context variable in which a view hands the panel its rows, read with its other statements
# (``shared_projects_statement``): the contact page reads them in its timeline's round trip.
ROWS_IN_CONTEXT = "shared_project_rows"


def shared_projects_statement(contact) -> tuple[str, list]:
    """The panel's statement and parameters, for a view that reads its rows itself (put them in
    the context as ``ROWS_IN_CONTEXT``)."""
    return _SHARED_SQL, [contact.pk, contact.owner_id, SHOWN_ON_CONTACT + 1]
