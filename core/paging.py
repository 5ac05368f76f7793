"""A page of a query whose total comes with its rows, in one statement.

Django's ``Paginator`` counts in a second statement, so a search runs twice: once for the count
and once for the page. Where the page's plan reads every match anyway (a search: its matches are
sorted by name after the index finds them), ``COUNT(*) OVER ()`` on the page's rows gives the
total for almost nothing. A page past the end has no row to read the total from; only then is it
counted on its own, and the last page shown, as ``Paginator.get_page`` does.
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window

TOTAL = "window_total"


def counted_page(queryset: QuerySet, number: object, per_page: int) -> Page:
    """The page ``number`` (any value a query string gives; bad ones mean page 1) of
    ``queryset``, its paginator's count taken from the page's own rows."""
    try:
        number = max(1, int(number))
    except (TypeError, ValueError):
        number = 1
    counted = queryset.annotate(**{TOTAL: Window(Count("pk"))})
    start = (number - 1) * per_page
    rows = list(counted[start : start + per_page])
    if rows:
        total = getattr(rows[0], TOTAL)
    else:
        total = queryset.count()
        last = max(1, -(-total // per_page))
        if number > last:  # past the end: the last page, as Paginator.get_page does
            number = last
            start = (number - 1) * per_page
            rows = list(counted[start : start + per_page]) if total else []
    paginator = Paginator(rows, per_page)
    paginator.count = total  # a cached_property: set here, never computed from ``rows``
    return Page(rows, number, paginator)
