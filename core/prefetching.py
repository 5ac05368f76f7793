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
from django.db.models import OuterRef, QuerySet
from django.db.models.functions import JSONObject

PREFIX = "_rows_"


def _columns(model: type[models.Model], path: str = "") -> dict:
    return {f.attname: f"{path}{f.attname}" for f in model._meta.concrete_fields}


def with_related_rows(
    queryset: QuerySet, relations: dict[str, QuerySet], *, joined: Iterable[str] = ()
) -> QuerySet:
    """``queryset`` with each of ``relations`` (relation name → the related rows to show, in
    their order) as a JSON array column. ``joined`` names a to-one relation of the related rows
    to read with them (as ``select_related``), for every relation that has it."""
    arrays = {}
    for name, rows in relations.items():
        field = queryset.model._meta.get_field(name)
        columns = _columns(rows.model)
        for relation in joined:
            if _has_field(rows.model, relation):
                related = rows.model._meta.get_field(relation).related_model
                columns[relation] = JSONObject(**_columns(related, f"{relation}__"))
        scoped = rows.filter(**{_back(field): OuterRef("pk")})
        arrays[PREFIX + name] = ArraySubquery(scoped.values(row=JSONObject(**columns)))
    return queryset.annotate(**arrays)


def attach(parent: models.Model, names: Iterable[str], *, joined: Iterable[str] = ()) -> None:
    """Turn ``parent``'s JSON arrays (from ``with_related_rows``) into its prefetched rows."""
    cache = parent.__dict__.setdefault("_prefetched_objects_cache", {})
    for name in names:
        manager = getattr(parent, name)
        model = manager.model
        instances = []
        for row in getattr(parent, PREFIX + name):
            instance = _instance(model, row)
            for relation in joined:
                if relation in row and row[relation] is not None:
                    related = model._meta.get_field(relation).related_model
                    instance._state.fields_cache[relation] = _instance(related, row[relation])
            instances.append(instance)
        rows = manager.get_queryset()
        rows._result_cache, rows._prefetch_done = instances, True
        cache[name] = rows  # where prefetch_related keeps it: the accessor's name, here


def _instance(model: type[models.Model], row: dict) -> models.Model:
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
