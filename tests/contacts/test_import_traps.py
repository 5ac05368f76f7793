"""Real-world traps, one small file each (tests/contacts/fixtures/traps/): what every file
imports as, and that importing it a second time adds nothing."""

from pathlib import Path

import pytest

from contacts.importing import parse, service
from contacts.models import Contact
from tests import factories

TRAPS = Path(__file__).parent / "fixtures" / "traps"
# ../shared/samples beside the clone (real export files); the tests that read it skip without.
SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"

pytestmark = pytest.mark.django_db


def trap(name: str) -> bytes:
    return (TRAPS / name).read_bytes()


def import_twice(owner, data: bytes) -> tuple[int, int]:
    """Contacts added by the first import of ``data`` and by the second."""
    added = []
    for _ in range(2):
        job = service.stage_import(owner=owner, filename="file", data=data)
        rows = [service.ParsedContact.from_json(r.data) for r in job.rows.all()]
        added.append(service.write_contacts(owner=owner, contacts=rows).created)
    return added[0], added[1]


@pytest.mark.parametrize("name", sorted(p.name for p in TRAPS.iterdir()))
def test_every_trap_file_imports_once_and_adds_nothing_the_second_time(doctor, name):
    first, second = import_twice(doctor, trap(name))
    assert first > 0
    assert second == 0
    assert Contact.objects.for_user(doctor).count() == first


def test_the_preview_of_a_second_import_says_already_imported_from_this_file(doctor):
    import_twice(doctor, trap("vcard_uid_only.vcf"))
    job = service.stage_import(owner=doctor, filename="again.vcf", data=trap("vcard_uid_only.vcf"))
    [row] = job.rows.all()
    assert (row.status, row.reason) == ("duplicate", "Already imported from this file")
    assert row.duplicate_of.family_name == "Alvarez"


def test_a_number_written_without_its_country_code_matches_the_same_number_with_it(doctor):
    ingrid = factories.ContactFactory(owner=doctor, given_name="Ingrid", family_name="Solberg")
    factories.ContactPhoneFactory(contact=ingrid, number="+4741234567")

    job = service.stage_import(
        owner=doctor, filename="o.csv", data=trap("outlook_phone_without_country_code.csv")
    )

    found = {r.data["given_name"]: (r.status, r.duplicate_of_id) for r in job.rows.all()}
    assert found["Ingrid"] == ("duplicate", ingrid.pk)
    assert found["Ola"] == ("new", None)


def test_linkedin_dates_in_every_form_it_has_used_become_how_we_met():
    met = [c.how_we_met for c in parse(trap("linkedin_name_and_date_only.csv")).contacts]
    assert met == [
        "Connected on LinkedIn on 14/05/2023.",  # 05/14/23: month first
        "Connected on LinkedIn on 12/03/2024.",
        "Connected on LinkedIn on 12/03/2024.",
    ]


def test_utf16_without_a_byte_order_mark_is_read_as_utf16_and_the_preview_says_so():
    result = parse(trap("utf16le_without_bom.csv"))
    names = [(c.given_name, c.family_name) for c in result.contacts]
    assert names == [("Björk", "Guðmundsdóttir"), ("Zoë", "Ügean")]
    assert result.notices == ["Read as UTF-16-LE (the file did not say)."]


def test_quoted_printable_without_a_charset_is_read_in_the_code_page_the_file_suggests():
    result = parse(trap("polish_qp_without_charset.vcf"))
    pawel, malgorzata = result.contacts
    assert (pawel.given_name, pawel.family_name, pawel.city) == ("Paweł", "Wiśniewski", "Gdańsk")
    assert malgorzata.family_name == "Kołodziej" and malgorzata.notes == "Poznań, życie"
    assert "Central European (Windows-1250)" in " ".join(result.notices)


def test_one_stray_byte_in_utf8_text_spoils_only_itself_and_is_reported_on_its_line():
    [card] = parse(trap("utf8_qp_with_one_bad_byte.vcf")).contacts
    assert (card.given_name, card.family_name) == ("Jürgen", "Müller-Lüdenscheidt")
    assert card.notes == "Grüße aus Köln \ufffd und München"
    assert card.warnings == ["line 4: bytes that are not UTF-8 shown as “\ufffd”"]


def test_one_malformed_email_is_left_out_and_the_rest_of_the_card_imports(
    doctor, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    [card] = parse(trap("one_bad_email.vcf")).contacts
    assert not card.error
    assert card.emails == ["adaeze.okonkwo@health.example.org"]
    assert card.phones == [
        ("+61412000111", "mobile"),
        ("+61290001111", "fax"),
        ("+61290002222", "main"),
    ]
    assert card.links == [("orcid", "https://orcid.org/0000-0001-2345-6789")]
    assert card.photo.startswith(b"\x89PNG")
    assert card.warnings == ["'adaeze@@hospital' is not a valid email address: left out"]

    service.write_contacts(owner=doctor, contacts=[card])
    contact = Contact.objects.for_user(doctor).get()
    assert contact.photo.name and contact.emails.get().email == card.emails[0]


def test_company_cards_import_as_their_organisation():
    foundation, college = parse(trap("company_cards.vcf")).contacts
    assert not foundation.error and not college.error
    assert foundation.organisation == foundation.preferred_name == "Sydney Heart Foundation"
    assert college.organisation == "Royal Australasian College of Physicians"
    assert college.emails == ["racp@racp.example.org"]


def test_control_characters_never_reach_the_database_and_the_preview_says_so(doctor):
    result = parse(trap("control_characters.csv"))
    [alice] = result.contacts
    assert (alice.given_name, alice.family_name) == ("Alice", "Wong")
    assert result.notices == ["2 control characters removed (they cannot be shown or searched)."]


@pytest.mark.skipif(not SAMPLES.exists(), reason="../shared/samples is not beside this clone")
@pytest.mark.parametrize(
    "path",
    sorted(
        str(p.relative_to(SAMPLES))
        for p in (SAMPLES.glob("*/*") if SAMPLES.exists() else [])
        if p.suffix in (".vcf", ".csv")
    ),
)
def test_every_shared_sample_imports_and_adds_nothing_the_second_time(
    doctor, path, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    first, second = import_twice(doctor, (SAMPLES / path).read_bytes())
    assert first > 0
    assert second == 0


def test_google_birthdays_and_addresses_are_kept_and_unused_columns_listed():
    result = parse(trap("google_birthday_and_address.csv"))
    hemi, sunita = result.contacts
    assert hemi.birthday == (1984, 7, 9)
    assert (hemi.city, hemi.state, hemi.country) == ("Auckland", "Auckland", "NZ")
    assert sunita.birthday == (None, 2, 29)
    assert (sunita.city, sunita.state, sunita.country) == ("Camperdown", "NSW", "AU")
    assert result.notices == [
        "4 columns not used: Middle Name, Address 1 - Label, Relation 1 - Label, "
        "Relation 1 - Value."
    ]


def test_outlook_birthdays_month_first_fax_and_main_numbers_and_addresses():
    result = parse(trap("outlook_birthday_fax_and_address.csv"))
    grace, tomas = result.contacts
    assert grace.birthday == (1979, 7, 23)
    assert grace.phones == [("+61295550000", "main"), ("+61295550100", "fax")]
    assert (grace.city, grace.state) == ("Melbourne", "VIC")
    assert tomas.birthday is None and not tomas.warnings  # "0/0/00" is Outlook's "none"
    assert (tomas.city, tomas.country) == ("Madrid", "ES")
    assert result.notices == ["1 column not used: Spouse."]


def test_a_card_folded_over_a_million_lines_is_unfolded_whole_and_line_numbers_stay_physical():
    from contacts.importing.vcard import logical_lines

    folds = 1_000_000
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:F\r\nN:F;F;;;\r\nNOTE:x" + "\r\n y" * folds
    lines = list(logical_lines(card + "\r\n\r\nEND:VCARD\r\n"))

    assert lines[4] == ("NOTE:x" + "y" * folds, 5)
    assert lines[5] == ("END:VCARD", folds + 7)  # after the blank line, its own line number


def test_quoted_printable_soft_breaks_continue_a_line_as_vobject_reads_them():
    from contacts.importing.vcard import logical_lines

    card = "NOTE;ENCODING=QUOTED-PRINTABLE:Met at the stroke=0D=0A=\r\nconference.\r\nTITLE:Dr\r\n"
    assert list(logical_lines(card)) == [
        ("NOTE;ENCODING=QUOTED-PRINTABLE:Met at the stroke=0D=0A=\nconference.", 1),
        ("TITLE:Dr", 3),
    ]
