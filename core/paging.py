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
from django.db.models import QuerySet


def counted_page(
    fetch: Callable[[int], tuple[list, int]], count: Callable[[], int], number: int, per_page: int
) -> Page:
    """Page ``number`` (1 or more), its paginator's count read from the page's own rows.

    ``fetch(number)`` gives that page's rows and the total of all pages that came with them
    (``COUNT(*) OVER ()``); ``count()`` counts on its own, which only a page with no row to
    read the total from needs: then the last page is shown, as ``Paginator.get_page`` does."""
    rows, total = fetch(number)
    paginator = Paginator(rows, per_page)
    if rows or number == 1:
        paginator.count = total  # a cached_property
        return Page(rows, number, paginator)
    paginator.count = count()
    number = paginator.num_pages
    rows = fetch(number)[0] if paginator.count else []
    paginator.object_list = rows
    return Page(rows, number, paginator)


def ids_first_page(
    queryset: QuerySet,
    number: int | str | None,
    per_page: int,
    columns: Callable[[QuerySet], QuerySet],
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

    The ids stay a subquery of the page's one statement (``pk IN (SELECT … LIMIT … OFFSET
    …)``), beside ``Paginator``'s count: two queries, as before.
    """
    ordering = [*(queryset.query.order_by or queryset.model._meta.ordering), "pk"]
    ids = queryset.order_by(*ordering).select_related(None).prefetch_related(None)
    head = Paginator(ids.values_list("pk", flat=True), per_page).get_page(number)
    rows = columns(_rows(queryset).filter(pk__in=head.object_list)).order_by(*ordering)
    return Page(list(rows), head.number, head.paginator)


def _rows(queryset: QuerySet) -> QuerySet:
    """The model's rows with none of ``queryset``'s filters: the ids carry them already."""
    return queryset.model._default_manager.all()


def page_number(number) -> int:
    """A page number from the query string: 1 for anything that is not a number of 1 or more."""
    return whole_number(number, least=1)


def whole_number(value, least: int = 0) -> int:
    """A count or an offset from the query string: ``least`` when it is missing, not a whole
    number, or smaller (a hand-typed address cannot ask for item -5)."""
    try:
        return max(least, int(value))
    except (TypeError, ValueError):
        return least
