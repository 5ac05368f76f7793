"""The contact list's rows as plain values, worked out once per page in Python: the template
then only prints them (a template lookup per attribute and a URL reversal per row cost more
than the page's SQL)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import uuid
from collections.abc import Iterable

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from core.html import printed
from core.paging import counted_page, page_number
from core.reversing import url_pattern
from core.templatetags.ui import avatar

from .models import Contact, display_name
from .search import search_ids_sql


def url_maker(name: str = "contacts:detail"):
    """``reverse(name, args=[pk])`` for many pks (``core.reversing.url_pattern``)."""
    return url_pattern(name).format


# The list's columns (``ContactQuerySet.with_list_columns``) for one page of contacts, in the
# page's order, written out: building and compiling that queryset (three subqueries) and a model
# per row cost ~3 ms of CPU, more than PostgreSQL takes to run it. The current organisation is
# ``PositionQuerySet.current_first``'s first. ``{page}`` is the page's ids (``id``) in order
# (``n``), with the total of all pages (``total``) where it is known: the ids query as an array
# (a list page), or a search's ids numbered and counted (``COUNTED_IDS``). Either way the page
# is one statement. tests/contacts/test_list_page_rows.py holds it to with_list_columns.
PAGE_ROWS_SQL = """
SELECT page.total,
       c.id, c.given_name, c.preferred_name, c.family_name, c.fellowships, c.specialty_other,
       c.closeness, c.last_interaction_at, c.next_due_on,
       (SELECT o.name FROM contacts_position p
          JOIN contacts_organisation o ON o.id = p.organisation_id
         WHERE p.contact_id = c.id
         ORDER BY (p.end_date IS NULL OR p.end_date >= %s) DESC, p.start_date DESC NULLS LAST
         LIMIT 1),
       t.label,
       ARRAY(SELECT g.name FROM contacts_tag g
               JOIN contacts_contact_tags ct ON ct.tag_id = g.id
              WHERE ct.contact_id = c.id
              ORDER BY lower(g.name))
  FROM {page}
  JOIN contacts_contact c ON c.id = page.id
  LEFT JOIN core_term t ON t.id = c.specialty_id
 ORDER BY page.n
"""
# A list page's ids: the ids query, in its order; the total is Paginator's count.
LISTED_IDS = """(SELECT listed.id, listed.n, NULL::bigint
   FROM unnest(ARRAY({ids})) WITH ORDINALITY AS listed (id, n)) AS page (id, n, total)"""
# A search's page of ids, each with its place in the whole order and the number of matches:
# a search reads all its matches to sort them anyway, so counting them costs almost nothing.
COUNTED_IDS = "({ids}) AS page (id, n, total)"
# The owner's living contacts (``for_user(owner).alive()``), in the list's own order (by name,
# as the contact_owner_name_page index holds them): the whole list, or a search and nothing
# else, the commonest pages, written out. Building and compiling their querysets (a count, a
# search's window) cost ~1 ms of CPU a page, a tenth of it. tests/contacts/test_written_pages.py
# holds them to ``list_page``.
LIVING = "FROM contacts_contact WHERE owner_id = %s::bigint AND deleted_at IS NULL"
OWN_ORDER = "ORDER BY lower(family_name), lower(given_name), id"
# The whole list's page of ids with the number of all: one statement, where ``Paginator``
# counted in a second one.
WHOLE_LIST_IDS = f"""(SELECT listed.id, listed.n, (SELECT count(*) {LIVING})
   FROM unnest(ARRAY(SELECT id {LIVING} {OWN_ORDER} LIMIT %s OFFSET %s))
        WITH ORDINALITY AS listed (id, n)) AS page (id, n, total)"""
# A search's page of ids, numbered and counted as ``_counted_rows`` numbers them, among the
# matches of ``contacts.search.search_ids_sql``.
SEARCHED = LIVING + " AND id = ANY({matches})"
SEARCHED_IDS = f"""(SELECT id, row_number() OVER ({OWN_ORDER}), count(*) OVER ()
   {{searched}}
  ORDER BY 2 LIMIT %s OFFSET %s) AS page (id, n, total)"""


@dataclasses.dataclass(slots=True)
class ListedContact:
    """A contact as the list reads it: ``with_list_columns``' columns, without the model."""

    pk: uuid.UUID
    given_name: str
    preferred_name: str
    family_name: str
    fellowships: list[str]
    specialty_other: str
    closeness: int | None
    last_interaction_at: dt.date | None
    next_due_on: dt.date | None
    organisation_name: str | None
    specialty_label: str | None
    tag_names: list[str]

    @property
    def display_name(self) -> str:
        return display_name(self.given_name, self.preferred_name, self.family_name)

    @property
    def post_nominals(self) -> str:
        return " ".join(self.fellowships)


def list_page(contacts: QuerySet, number, per_page: int, *, counted: bool = False) -> Page:
    """Page ``number`` of ``contacts`` (filtered and sorted), its rows ``ListedContact``s: as
    ``core.paging.ids_first_page(contacts, number, per_page, with_list_columns)`` gives it,
    but with the columns read by ``PAGE_ROWS_SQL`` in the statement that picks the page's ids.

    A list page is two statements: ``Paginator``'s count, then the page. A search (``counted``)
    is one: its ids come numbered in the search's order and with their total (``COUNT(*) OVER
    ()``), as ``core.paging.counted_page`` counts; only a page past the end counts on its own
    and shows the last page, as ``Paginator.get_page`` does."""
    ordering = [*(contacts.query.order_by or Contact._meta.ordering), "pk"]
    ids = contacts.order_by(*ordering).select_related(None).prefetch_related(None)
    today = timezone.localdate()
    if counted:
        return counted_page(
            lambda n: _counted_rows(ids, ordering, n, per_page, today),
            ids.count,
            page_number(number),
            per_page,
        )
    head = Paginator(ids.values_list("pk", flat=True), per_page).get_page(number)
    try:
        sql, params = head.object_list.query.sql_with_params()
    except EmptyResultSet:  # an empty list, or filters that can match nothing
        return Page([], head.number, head.paginator)
    rows, _ = _page_rows(LISTED_IDS.format(ids=sql), [today, *params])
    return Page(rows, head.number, head.paginator)


def whole_list_page(owner_id: int, number, per_page: int) -> Page:
    """Page ``number`` of all the owner's living contacts, in the list's own order:
    ``list_page(Contact.objects.for_user(owner).alive(), number, per_page)`` in one statement."""
    return _written_page(
        WHOLE_LIST_IDS, [owner_id, owner_id], f"SELECT count(*) {LIVING}", [owner_id],
        number, per_page,
    )  # fmt: skip


def search_page(owner_id: int, words: list[str], number, per_page: int) -> Page:
    """Page ``number`` of the owner's living contacts that match these words (``search_words``:
    at least one), in the list's own order: ``list_page(Contact.objects.for_user(owner).alive()
    .search(text), number, per_page, counted=True)`` in one statement."""
    matches, params = search_ids_sql(words, owner_id)
    searched = SEARCHED.format(matches=matches)
    return _written_page(
        SEARCHED_IDS.format(searched=searched), [owner_id, *params],
        f"SELECT count(*) {searched}", [owner_id, *params],
        number, per_page,
    )  # fmt: skip


def _written_page(
    ids: str, params: list, count: str, count_params: list, number, per_page: int
) -> Page:
    """Page ``number`` of a written-out page of ids (``ids``: ``PAGE_ROWS_SQL``'s ``{page}``,
    its parameters ``params`` and then the page's LIMIT and OFFSET), counted with the ids; a
    page past the end is counted by ``count`` on its own and shows the last page."""
    today = timezone.localdate()

    def fetch(n: int) -> tuple[list[ListedContact], int]:
        return _page_rows(ids, [today, *params, per_page, (n - 1) * per_page])

    def counted() -> int:
        with connection.cursor() as cursor:
            cursor.execute(count, count_params)
            return cursor.fetchone()[0]

    return counted_page(fetch, counted, page_number(number), per_page)


def _counted_rows(
    ids: QuerySet, ordering: list, number: int, per_page: int, today
) -> tuple[list[ListedContact], int]:
    """Page ``number`` of ``ids``' rows, and the total of all pages."""
    numbered = ids.annotate(
        place=Window(RowNumber(), order_by=ordering), total=Window(Count("pk"))
    ).values_list("pk", "place", "total")[(number - 1) * per_page : number * per_page]
    try:
        sql, params = numbered.query.sql_with_params()
    except EmptyResultSet:  # filters that can match nothing
        return [], 0
    return _page_rows(COUNTED_IDS.format(ids=sql), [today, *params])


def _page_rows(page: str, params: list) -> tuple[list[ListedContact], int]:
    """The page's ``ListedContact``s and the total of all pages (0 where the statement does
    not count them, or has no row to carry it)."""
    with connection.cursor() as cursor:
        cursor.execute(PAGE_ROWS_SQL.format(page=page), params)
        fetched = cursor.fetchall()
    return [ListedContact(*row[1:]) for row in fetched], (fetched[0][0] or 0) if fetched else 0


def list_rows(contacts: Iterable[Contact | ListedContact]) -> list[dict]:
    """One dict per contact with what a row of ``_contact_results.html`` shows (as
    ``Contact.display_name``, ``is_overdue`` and the list's columns would give it)."""
    today = timezone.localdate()
    url = url_maker()
    rows = []
    for contact in contacts:
        last = contact.last_interaction_at
        # Contact.is_overdue with today worked out once: next_due_on holds the whole rule
        # (own cadence, a default one, fading, snoozes), as the overdue filter and dashboard use.
        due = contact.next_due_on
        overdue = due is not None and due < today
        rows.append(
            {
                "pk": contact.pk,
                "url": url(contact.pk),
                "name": contact.display_name,
                "post_nominals": contact.post_nominals,
                "overdue": overdue,
                "organisation": contact.organisation_name or "",
                "specialty": contact.specialty_label or contact.specialty_other,
                "last_contacted": f"{last:%d/%m/%Y}" if last else "never",
                "closeness": contact.closeness or "",
                # format_html_join("", '<span class="tag">{}</span> ', …) without its overhead
                "tags": mark_safe(  # noqa: S308 - each name escaped
                    "".join(f'<span class="tag">{printed(t)}</span> ' for t in contact.tag_names)
                ),
            }
        )
    return rows


# One row of the list's table, as ``{% for row in rows %}`` in _contact_results.html printed it
# (its whitespace included): the loop's lookups, tags and ``{% if %}`` cost ~100 µs a row.
ROW = (
    "\n    <tr>\n"
    '      <td class="cell-pick"><input type="checkbox" name="ids" value="{pk}" id="pick-{pk}"'
    ' aria-label="Select {name}"></td>\n'
    '      <td class="cell-person"><div class="person">{avatar}<div class="person-body">'
    '<a class="person-name" href="{url}">{name}</a>{post_nominals}{overdue}</div></div></td>\n'
    '      <td data-label="Organisation">{organisation}</td>\n'
    '      <td data-label="Specialty">{specialty}</td>\n'
    '      <td data-label="Last contacted">{last_contacted}</td>\n'
    '      <td data-label="Closeness">{closeness}</td>\n'
    '      <td data-label="Tags">{tags}</td>\n'
    "    </tr>\n    "
).format
POST_NOMINALS = ' <span class="post-nominals">{}</span>'.format
OVERDUE = ' <span class="badge badge-warning cadence overdue">overdue</span>'


@functools.lru_cache(maxsize=4096)
def _avatar(name: str) -> str:
    """``{% avatar name size="sm" %}``: the same for a name on every page, so worked out once."""
    return avatar(name, size="sm")


def rows_html(rows: Iterable[dict]) -> SafeString:
    """The table rows of ``list_rows``' dicts, as ``{% for row in rows %}`` printed them, each
    value escaped as ``{{ value }}`` escapes it."""
    out = []
    for row in rows:
        name = row["name"]
        post_nominals = row["post_nominals"]
        out.append(
            ROW(
                pk=printed(row["pk"]),
                name=printed(name),
                avatar=_avatar(name),
                url=printed(row["url"]),
                post_nominals=POST_NOMINALS(printed(post_nominals)) if post_nominals else "",
                overdue=OVERDUE if row["overdue"] else "",
                organisation=printed(row["organisation"]),
                specialty=printed(row["specialty"]),
                last_contacted=printed(row["last_contacted"]),
                closeness=printed(row["closeness"]),
                tags=printed(row["tags"]),
            )
        )
    return mark_safe("".join(out))
