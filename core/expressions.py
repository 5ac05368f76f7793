"""Query expressions the ORM lacks."""

from django.db import models


class AnyOf(models.Func):
    """``value = ANY(array)``, as a condition: true where ``value`` is one of ``array``'s elements
    (an exact lookup would bracket ``ANY(…)``).

    With an array worked out by a subquery (``ArraySubquery``, or raw SQL), PostgreSQL computes
    it once, before the rest, and reads its elements by index; with ``IN (subquery)`` it guesses
    how many rows the subquery gives and may join them with a scan of the whole table."""

    template = "%(expressions)s)"
    arg_joiner = " = ANY("
    output_field = models.BooleanField()


def count_of(queryset: models.QuerySet) -> models.Subquery:
    """How many rows ``queryset`` (filtered on an ``OuterRef``) holds, as a subquery: one number
    per outer row, read on the queryset's index. ``COUNT`` written as a plain function, since the
    ``Count`` aggregate would group the subquery and give no row (not 0) where none match."""
    count = models.Func(models.F("pk"), function="COUNT", output_field=models.IntegerField())
    return models.Subquery(queryset.order_by().annotate(n=count).values("n"))
