"""Pages that cost the same however deep: a search's total with its rows, and the page's ids
before its costly columns.

Django's ``Paginator`` counts in a second statement, so a search runs twice: once for the count
and once for the page. Where the page's plan reads every match anyway (a search: its matches are
sorted by name after the index finds them), ``COUNT(*) OVER ()`` on the page's rows gives the
total for almost nothing. A page past the end has no row to read the total from; only then is it
counted on its own, and the last page shown, as ``Paginator.get_page`` does.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window

TOTAL = "window_total"


def counted_page(queryset: QuerySet, number: int, per_page: int) -> Page:
    """Page ``number`` (1 or more) of ``queryset``, its paginator's count taken from the page's
    own rows."""
    counted = queryset.annotate(**{TOTAL: Window(Count("pk"))})
    rows = list(counted[(number - 1) * per_page : number * per_page])
    paginator = Paginator(rows, per_page)
    paginator.count = getattr(rows[0], TOTAL) if rows else queryset.count()  # cached_property
    if not rows and number > paginator.num_pages:  # past the end: the last page, as get_page does
        number = paginator.num_pages
        rows = list(counted[(number - 1) * per_page : number * per_page]) if paginator.count else []
    return Page(rows, number, paginator)


def ids_first_page(
    queryset: QuerySet,
    number: int | str | None,
    per_page: int,
    columns: Callable[[QuerySet], QuerySet],
    *,
    counted: bool = False,
) -> Page:
    """Page ``number`` of ``queryset``, its rows' costly columns worked out for that page only.

    A list whose columns are per-row subqueries (an organisation's name, tag names) paid them
    for every row an ``OFFSET`` skips: PostgreSQL computes a select list below the ``Limit``
    that discards the skipped rows, so page 50 cost twice page 1. Here the page's ids are chosen
    first, by ``queryset`` narrowed to its primary key (only the sort key is worked out per row,
    so an index on it serves), and ``columns`` (a function adding the list's columns to a
    queryset) runs over those ids only. ``queryset`` should carry only what filters and sorts;
    its ordering, ended by the primary key so that ties cannot cross a page boundary, orders
    the page (a sort on an annotation, such as the contact list's organisation, needs
    ``columns`` to add that annotation too).

    Without ``counted`` the ids stay a subquery of the page's one statement (``pk IN (SELECT …
    LIMIT … OFFSET …)``), beside ``Paginator``'s count: two queries, as before. With ``counted``
    (a search, which reads all its matches anyway) the ids come with their total
    (``COUNT(*) OVER ()``, as ``counted_page``) and the rows in a second statement.
    """
    ordering = [*(queryset.query.order_by or queryset.model._meta.ordering), "pk"]
    ids = queryset.order_by(*ordering).select_related(None).prefetch_related(None)
    if counted:
        head = counted_page(ids.only("pk"), _number(number), per_page)
        picked = [row.pk for row in head.object_list]
        by_id = {row.pk: row for row in columns(_rows(queryset).filter(pk__in=picked))}
        return Page([by_id[pk] for pk in picked if pk in by_id], head.number, head.paginator)
    head = Paginator(ids.values_list("pk", flat=True), per_page).get_page(number)
    rows = columns(_rows(queryset).filter(pk__in=head.object_list)).order_by(*ordering)
    return Page(list(rows), head.number, head.paginator)


def _rows(queryset: QuerySet) -> QuerySet:
    """The model's rows with none of ``queryset``'s filters: the ids carry them already."""
    return queryset.model._default_manager.all()


def _number(number) -> int:
    try:
        return max(1, int(number or 1))
    except (TypeError, ValueError):
        return 1
