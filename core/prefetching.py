"""To-many relations read in their parent's own row: one query where ``prefetch_related`` makes
one per relation.

A detail page that shows a contact's emails, phones, links, positions, tags and relationship
kinds paid a query for each (seven with the contact). Here each relation is a JSON array
(``ARRAY(SELECT json_build_object(...) … ORDER BY …)``) on the parent's row, and ``attach``
turns the arrays into model instances where ``prefetch_related`` puts them, so
``contact.emails.all()`` in a template reads them without a query. For one parent (a detail
page), not for lists: a list keeps ``prefetch_related``, whose cost does not grow per row.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import F, Func, JSONField, OuterRef, QuerySet

PREFIX = "_rows_"


def with_related_rows(
    queryset: QuerySet, relations: dict[str, QuerySet], *, joined: Iterable[str] = ()
) -> QuerySet:
    """``queryset`` with each of ``relations`` (relation name → the related rows to show, in
    their order) as a JSON array column. ``joined`` names a to-one relation of the related rows
    to read with them (as ``select_related``), for every relation that has it."""
    arrays = {}
    for name, rows in relations.items():
        field = queryset.model._meta.get_field(name)
        nested = {
            relation: _RowObject(rows.model._meta.get_field(relation).related_model, relation)
            for relation in joined
            if _has_field(rows.model, relation)
        }
        row = _RowObject(rows.model, nested=nested)
        scoped = rows.filter(**{_back(field): OuterRef("pk")})
        arrays[PREFIX + name] = ArraySubquery(scoped.values(row=row))
    return queryset.annotate(**arrays)


class _RowObject(Func):
    """A JSON object of a row's every column, keyed by attname, as
    ``JSONObject(**{attname: F(path + attname), …})`` gives it (``nested``: more keys, each
    another ``_RowObject``). Only one column is resolved, to learn the table's alias; the rest
    are written from the model's fields. A ``JSONObject`` resolved and compiled a key and a
    column per field: most of the contact page's 5-8 ms of building and compiling its query
    (issue 22)."""

    output_field = JSONField()

    def __init__(self, model: type[models.Model], path: str = "", *, nested=None):
        # A column other than the primary key: a foreign key's ``relation__pk`` is read from
        # the row that holds it, without the join to the related table.
        probe = next(f for f in model._meta.concrete_fields if not f.primary_key)
        nested = nested or {}
        super().__init__(F(f"{path}__{probe.attname}" if path else probe.attname), *nested.values())
        self.model, self.probe, self.keys = model, probe, list(nested)

    def as_sql(self, compiler, connection, **extra_context):
        probe, *nested = self.get_source_expressions()
        sql, params = compiler.compile(probe)
        alias = sql[: -len(connection.ops.quote_name(self.probe.column))]  # '"U0".'
        if not alias.endswith(".") or len(self.model._meta.concrete_fields) + len(nested) > 50:
            raise NotImplementedError("expected a table's column, and at most 50 keys")
        parts = [
            f"'{f.attname}', {alias}{connection.ops.quote_name(f.column)}"
            for f in self.model._meta.concrete_fields
        ]
        params = []  # the probe only named the table
        for key, expression in zip(self.keys, nested, strict=True):
            nested_sql, nested_params = compiler.compile(expression)
            parts.append(f"'{key}', {nested_sql}")
            params.extend(nested_params)
        return f"JSONB_BUILD_OBJECT({', '.join(parts)})", params


def attach(parent: models.Model, names: Iterable[str], *, joined: Iterable[str] = ()) -> None:
    """Turn ``parent``'s JSON arrays (from ``with_related_rows``) into its prefetched rows."""
    cache = parent.__dict__.setdefault("_prefetched_objects_cache", {})
    for name in names:
        manager = getattr(parent, name)
        model = manager.model
        instances = []
        for row in getattr(parent, PREFIX + name):
            one = instance(model, row)
            for relation in joined:
                if relation in row and row[relation] is not None:
                    related = model._meta.get_field(relation).related_model
                    one._state.fields_cache[relation] = instance(related, row[relation])
            instances.append(one)
        rows = manager.get_queryset()
        rows._result_cache, rows._prefetch_done = instances, True
        cache[name] = rows  # where prefetch_related keeps it: the accessor's name, here


def instance(model: type[models.Model], row: dict) -> models.Model:
    """A model instance from a row's JSON object (every column, keyed by attname)."""
    fields = model._meta.concrete_fields
    values = [f.to_python(row.get(f.attname)) for f in fields]
    return model.from_db("default", [f.attname for f in fields], values)


def _has_field(model, name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def _back(field) -> str:
    """The lookup from the related rows back to their parent."""
    if field.many_to_many and not field.auto_created:  # a ManyToManyField on the parent
        return field.related_query_name()
    if field.many_to_many:  # the reverse of a ManyToManyField on the related model
        return field.field.name
    return field.field.name  # the reverse of a ForeignKey
