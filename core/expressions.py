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
