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
