"""An organisation's kept people count and last contact (``contacts.organisation_counts``):
every writer of positions, of a contact's place in the Trash and of interactions keeps them,
and they always equal a recount from scratch."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from contacts import organisation_counts, services
from contacts.importing.base import ParsedContact
from contacts.importing.service import write_contacts
from contacts.interactions import delete_interaction, log_interaction, update_interaction
from contacts.merging import merge_contacts
from contacts.models import Organisation
from core.models import Term
from tests.factories import OrganisationFactory, PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(today) -> dt.date:
    """A day last month, on the test clock, late enough that the 1st to the 3rd come before it."""
    return (today.replace(day=1) - dt.timedelta(days=1)).replace(day=6)


def _kept(organisation) -> tuple[int, dt.date | None]:
    organisation.refresh_from_db()
    return organisation.contact_count, organisation.last_contacted


def _kept_equal_recounted() -> None:
    kept = {
        pk: (count, last)
        for pk, count, last in Organisation.objects.values_list(
            "pk", "contact_count", "last_contacted"
        )
    }
    organisation_counts.refresh_all()
    recounted = {
        pk: (count, last)
        for pk, count, last in Organisation.objects.values_list(
            "pk", "contact_count", "last_contacted"
        )
    }
    assert kept == recounted


def _working_at(organisation, **fields):
    return PositionFactory(contact__owner=organisation.owner, organisation=organisation, **fields)


def test_logging_an_interaction_moves_the_last_contact_of_their_workplaces(doctor, day):
    hospital = OrganisationFactory(owner=doctor)
    contact = _working_at(hospital).contact
    assert _kept(hospital) == (1, None)
    interaction = log_interaction(doctor, [contact], kind="meal", occurred_on=day)
    assert _kept(hospital) == (1, day)
    update_interaction(
        interaction, contacts=[contact], kind=interaction.kind, occurred_on=day.replace(day=1)
    )
    assert _kept(hospital) == (1, day.replace(day=1))
    delete_interaction(interaction)
    assert _kept(hospital) == (1, None)


def test_the_trash_takes_a_contact_out_of_the_counts_and_restoring_puts_them_back(doctor, day):
    hospital = OrganisationFactory(owner=doctor)
    stays, goes = _working_at(hospital).contact, _working_at(hospital).contact
    log_interaction(doctor, [goes], kind="meal", occurred_on=day)
    log_interaction(doctor, [stays], kind="meal", occurred_on=day.replace(day=1))
    services.trash_contacts(owner=doctor, ids=[goes.pk])
    assert _kept(hospital) == (1, day.replace(day=1))
    services.restore_contacts(owner=doctor, ids=[goes.pk])
    assert _kept(hospital) == (2, day)
    services.trash_contacts(owner=doctor, ids=[goes.pk])
    services.delete_forever(owner=doctor, ids=[goes.pk])
    assert _kept(hospital) == (1, day.replace(day=1))


def test_staff_deleting_a_contact_takes_them_out_of_the_counts(doctor):
    hospital = OrganisationFactory(owner=doctor)
    contact = _working_at(hospital).contact
    services.delete_for_staff(contacts=type(contact).objects.filter(pk=contact.pk))
    assert _kept(hospital) == (0, None)


def test_editing_a_contact_counts_a_new_workplace_and_uncounts_the_old_one(doctor_client, doctor):
    old, new = OrganisationFactory(owner=doctor), OrganisationFactory(owner=doctor)
    position = _working_at(old)
    contact = position.contact
    data = {
        f"{prefix}-{key}": value
        for prefix in ("emails", "phones", "links")
        for key, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))
    }
    data.update(
        {
            "given_name": contact.given_name,
            "family_name": contact.family_name,
            "positions-TOTAL_FORMS": "1",
            "positions-INITIAL_FORMS": "1",
            "positions-0-id": str(position.pk),
            "positions-0-organisation": str(new.pk),
            "positions-0-title": position.title,
        }
    )
    response = doctor_client.post(reverse("contacts:edit", args=[contact.pk]), data)
    assert response.status_code == 302
    assert _kept(old) == (0, None) and _kept(new) == (1, None)


def test_adding_a_contact_with_a_workplace_counts_them(doctor):
    services.add_contact(owner=doctor, given_name="Mei", family_name="Chen", organisation="RPA")
    assert _kept(Organisation.objects.get(owner=doctor, name="RPA")) == (1, None)


def test_an_import_counts_its_contacts_at_new_and_existing_workplaces(doctor):
    existing = OrganisationFactory(owner=doctor, name="Westmead Hospital")
    _working_at(existing)
    write_contacts(
        owner=doctor,
        contacts=[
            ParsedContact(
                line=2, given_name="Mei", family_name="Chen", organisation="Westmead Hospital"
            ),
            ParsedContact(line=3, given_name="Tom", family_name="Lee", organisation="RPA"),
        ],
    )
    assert _kept(existing) == (2, None)
    assert _kept(Organisation.objects.get(owner=doctor, name="RPA")) == (1, None)


def test_merging_two_records_at_one_workplace_counts_one_person(doctor, day):
    hospital = OrganisationFactory(owner=doctor)
    keep, duplicate = _working_at(hospital).contact, _working_at(hospital).contact
    log_interaction(doctor, [duplicate], kind="meal", occurred_on=day)
    assert _kept(hospital) == (2, day)
    merge_contacts(owner=doctor, keep=keep, duplicate=duplicate, take=set())
    assert _kept(hospital) == (1, day)


def test_the_kept_counts_equal_a_recount_after_a_sequence_of_writes(doctor, doctor_client, day):
    a, b = OrganisationFactory(owner=doctor), OrganisationFactory(owner=doctor)
    people = [_working_at(a).contact for _ in range(3)] + [_working_at(b).contact]
    PositionFactory(contact=people[0], organisation=b)  # two workplaces
    first = log_interaction(doctor, people[:2], kind="meal", occurred_on=day)
    log_interaction(doctor, [people[3]], kind="call", occurred_on=day.replace(day=2))
    services.trash_contacts(owner=doctor, ids=[people[0].pk])
    update_interaction(
        first,
        contacts=[people[1], people[2]],
        kind=Term.objects.get(kind="interaction_kind", code="meal"),
        occurred_on=day.replace(day=3),
    )
    services.restore_contacts(owner=doctor, ids=[people[0].pk])
    merge_contacts(owner=doctor, keep=people[2], duplicate=people[1], take=set())
    services.add_contact(owner=doctor, given_name="Ann", family_name="Ng", organisation=b.name)
    delete_interaction(first)
    services.trash_contacts(owner=doctor, ids=[people[3].pk])
    services.delete_forever(owner=doctor, ids=[people[3].pk])
    _kept_equal_recounted()


def test_the_recount_command_puts_stale_counts_right(doctor, day):
    hospital = OrganisationFactory(owner=doctor)
    _working_at(hospital)
    Organisation.objects.filter(pk=hospital.pk).update(contact_count=7, last_contacted=day)
    call_command("recount_organisations", stdout=None)
    assert _kept(hospital) == (1, None)


def test_the_workplaces_list_shows_the_kept_counts(doctor_client, doctor, day):
    hospital = OrganisationFactory(owner=doctor, name="Royal North Shore")
    contact = _working_at(hospital).contact
    log_interaction(doctor, [contact], kind="meal", occurred_on=day)
    response = doctor_client.get(reverse("collaboration:organisation_list"))
    (row,) = response.context["page"]
    assert (row.contact_count, row.last_contacted) == (1, day)
