"""A contact's change history: who changed what, and when, on the contact and its parts.

``django-simple-history`` keeps a snapshot row for every save of a contact, email, phone, link or
position (``Model.history``), with the signed-in user (its request middleware) and an optional
reason. Writers that change contacts without ``save()`` (the Trash, bulk edits, imports, which
use ``update()`` and ``bulk_create()`` for speed) call ``record`` with one reason instead, so an
import of 5,000 contacts writes 5,000 history rows, not one per field. ``forget`` removes a
contact's history when the contact itself is deleted for good: deleted notes must not live on in
the history. ``entries`` turns the snapshots into what the contact's History page shows.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, models
from django.utils import timezone
from django.utils.formats import date_format
from django_countries import countries
from django_countries.fields import CountryField

from core.models import Term

from .models import Contact, ContactEmail, ContactLink, ContactPhone, Organisation, Position

PARTS: dict[type[models.Model], str] = {
    ContactEmail: "Email",
    ContactPhone: "Phone",
    ContactLink: "Link",
    Position: "Position",
}
REASON_LENGTH = 100  # simple-history's change reason column
NOT_SHOWN = {"id", "owner", "contact"}


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    when: dt.datetime
    by_user_id: int | None
    action: str  # "created", "changed", "removed"
    what: str  # "Contact", "Email a@example.org", ...
    reason: str = ""
    changes: list[Change] = field(default_factory=list)


def record(
    contact_ids: Iterable[uuid.UUID], *, reason: str, user=None, created: bool = False
) -> None:
    """One history row per contact, a snapshot of its saved state, for a change made without
    ``save()`` (in bulk). One ``INSERT … SELECT``: no model instances, so an import of 10,000
    contacts pays a few milliseconds for it, not seconds."""
    ids = list(contact_ids)
    if not ids or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    table = Contact.history.model._meta.db_table
    columns = ", ".join(connection.ops.quote_name(f.column) for f in _tracked(Contact))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}, history_date, history_user_id,"
            " history_change_reason, history_type)"
            f" SELECT {columns}, %s, %s, %s, %s FROM {Contact._meta.db_table}"
            " WHERE id = ANY(%s)",
            [
                timezone.now(),
                getattr(user, "pk", None),
                reason[:REASON_LENGTH],
                "+" if created else "~",
                ids,
            ],
        )


def forget(contact_ids: Iterable[uuid.UUID]) -> None:
    """Delete the history of these contacts and their parts (they are being deleted for good)."""
    ids = list(contact_ids)
    Contact.history.filter(id__in=ids).delete()
    for part in PARTS:
        part.history.filter(contact_id__in=ids).delete()


def forget_owner(owner_id: int) -> None:
    """Delete every history row of one doctor's contacts (their account is being deleted)."""
    ids = Contact.history.filter(owner_id=owner_id).values("id")
    for part in PARTS:
        part.history.filter(contact_id__in=ids).delete()
    Contact.history.filter(owner_id=owner_id).delete()


def entries(contact: Contact) -> list[Entry]:
    """The contact's whole history, newest first: one entry per saved change that shows
    something (the History page shows it a page at a time, ``HistoryChanges``)."""
    return HistoryChanges(contact)[0:None]


class HistoryChanges:
    """A contact's saved changes, newest first, as a sequence Django's ``Paginator`` pages
    ids-first: ``count()`` counts the snapshot rows, and a slice picks that page's rows (with the
    row each one follows, by a window in the same statement) before any snapshot is loaded or
    compared, so page 40 of a long history costs what page 1 costs. A snapshot that changed
    nothing shown is left off its page."""

    def __init__(self, contact: Contact):
        self.contact = contact
        self.tables = [Contact, *PARTS]

    def _changes_sql(self) -> tuple[str, list]:
        selects, params = [], []
        for position, model in enumerate(self.tables):
            key = "id" if model is Contact else "contact_id"
            selects.append(
                f"SELECT history_date, {position} AS tbl, history_id, LAG(history_id) OVER"
                " (PARTITION BY id ORDER BY history_date, history_id) AS previous"
                f" FROM {model.history.model._meta.db_table} WHERE {key} = %s"
            )
            params.append(self.contact.pk)
        return " UNION ALL ".join(selects), params

    def count(self) -> int:
        sql, params = self._changes_sql()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({sql}) AS changes", params)
            return cursor.fetchone()[0]

    def __getitem__(self, window: slice) -> list[Entry]:
        """The entries of ``window``'s snapshot rows (``[start:None]``: to the end)."""
        start = window.start or 0
        size = None if window.stop is None else window.stop - start
        sql, params = self._changes_sql()
        with connection.cursor() as cursor:
            # Ties in time keep ``entries``' order: the contact's rows before its parts'.
            cursor.execute(
                f"SELECT tbl, history_id, previous FROM ({sql}) AS changes"
                " ORDER BY history_date DESC, tbl, history_id LIMIT %s OFFSET %s",
                [*params, size, start],  # LIMIT NULL: no limit
            )
            rows = cursor.fetchall()
        wanted: dict[int, set[int]] = defaultdict(set)
        for table, history_id, previous in rows:
            wanted[table].update(i for i in (history_id, previous) if i is not None)
        records = {
            (table, record.history_id): record
            for table, ids in wanted.items()
            for record in self.tables[table].history.filter(history_id__in=ids)
        }
        labels = _labels(records.values())
        found = []
        for table, history_id, previous in rows:
            entry = _entry(
                self.tables[table],
                records[table, history_id],
                records.get((table, previous)),
                labels,
            )
            if entry is not None:
                found.append(entry)
        return found


def _tracked(model: type[models.Model]) -> list[models.Field]:
    return model.history.model.tracked_fields


def _fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in _tracked(model) if f.name not in NOT_SHOWN]


def _entry(model, record, before, labels) -> Entry | None:
    fields = _fields(model)
    kind = record.history_type
    what = "Contact" if model is Contact else f"{PARTS[model]} {_summary(model, record, labels)}"
    reason = record.history_change_reason or ""
    if kind == "+":
        action = "created" if model is Contact else "added"
        changes = [
            Change(_label(f), "", _show(f, record, labels)) for f in fields if _raw(f, record)
        ]
    elif kind == "-":
        action, changes = "removed", []
    else:
        action = "changed"
        changes = (
            [
                Change(_label(f), _show(f, before, labels), _show(f, record, labels))
                for f in fields
                if _raw(f, before) != _raw(f, record)
            ]
            if before is not None
            else []
        )
        if not changes and not reason:
            return None  # saved without changing anything shown
    return Entry(record.history_date, record.history_user_id, action, what, reason, changes)


def _summary(model, record, labels) -> str:
    if model is ContactEmail:
        return record.email
    if model is ContactPhone:
        return record.number
    if model is ContactLink:
        return record.url
    organisation = labels[Organisation].get(record.organisation_id, "")
    return ", ".join(p for p in [record.title, record.department, organisation] if p)


def _label(f: models.Field) -> str:
    text = str(f.verbose_name)
    return text[:1].upper() + text[1:]


def _raw(f: models.Field, record):
    value = record.__dict__.get(f.attname)
    return value.code if hasattr(value, "code") else value


def _show(f: models.Field, record, labels) -> str:
    value = _raw(f, record)
    if value in (None, "", []):
        return ""
    if f.is_relation:
        return labels[f.related_model].get(value, "(removed)")
    if isinstance(f, CountryField):
        return str(countries.name(value)) or value
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.BooleanField):
        return "yes" if value else "no"
    if isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField):
        return date_format(value, "d/m/Y")
    if isinstance(f, models.FileField):
        return "a photo"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _labels(records) -> dict[type[models.Model], dict]:
    """Names for the foreign keys the records hold (terms and organisations), two queries."""
    wanted: dict[type[models.Model], set] = defaultdict(set)
    for record in records:
        for f in record.tracked_fields:
            value = record.__dict__.get(f.attname)
            if f.is_relation and f.name not in NOT_SHOWN and value is not None:
                wanted[f.related_model].add(value)
    labels: dict[type[models.Model], dict] = defaultdict(dict)
    for model, ids in wanted.items():
        if model in (Term, Organisation):
            name = "label" if model is Term else "name"
            labels[model] = dict(model.objects.filter(pk__in=ids).values_list("pk", name))
    return labels
