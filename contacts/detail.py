"""The contact page's contact, with the parts it shows, in one hand-written statement (issue 22).

The page reads the contact with its specialty, field and career stage, and its positions (with
their organisations), emails, phones, links, tags and relationship kinds. ``core.prefetching``
had made that one query (JSON arrays on the contact's row) where prefetches made seven, but
building and compiling it through the ORM cost 6-7 ms of CPU a request, more than the rest of
the page's reads together. Here the same statement is written once per process from the models'
fields (a field added to a model is read without a change here; the contact is read whole, as
``owned_or_404`` read it); what the ORM gave it, the
orderings of the parts, is written out below, and ``tests/contacts/test_contact_detail_query.py``
holds it to the querysets it replaces (``DETAIL_PARTS``), so a changed ordering fails there.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import uuid

from django.db import connection
from django.http import Http404
from django.utils import timezone

from core import prefetching
from core.models import Term

from .models import Contact, ContactEmail, ContactLink, ContactPhone, Organisation, Position, Tag

# Each part: its model, the rows of this contact in the order the page shows them (``c`` is the
# contact, ``r`` the part's row), and the to-one relations read with each row (``j_<name>``).
_PARTS = {
    "positions": (
        Position,
        "FROM contacts_position r JOIN contacts_organisation j_organisation"
        " ON j_organisation.id = r.organisation_id WHERE r.contact_id = c.id"
        # Position.objects.current_first(): current ones (no end, or ending today or later)
        " ORDER BY (r.end_date IS NULL OR r.end_date >= %(today)s) DESC,"
        " r.start_date DESC NULLS LAST",
        {"organisation": Organisation},
    ),
    "emails": (
        ContactEmail,
        "FROM contacts_contactemail r WHERE r.contact_id = c.id"
        " ORDER BY r.is_primary DESC, r.email ASC",
        {},
    ),
    "phones": (
        ContactPhone,
        "FROM contacts_contactphone r WHERE r.contact_id = c.id"
        " ORDER BY r.is_primary DESC, r.number ASC",
        {},
    ),
    "links": (
        ContactLink,
        "FROM contacts_contactlink r WHERE r.contact_id = c.id ORDER BY r.kind ASC, r.url ASC",
        {},
    ),
    "tags": (
        Tag,
        "FROM contacts_tag r JOIN contacts_contact_tags l ON l.tag_id = r.id"
        " WHERE l.contact_id = c.id ORDER BY lower(r.name) ASC",
        {},
    ),
    "relationship_kinds": (
        Term,
        "FROM core_term r JOIN contacts_contact_relationship_kinds l ON l.term_id = r.id"
        " WHERE l.contact_id = c.id ORDER BY r.kind ASC, r.sort_order ASC, r.label ASC",
        {},
    ),
}
PARTS = list(_PARTS)
# The contact's to-one relations read with it (as ``select_related``).
_TERMS = ["career_stage", "specialty", "specialty_field"]


def _json_object(model, alias: str, nested: dict | None = None) -> str:
    """A JSON object of a row's every column, keyed by attname (what ``prefetching`` reads)."""
    qn = connection.ops.quote_name
    parts = [f"'{f.attname}', {alias}.{qn(f.column)}" for f in model._meta.concrete_fields]
    for name, related in (nested or {}).items():
        parts.append(f"'{name}', {_json_object(related, f'j_{name}')}")
    return f"JSONB_BUILD_OBJECT({', '.join(parts)})"


@functools.cache
def _statement() -> tuple[str, list[str]]:
    """The statement (``%(owner)s``, ``%(pk)s``, ``%(today)s``; ``{alive}``) and the contact's
    columns it reads, in order."""
    qn = connection.ops.quote_name
    fields = Contact._meta.concrete_fields
    columns = [f"c.{qn(f.column)}" for f in fields]
    for name in _TERMS:
        column = qn(Contact._meta.get_field(name).column)
        term = _json_object(Term, "r")
        columns.append(f"(SELECT {term} FROM core_term r WHERE r.id = c.{column})")
    for name, (model, rows, nested) in _PARTS.items():
        columns.append(f"ARRAY(SELECT {_json_object(model, 'r', nested)} {rows}) AS _rows_{name}")
    sql = (
        f"SELECT {', '.join(columns)} FROM contacts_contact c"
        " WHERE c.owner_id = %(owner)s::bigint AND c.id = %(pk)s{alive}"
    )
    return sql, [f.attname for f in fields]


def page_contact(user, pk: uuid.UUID, *, alive: bool = True, today: dt.date | None = None):
    """``user``'s contact ``pk`` (not in the Trash when ``alive``), else 404, with its parts
    attached where ``prefetch_related`` puts them (``contact.emails.all()`` reads no query) and
    its terms where ``select_related`` puts them."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    sql, names = _statement()
    sql = sql.format(alive=" AND c.deleted_at IS NULL" if alive else "")
    today = today or timezone.localdate()
    with connection.cursor() as cursor:
        cursor.execute(sql, {"owner": user.pk, "pk": pk, "today": today})
        row = cursor.fetchone()
    if row is None:
        raise Http404
    values = list(row[: len(names)])
    for i, field in enumerate(Contact._meta.get_field(name) for name in names):
        for converter in field.get_db_converters(connection):
            values[i] = converter(values[i], field.get_col("c"), connection)
    contact = Contact.from_db(connection.alias, names, values)
    # Django reads jsonb as its text (JSONField decodes it): decoded here.
    rest = iter(row[len(names) :])
    for name in _TERMS:
        term = next(rest)
        term = None if term is None else prefetching.instance(Term, json.loads(term))
        contact._state.fields_cache[name] = term
    for name in _PARTS:
        setattr(contact, prefetching.PREFIX + name, [json.loads(part) for part in next(rest)])
    prefetching.attach(contact, _PARTS, joined=["organisation"])
    return contact
