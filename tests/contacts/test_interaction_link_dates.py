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


def test_logging_an_interaction_dates_each_of_its_links(doctor, today):
    a, b = ContactFactory.create_batch(2, owner=doctor)

    interaction = log_interaction(
        doctor, [a, b], kind="meal", occurred_on=today - dt.timedelta(days=70)
    )

    assert link_dates(interaction) == {
        a.pk: today - dt.timedelta(days=70),
        b.pk: today - dt.timedelta(days=70),
    }


def test_changing_an_interactions_date_and_people_redates_every_link(doctor, today):
    a, b = ContactFactory.create_batch(2, owner=doctor)
    interaction = log_interaction(
        doctor, [a], kind="meal", occurred_on=today - dt.timedelta(days=70)
    )

    update_interaction(
        interaction,
        contacts=[a, b],
        kind=interaction.kind,
        occurred_on=today - dt.timedelta(days=40),
    )

    assert link_dates(interaction) == {
        a.pk: today - dt.timedelta(days=40),
        b.pk: today - dt.timedelta(days=40),
    }


def test_merging_moves_the_duplicates_links_with_their_dates(doctor, today):
    keep, duplicate, other = ContactFactory.create_batch(3, owner=doctor)
    both = log_interaction(
        doctor, [keep, duplicate], kind="meal", occurred_on=today - dt.timedelta(days=120)
    )
    theirs = log_interaction(
        doctor, [duplicate, other], kind="call", occurred_on=today - dt.timedelta(days=90)
    )

    merge_contacts(owner=doctor, keep=keep, duplicate=duplicate, take=set())

    assert link_dates(both) == {keep.pk: today - dt.timedelta(days=120)}
    assert link_dates(theirs) == {
        keep.pk: today - dt.timedelta(days=90),
        other.pk: today - dt.timedelta(days=90),
    }


def test_the_migration_dates_the_links_that_were_there_before_it(doctor, today):
    contact = ContactFactory(owner=doctor)
    interaction = log_interaction(
        doctor, [contact], kind="meal", occurred_on=today - dt.timedelta(days=70)
    )
    InteractionContact.objects.update(occurred_on=None)
    migration = importlib.import_module("contacts.migrations.0017_interaction_contact_dates")

    with connection.cursor() as cursor:
        cursor.execute(migration.BACKFILL)

    assert link_dates(interaction) == {contact.pk: today - dt.timedelta(days=70)}


def test_the_timeline_lists_interactions_in_their_links_date_order(doctor, today):
    contact = ContactFactory(owner=doctor)
    kind = Term.objects.get(kind="interaction_kind", code="call")
    days = [
        today - dt.timedelta(days=30),
        today - dt.timedelta(days=500),
        today - dt.timedelta(days=2),
        today - dt.timedelta(days=130),
    ]
    for day in days:
        log_interaction(doctor, [contact], kind=kind, occurred_on=day)

    entries = timeline(contact, 3)

    assert [e.occurred_on for e in entries] == sorted(days, reverse=True)[:3]
