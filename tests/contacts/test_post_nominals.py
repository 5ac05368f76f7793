"""College fellowships, shown after a contact's name as post-nominals (Dr Priya Raman FRACP)."""

import pytest
import vobject
from django.core.exceptions import ValidationError
from django.urls import reverse

from contacts.merging import merge_contacts
from contacts.models import Contact
from contacts.search import refresh_search_vectors
from core.vocabulary import fellowships
from tests.contacts.test_editing import contact_data
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


def test_every_college_has_its_fellowship_letters_with_their_source():
    letters = dict(fellowships())
    assert letters["FRACP"] == "Royal Australasian College of Physicians"
    assert {"FACEM", "FRACS", "FRANZCP", "FRACGP", "FANZCA", "FCICM", "FRCPA"} <= set(letters)
    assert len(letters) == 16


def test_a_doctor_ticks_fellowships_and_they_are_kept_in_the_lists_order(doctor_client, doctor):
    data = contact_data(prefix="Dr", given_name="Priya", family_name="Raman")
    data["fellowships"] = ["FACEM", "FRACP"]
    doctor_client.post(reverse("contacts:create"), data)
    contact = Contact.objects.get(owner=doctor, family_name="Raman")
    assert contact.fellowships == ["FACEM", "FRACP"]
    assert contact.post_nominals == "FACEM FRACP"


def test_letters_no_college_awards_are_refused(doctor_client, doctor):
    data = contact_data(given_name="Priya", family_name="Raman", fellowships=["FRCP(Lond)"])
    response = doctor_client.post(reverse("contacts:create"), data)
    assert response.status_code == 200
    assert not Contact.objects.filter(owner=doctor).exists()
    with pytest.raises(ValidationError):
        ContactFactory(owner=doctor, fellowships=["FAKE"]).full_clean()


def test_the_fellowships_sit_in_a_folded_part_of_the_contact_form(doctor_client):
    html = doctor_client.get(reverse("contacts:create")).content.decode()
    folded = html.split('<details class="form-more"')[1].split("</details>")[0]
    assert "College fellowships" in folded and 'value="FRACP"' in folded


def test_the_contact_page_and_list_row_show_the_post_nominals(doctor_client, doctor):
    contact = ContactFactory(
        owner=doctor, prefix="Dr", given_name="Priya", family_name="Raman", fellowships=["FRACP"]
    )
    page = doctor_client.get(reverse("contacts:detail", args=[contact.pk])).content.decode()
    assert 'Dr Priya Raman <span class="post-nominals">FRACP</span>' in page
    listing = doctor_client.get(reverse("contacts:list")).content.decode()
    assert 'Priya Raman</a> <span class="post-nominals">FRACP</span>' in listing


def test_the_outsider_never_sees_the_doctors_contact_or_its_fellowships(doctor, outsider_client):
    contact = ContactFactory(owner=doctor, family_name="Raman", fellowships=["FRANZCP"])
    refresh_search_vectors([contact.pk])
    assert outsider_client.get(reverse("contacts:detail", args=[contact.pk])).status_code == 404
    assert b"Raman" not in outsider_client.get(reverse("contacts:list") + "?q=FRANZCP").content


def test_searching_the_letters_finds_the_fellows(doctor_client, doctor):
    fellow = ContactFactory(owner=doctor, family_name="Raman", fellowships=["FACEM"])
    other = ContactFactory(owner=doctor, family_name="Nguyen", fellowships=["FRACS"])
    refresh_search_vectors([fellow.pk, other.pk])
    response = doctor_client.get(reverse("contacts:list") + "?q=facem")
    assert [c.family_name for c in response.context["page"].object_list] == ["Raman"]


def test_the_vcard_carries_the_post_nominals_as_the_names_suffix(doctor_client, doctor):
    contact = ContactFactory(
        owner=doctor, given_name="Priya", family_name="Raman", fellowships=["FRACP", "FACEM"]
    )
    response = doctor_client.get(reverse("contacts:vcard", args=[contact.pk]))
    card = vobject.readOne(response.content.decode())
    assert card.n.value.suffix == "FRACP FACEM"


def test_a_merge_keeps_both_records_fellowships(doctor):
    keep = ContactFactory(owner=doctor, family_name="Raman", fellowships=["FRACP"])
    duplicate = ContactFactory(owner=doctor, family_name="Raman", fellowships=["FACEM", "FRACP"])
    merge_contacts(owner=doctor, keep=keep, duplicate=duplicate, take=set())
    keep.refresh_from_db()
    assert keep.fellowships == ["FACEM", "FRACP"]


def test_a_vcards_name_suffix_brings_its_fellowships_and_reports_the_rest():
    from contacts.importing import vcard

    card = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Priya Raman\r\n"
        "N:Raman;Priya;;Dr;fracp FACEM Jr\r\nEND:VCARD\r\n"
    )
    [parsed] = vcard.parse(card)
    assert parsed.fellowships == ["FRACP", "FACEM"]
    assert any("“Jr”" in warning and "left out" in warning for warning in parsed.warnings)


def test_netmeds_csv_carries_fellowships_out_and_back(doctor):
    from contacts import exporting
    from contacts.importing import netmed

    ContactFactory(owner=doctor, given_name="Priya", family_name="Raman", fellowships=["FRACP"])
    text = "".join(exporting.csv_lines(exporting.exported_contacts(doctor)))
    assert "Fellowships" in text.splitlines()[0]
    [parsed] = netmed.parse(text.lstrip("\ufeff"))
    assert parsed.fellowships == ["FRACP"]


def test_an_old_netmed_csv_without_the_fellowships_column_still_imports():
    from contacts.importing import netmed

    old = "Prefix,Given name,Family name,Career stage,Tags\nDr,Priya,Raman,,\n"
    [parsed] = netmed.parse(old)
    assert parsed.family_name == "Raman" and parsed.fellowships == []
