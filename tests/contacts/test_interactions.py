import datetime as dt

import pytest

from contacts.interactions import log_interaction, refresh_last_interaction
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


def test_logging_an_interaction_moves_last_contacted_forward_for_every_contact(doctor):
    first, second = ContactFactory.create_batch(2, owner=doctor)
    log_interaction(doctor, [first, second], kind="meal", occurred_on=dt.date(2026, 3, 1))

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.last_interaction_at == second.last_interaction_at == dt.date(2026, 3, 1)


def test_an_older_interaction_does_not_move_last_contacted_back(doctor):
    contact = ContactFactory(owner=doctor)
    log_interaction(doctor, [contact], kind="call", occurred_on=dt.date(2026, 5, 1))
    log_interaction(doctor, [contact], kind="email", occurred_on=dt.date(2025, 1, 1))

    contact.refresh_from_db()
    assert contact.last_interaction_at == dt.date(2026, 5, 1)


def test_an_interaction_may_not_name_another_doctors_contact(doctor, outsider):
    theirs = ContactFactory(owner=outsider)
    with pytest.raises(PermissionError):
        log_interaction(doctor, [theirs], kind="call")


def test_refreshing_recomputes_last_contacted_from_the_remaining_interactions(doctor):
    contact = ContactFactory(owner=doctor)
    kept = log_interaction(doctor, [contact], kind="call", occurred_on=dt.date(2026, 1, 1))
    dropped = log_interaction(doctor, [contact], kind="call", occurred_on=dt.date(2026, 6, 1))
    dropped.delete()
    refresh_last_interaction([contact.pk])

    contact.refresh_from_db()
    assert contact.last_interaction_at == kept.occurred_on


def test_an_interaction_keeps_how_many_people_it_names_through_edits_and_merges(doctor):
    from contacts.interactions import update_interaction
    from contacts.merging import merge_contacts

    a, b, c = (ContactFactory(owner=doctor) for _ in range(3))
    interaction = log_interaction(doctor, [a, b, c], kind="meal")
    interaction.refresh_from_db()
    assert interaction.people_count == 3

    update_interaction(
        interaction, contacts=[a, b], kind=interaction.kind, occurred_on=interaction.occurred_on
    )
    interaction.refresh_from_db()
    assert interaction.people_count == 2

    merge_contacts(owner=doctor, keep=a, duplicate=b, take=set())  # b was a duplicate of a
    interaction.refresh_from_db()
    assert interaction.people_count == 1
