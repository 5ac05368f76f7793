"""Change history on contacts: who changed what and when, on the contact page, for its owner."""

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from contacts import history, services
from contacts.importing import parse
from contacts.importing.service import write_contacts
from contacts.merging import merge_contacts
from contacts.models import Contact, ContactEmail, ContactPhone, Position
from tests.contacts.test_editing import contact_data
from tests.factories import (
    ContactEmailFactory,
    ContactFactory,
    ContactPhoneFactory,
    OrganisationFactory,
    PositionFactory,
    term,
)

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"


def edit(client, contact, **fields):
    contact.refresh_from_db()
    data = contact_data(
        given_name=contact.given_name,
        family_name=contact.family_name,
        version=str(contact.version),
        **fields,
    )
    response = client.post(reverse("contacts:edit", args=[contact.pk]), data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    return response


def history_page(client, contact, page=1):
    response = client.get(reverse("contacts:history", args=[contact.pk]), {"page": page})
    assert response.status_code == 200
    return response


def test_an_edit_is_shown_as_who_changed_which_field_from_what_to_what(doctor_client, doctor):
    org = OrganisationFactory(owner=doctor, name="Westmead Hospital")
    data = contact_data(
        notes="Met at the ward round",
        specialty=term("specialty", "physician").pk,
        **{
            "emails-TOTAL_FORMS": "1",
            "emails-0-email": "mei.chen@health.example.org",
            "positions-TOTAL_FORMS": "1",
            "positions-0-organisation": str(org.pk),
            "positions-0-title": "Registrar",
        },
    )
    assert doctor_client.post(reverse("contacts:create"), data).status_code == 302
    contact = Contact.objects.get(owner=doctor)
    edit(
        doctor_client,
        contact,
        notes="Now a consultant",
        city="Parramatta",
        specialty=contact.specialty_id,
        **{
            "emails-TOTAL_FORMS": "1",
            "emails-INITIAL_FORMS": "1",
            "emails-0-id": str(contact.emails.get().pk),
            "emails-0-email": "mei.chen@health.example.org",
        },
    )

    entries = history.entries(contact)
    changed = entries[0]
    assert (changed.action, changed.what, changed.by_user_id) == ("changed", "Contact", doctor.pk)
    assert {(c.label, c.old, c.new) for c in changed.changes} == {
        ("Notes", "Met at the ward round", "Now a consultant"),
        ("City", "", "Parramatta"),
    }
    created = {(e.action, e.what) for e in entries[1:]}
    assert created == {
        ("created", "Contact"),
        ("added", "Email mei.chen@health.example.org"),
        ("added", "Position Registrar, Westmead Hospital"),
    }
    creation = next(e for e in entries if e.action == "created")
    assert ("Specialty", "", "Physician") in {(c.label, c.old, c.new) for c in creation.changes}

    page = history_page(doctor_client, contact).content.decode()
    assert "Now a consultant" in page and "Met at the ward round" in page
    assert "You" in page and "Email mei.chen@health.example.org" in page


def test_removing_a_phone_and_changing_a_position_are_recorded(doctor_client, doctor):
    contact = ContactFactory(owner=doctor, given_name="Tom", family_name="Ng")
    phone = ContactPhoneFactory(contact=contact, number="+61412000111")
    position = PositionFactory(contact=contact, title="Registrar")
    data = {
        "phones-TOTAL_FORMS": "1",
        "phones-INITIAL_FORMS": "1",
        "phones-0-id": str(phone.pk),
        "phones-0-number": phone.number,
        "phones-0-DELETE": "on",
        "positions-TOTAL_FORMS": "1",
        "positions-INITIAL_FORMS": "1",
        "positions-0-id": str(position.pk),
        "positions-0-organisation": str(position.organisation_id),
        "positions-0-department": position.department,
        "positions-0-title": "Consultant",
        "positions-0-start_date": position.start_date.isoformat(),
    }
    edit(doctor_client, contact, specialty=contact.specialty_id, prefix="Dr", **data)

    entries = {(e.action, e.what): e for e in history.entries(contact)}
    assert ("removed", "Phone +61412000111") in entries
    moved = entries[("changed", f"Position Consultant, Cardiology, {position.organisation}")]
    assert [(c.label, c.old, c.new) for c in moved.changes] == [
        ("Title", "Registrar", "Consultant")
    ]


def test_times_are_shown_in_the_doctors_own_time_zone(doctor_client, doctor):
    doctor.timezone = ZoneInfo("Australia/Perth")
    doctor.save()
    contact = ContactFactory(owner=doctor)
    moment = dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC)  # 07:30 on 2 March in Perth
    Contact.history.filter(id=contact.pk).update(history_date=moment)

    page = history_page(doctor_client, contact).content.decode()
    assert "02/03/2026 07:30" in page


def test_a_long_history_is_paginated(doctor_client, doctor):
    contact = ContactFactory(owner=doctor, city="City 0")
    for n in range(1, 31):
        contact.city = f"City {n}"
        contact.save()

    first = history_page(doctor_client, contact)
    assert len(first.context["page"].object_list) == 25
    assert "City 30" in first.content.decode()
    second = history_page(doctor_client, contact, page=2)
    assert len(second.context["page"].object_list) == 6  # 5 edits and the creation
    assert "created" in second.content.decode()


def test_another_doctor_gets_404_for_the_history(outsider_client, doctor):
    contact = ContactFactory(owner=doctor)
    response = outsider_client.get(reverse("contacts:history", args=[contact.pk]))
    assert response.status_code == 404


def test_trash_and_restore_are_recorded_with_a_reason(doctor):
    contact = ContactFactory(owner=doctor)
    services.trash_contacts(owner=doctor, ids=[contact.pk])
    services.restore_contacts(owner=doctor, ids=[contact.pk])

    reasons = [(e.action, e.reason, e.by_user_id) for e in history.entries(contact)][:2]
    assert reasons == [
        ("changed", "Restored from the Trash", doctor.pk),
        ("changed", "Moved to the Trash", doctor.pk),
    ]


def test_a_merge_says_merged_from_on_the_kept_contact_and_merged_into_on_the_other(doctor):
    keep = ContactFactory(owner=doctor, given_name="Mei", family_name="Chen", city="")
    other = ContactFactory(owner=doctor, given_name="Mei", family_name="Chen-Li", city="Sydney")

    merge_contacts(owner=doctor, keep=keep, duplicate=other, take={"city"})

    merged = history.entries(keep)[0]
    assert merged.reason == "Merged from Mei Chen-Li"
    assert ("City", "", "Sydney") in {(c.label, c.old, c.new) for c in merged.changes}
    assert history.entries(other)[0].reason == "Merged into Mei Chen"


def test_deleting_a_contact_for_good_deletes_its_history_too(doctor):
    contact = ContactFactory(owner=doctor, notes="Private remark")
    ContactEmailFactory(contact=contact)
    PositionFactory(contact=contact)
    kept = ContactFactory(owner=doctor)
    services.trash_contacts(owner=doctor, ids=[contact.pk])

    services.delete_forever(owner=doctor, ids=[contact.pk])

    assert not Contact.history.filter(id=contact.pk).exists()
    assert not ContactEmail.history.filter(contact_id=contact.pk).exists()
    assert not Position.history.filter(contact_id=contact.pk).exists()
    assert Contact.history.filter(id=kept.pk).exists()


def test_an_import_records_one_history_entry_per_contact_not_one_per_part(doctor):
    parsed = parse((FIXTURES / "cards_mixed.vcf").read_bytes()).contacts
    summary = write_contacts(owner=doctor, contacts=parsed, source="vcard")

    assert summary.created == 2
    rows = Contact.history.filter(owner=doctor)
    assert rows.count() == 2
    assert {r.history_change_reason for r in rows} == {"Imported from vCard"}
    assert not ContactEmail.history.filter(contact_id__in=summary.contact_ids).exists()
    entry = history.entries(Contact.objects.get(pk=summary.contact_ids[0]))[0]
    assert (entry.action, entry.reason, entry.by_user_id) == (
        "created",
        "Imported from vCard",
        doctor.pk,
    )


def test_setting_a_cadence_in_bulk_is_recorded(doctor):
    from contacts import bulk

    contact = ContactFactory(owner=doctor)
    bulk.set_cadence(owner=doctor, ids=[contact.pk], days=90)

    entry = history.entries(contact)[0]
    assert entry.reason == "Keep-in-touch set for several contacts"
    assert [(c.old, c.new) for c in entry.changes] == [("", "90")]


def test_a_save_that_changes_nothing_shown_adds_no_entry(doctor):
    contact = ContactFactory(owner=doctor)
    contact.save()
    assert [e.action for e in history.entries(contact)] == ["created"]
    assert ContactPhone.history.count() == 0


def test_the_history_page_costs_the_same_queries_however_long_the_history(doctor_client, doctor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for(contact) -> int:
        with CaptureQueriesContext(connection) as captured:
            history_page(doctor_client, contact)
        return len(captured)

    short = ContactFactory(owner=doctor)
    PositionFactory(contact=short)
    long = ContactFactory(owner=doctor)
    for n in range(20):
        long.city = f"City {n}"
        long.save()
        PositionFactory(contact=long)
    assert queries_for(long) == queries_for(short)


def test_the_history_pages_ids_first_and_each_page_holds_what_the_whole_history_holds(doctor):
    """Every page picks its snapshot rows (and the rows they follow) before comparing any, so
    deep pages cost what page 1 does; paged or whole, the entries are the same."""
    from django.core.paginator import Paginator
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    contact = ContactFactory(owner=doctor, city="City 0")
    positions = [PositionFactory(contact=contact, title=f"Registrar {n}") for n in range(3)]
    for n in range(1, 31):
        contact.city = f"City {n}"
        contact.save()
        position = positions[n % 3]
        position.title = f"Fellow {n}"
        position.save()

    whole = history.entries(contact)
    paginator = Paginator(history.HistoryChanges(contact), 25)
    assert paginator.count == len(whole) == 1 + 30 + 3 + 30
    paged = []
    for number in paginator.page_range:
        with CaptureQueriesContext(connection) as captured:
            paged.extend(paginator.page(number).object_list)
        snapshots = [q["sql"] for q in captured if 'history_id" IN' in q["sql"]]
        assert 1 <= len(snapshots) <= 2  # the contact's rows and the positions' rows on this page
    assert [(e.when, e.what, e.changes) for e in paged] == [
        (e.when, e.what, e.changes) for e in whole
    ]
