"""Exports: vCard 4.0 that vobject reads and NetMed re-imports as the same contacts; CSV that a
spreadsheet cannot run; both streamed, with a constant number of queries."""

import csv
import io

import pytest
import vobject
from django.urls import reverse

from contacts import exporting
from contacts.importing import parse, service
from contacts.models import Contact, Organisation
from tests import factories


def full_contact(owner, **kwargs):
    contact = factories.ContactFactory(
        owner=owner,
        prefix="A/Prof",
        given_name="Zoë",
        family_name="O'Neil; Smith",
        preferred_name="Zo",
        notes="Line one,\nline two; with \\ backslash",
        birthday_month=3,
        birthday_day=22,
        **kwargs,
    )
    factories.ContactEmailFactory(contact=contact, email="zoe@health.example.org")
    factories.ContactPhoneFactory(contact=contact, number="+61412345678", label="mobile")
    factories.ContactLinkFactory(
        contact=contact, kind="linkedin", url="https://www.linkedin.com/in/zoe-oneil"
    )
    factories.PositionFactory(
        contact=contact,
        organisation=Organisation.objects.get_or_create(owner=owner, name="Royal Hobart Hospital")[
            0
        ],
        title="Director, Emergency",
        department="Emergency",
    )
    return contact


def body(response) -> str:
    return b"".join(response.streaming_content).decode()


def test_vcard_export_parses_with_vobject(doctor, doctor_client):
    full_contact(doctor)
    text = body(doctor_client.get(reverse("contacts:export_vcf")))
    card = next(vobject.readComponents(text))
    assert card.version.value == "4.0"
    assert card.n.value.family == "O'Neil; Smith"
    assert card.email.value == "zoe@health.example.org"
    assert card.title.value == "Director, Emergency"


def test_vcard_export_reimports_into_netmed_as_the_same_contacts(doctor, outsider):
    original = full_contact(doctor)
    text = "".join(exporting.vcards(exporting.exported_contacts(doctor)))
    parsed = parse(text.encode())
    assert parsed.format == "vcard"
    (card,) = parsed.contacts
    assert (card.prefix, card.given_name, card.family_name, card.preferred_name) == (
        "A/Prof",
        "Zoë",
        "O'Neil; Smith",
        "Zo",
    )
    assert card.emails == ["zoe@health.example.org"]
    assert card.phones == [("+61412345678", "mobile")]
    assert (card.organisation, card.department, card.title) == (
        "Royal Hobart Hospital",
        "Emergency",
        "Director, Emergency",
    )
    assert card.links == [("linkedin", "https://www.linkedin.com/in/zoe-oneil")]
    assert card.notes == original.notes
    assert card.birthday == (None, 3, 22)
    # Into the same network: all duplicates. Into another doctor's: the same person again.
    assert service.write_contacts(owner=doctor, contacts=parsed.contacts).duplicates == 1
    service.write_contacts(owner=outsider, contacts=parsed.contacts)
    copy = Contact.objects.for_user(outsider).get()
    assert (copy.full_name, copy.notes) == (original.full_name, original.notes)
    assert copy.positions.get().title == "Director, Emergency"


def test_long_lines_are_folded_at_75_octets_without_splitting_characters():
    line = exporting._fold("NOTE:" + "é" * 100)
    assert all(len(part.encode()) <= 75 for part in line.split("\r\n"))
    assert line.replace("\r\n ", "").rstrip() == "NOTE:" + "é" * 100


def test_single_contact_vcard_download(doctor, doctor_client):
    contact = full_contact(doctor)
    response = doctor_client.get(reverse("contacts:vcard", args=[contact.pk]))
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "FN:A/Prof Zoë O'Neil\\; Smith" in response.content.decode()


def test_csv_export_neutralises_formula_cells(doctor, doctor_client):
    contact = full_contact(doctor)
    contact.given_name = '=HYPERLINK("http://evil")'
    contact.save()
    text = body(doctor_client.get(reverse("contacts:export_csv")))
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:3] == ["Prefix", "Given name", "Family name"]
    assert rows[1][1] == '\'=HYPERLINK("http://evil")'
    header = rows[0]
    assert rows[1][header.index("Phones")] == "+61412345678"  # plain E.164 is left as it is
    assert rows[1][header.index("Birthday")] == "22/03"


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx"])
def test_cells_a_spreadsheet_would_run_are_prefixed(cell):
    assert exporting.neutralise(cell) == "'" + cell


def test_exports_contain_none_of_another_doctors_contacts_nor_the_trash(
    doctor, outsider, outsider_client
):
    full_contact(doctor, city="Secretville")
    factories.ContactFactory(owner=outsider, family_name="Outsiderson")
    trashed = factories.ContactFactory(owner=outsider, family_name="Binned")
    factories.trash(trashed)
    for name in ("contacts:export_vcf", "contacts:export_csv"):
        text = body(outsider_client.get(reverse(name)))
        assert "Outsiderson" in text
        assert "Smith" not in text and "Secretville" not in text
        assert "Binned" not in text


def test_outsider_gets_404_for_another_doctors_contact_vcard(doctor, outsider_client):
    contact = factories.ContactFactory(owner=doctor)
    assert outsider_client.get(reverse("contacts:vcard", args=[contact.pk])).status_code == 404


def test_export_page_counts_contacts_and_has_an_empty_state(doctor, doctor_client):
    assert b"no contacts to export yet" in doctor_client.get(reverse("contacts:export")).content
    full_contact(doctor)
    assert b"1 contact " in doctor_client.get(reverse("contacts:export")).content


def test_export_queries_stay_constant_as_the_network_grows(
    doctor, doctor_client, django_assert_max_num_queries
):
    for total in (3, 30):
        while Contact.objects.for_user(doctor).count() < total:
            full_contact(doctor)
        # session, user, then per chunk: contacts + emails, phones, links, tags, positions
        with django_assert_max_num_queries(8):
            body(doctor_client.get(reverse("contacts:export_vcf")))


def test_single_contact_vcard_carries_the_photo_back_into_an_import(
    doctor, doctor_client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    from pathlib import Path

    card = (Path(__file__).parent / "fixtures" / "card_4_0.vcf").read_bytes()
    service.write_contacts(owner=doctor, contacts=parse(card).contacts)
    contact = Contact.objects.for_user(doctor).get()
    text = doctor_client.get(reverse("contacts:vcard", args=[contact.pk])).content
    (again,) = parse(text).contacts
    assert again.photo == contact.photo.open("rb").read()
    assert again.phones == [("+64215550199", "mobile")]
