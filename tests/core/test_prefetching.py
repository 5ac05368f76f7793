"""core.prefetching: a detail page's to-many rows read as JSON arrays in the parent's row give
the same instances as ``prefetch_related`` (and ``select_related`` of ``joined``)."""

import datetime as dt

import pytest
from django.db.models import Prefetch

from contacts.models import Contact, ContactEmail, Position, Tag
from core import prefetching
from tests.factories import (
    ContactEmailFactory,
    ContactFactory,
    PositionFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db


def values(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def test_related_rows_read_in_the_parents_row_are_the_rows_prefetching_reads(doctor):
    contact = ContactFactory(owner=doctor)
    PositionFactory(contact=contact, start_date=dt.date(2020, 2, 1), end_date=dt.date(2022, 1, 1))
    PositionFactory(contact=contact, title="Locum", start_date=None)
    ContactEmailFactory(contact=contact, email="b@example.org", is_primary=False)
    ContactEmailFactory(contact=contact, email="a@example.org")
    contact.tags.add(TagFactory(owner=doctor, name="beta"), TagFactory(owner=doctor, name="Alpha"))
    relations = {
        "positions": Position.objects.current_first(),
        "emails": ContactEmail.objects.all(),
        "tags": Tag.objects.all(),
    }

    read = prefetching.with_related_rows(
        Contact.objects.all(), relations, joined=["organisation"]
    ).get(pk=contact.pk)
    prefetching.attach(read, relations, joined=["organisation"])
    expected = Contact.objects.prefetch_related(
        Prefetch("positions", Position.objects.current_first().select_related("organisation")),
        "emails",
        "tags",
    ).get(pk=contact.pk)

    for name in relations:
        got, want = getattr(read, name).all(), getattr(expected, name).all()
        assert [values(row) for row in got] == [values(row) for row in want], name
    assert [values(p.organisation) for p in read.positions.all()] == [
        values(p.organisation) for p in expected.positions.all()
    ]
