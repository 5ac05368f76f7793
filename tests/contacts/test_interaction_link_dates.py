"""Each interaction's date is kept on its links (``InteractionContact.occurred_on``), which the
timeline reads a contact's newest interactions by: every writer of an interaction's people or
date keeps it (issue 22)."""

import datetime as dt
import importlib

import pytest
from django.db import connection

from contacts.interactions import log_interaction, update_interaction
from contacts.merging import merge_contacts
from contacts.models import InteractionContact
from contacts.timeline import timeline
from core.models import Term
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


def link_dates(interaction) -> dict:
    links = InteractionContact.objects.filter(interaction=interaction)
    return dict(links.values_list("contact_id", "occurred_on"))


def test_logging_an_interaction_dates_each_of_its_links(doctor):
    a, b = ContactFactory.create_batch(2, owner=doctor)

    interaction = log_interaction(doctor, [a, b], kind="meal", occurred_on=dt.date(2026, 3, 1))

    assert link_dates(interaction) == {a.pk: dt.date(2026, 3, 1), b.pk: dt.date(2026, 3, 1)}


def test_changing_an_interactions_date_and_people_redates_every_link(doctor):
    a, b = ContactFactory.create_batch(2, owner=doctor)
    interaction = log_interaction(doctor, [a], kind="meal", occurred_on=dt.date(2026, 3, 1))

    update_interaction(
        interaction, contacts=[a, b], kind=interaction.kind, occurred_on=dt.date(2026, 4, 2)
    )

    assert link_dates(interaction) == {a.pk: dt.date(2026, 4, 2), b.pk: dt.date(2026, 4, 2)}


def test_merging_moves_the_duplicates_links_with_their_dates(doctor):
    keep, duplicate, other = ContactFactory.create_batch(3, owner=doctor)
    both = log_interaction(doctor, [keep, duplicate], kind="meal", occurred_on=dt.date(2026, 1, 5))
    theirs = log_interaction(
        doctor, [duplicate, other], kind="call", occurred_on=dt.date(2026, 2, 6)
    )

    merge_contacts(owner=doctor, keep=keep, duplicate=duplicate, take=set())

    assert link_dates(both) == {keep.pk: dt.date(2026, 1, 5)}
    assert link_dates(theirs) == {keep.pk: dt.date(2026, 2, 6), other.pk: dt.date(2026, 2, 6)}


def test_the_migration_dates_the_links_that_were_there_before_it(doctor):
    contact = ContactFactory(owner=doctor)
    interaction = log_interaction(doctor, [contact], kind="meal", occurred_on=dt.date(2026, 3, 1))
    InteractionContact.objects.update(occurred_on=None)
    migration = importlib.import_module("contacts.migrations.0017_interaction_contact_dates")

    with connection.cursor() as cursor:
        cursor.execute(migration.BACKFILL)

    assert link_dates(interaction) == {contact.pk: dt.date(2026, 3, 1)}


def test_the_timeline_lists_interactions_in_their_links_date_order(doctor):
    contact = ContactFactory(owner=doctor)
    kind = Term.objects.get(kind="interaction_kind", code="call")
    days = [dt.date(2026, 5, 1), dt.date(2025, 1, 1), dt.date(2026, 7, 9), dt.date(2026, 1, 2)]
    for day in days:
        log_interaction(doctor, [contact], kind=kind, occurred_on=day)

    entries = timeline(contact, 3)

    assert [e.occurred_on for e in entries] == sorted(days, reverse=True)[:3]
