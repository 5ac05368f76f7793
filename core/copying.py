"""Writing many rows at once with PostgreSQL ``COPY`` (psycopg 3): no SQL to build or parse per
row, no model instances. For bulk loads (imports, the benchmark seed); the rows bypass
``save()`` and signals, like ``bulk_create``, so the caller keeps what those would have kept.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection


def copy_rows(model, attnames: list[str], rows: Iterable[tuple]) -> int:
    """COPY ``rows`` (tuples in ``attnames`` order) into ``model``'s table; returns the count.

    Concrete fields not named are filled with their Django default (computed once), so a field a
    feature adds later does not break the caller; a NOT NULL field with no default is an error.
    """
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    columns = [by_attname[a].column for a in attnames]
    constants = []
    for field in model._meta.concrete_fields:
        if field.attname in attnames or getattr(field, "generated", False) or field.db_returning:
            continue  # given, computed by PostgreSQL, or an identity column
        if field.has_default():
            constants.append(
                (field.column, field.get_db_prep_save(field.get_default(), connection))
            )
        elif field.null or getattr(field, "has_db_default", lambda: False)():
            continue
        elif field.empty_strings_allowed:  # text, file and image fields store ""
            constants.append((field.column, ""))
        else:
            raise ValueError(f"{model._meta.db_table}.{field.column} needs a value")
    columns += [c for c, _ in constants]
    extra = tuple(v for _, v in constants)
    quoted = ", ".join(f'"{c}"' for c in columns)
    count = 0
    sql = f'COPY "{model._meta.db_table}" ({quoted}) FROM STDIN'
    with connection.cursor() as django_cursor, django_cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row + extra if extra else row)
            count += 1
    return count
