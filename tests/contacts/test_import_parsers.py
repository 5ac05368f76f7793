"""Reading contact files: every format, the real-world samples, and hostile input."""

from pathlib import Path

import pytest
import vobject

from contacts.importing import ImportFileError, detect, parse
from contacts.importing.base import decode, normalise_linkedin

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"
SAMPLES = SAMPLES if SAMPLES.is_dir() else Path("/work/shared/samples")
SAMPLE_FILES = (
    sorted(p for p in SAMPLES.glob("*/*") if p.suffix in (".csv", ".vcf"))
    if SAMPLES.is_dir()
    else []
)


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def by_family(result):
    return {c.family_name: c for c in result.contacts}


def test_linkedin_file_with_bom_crlf_and_notes_preamble_gives_rows_with_file_line_numbers():
    result = parse(fixture("linkedin_connections.csv"))
    assert result.format == "linkedin"
    first = result.contacts[0]
    assert (first.line, first.given_name, first.family_name) == (5, "Siobhán", "Ó Briain")
    assert first.organisation == "Royal Prince Alfred Hospital, Sydney"
    assert first.title == "Registrar, Cardiology"
    assert first.linkedin_url == "https://www.linkedin.com/in/siobhan-obriain"
    assert first.how_we_met == "Connected on LinkedIn on 15/01/2024."


def test_a_linkedin_row_with_no_name_is_an_error_and_a_bad_email_only_a_warning():
    result = parse(fixture("linkedin_connections.csv"))
    assert {c.line: c.error for c in result.errors} == {8: "no name or email address"}
    bad_email = next(c for c in result.contacts if c.line == 7)
    assert (bad_email.given_name, bad_email.emails, bad_email.linkedin_url) == (
        "Bad",
        [],
        "https://www.linkedin.com/in/bad-email",
    )
    assert bad_email.warnings == ["'not-an-email' is not a valid email address: left out"]


def test_google_csv_reads_several_emails_a_local_phone_in_e164_and_an_orcid_link():
    mei = by_family(parse(fixture("google_contacts.csv")))["Chen"]
    assert mei.prefix == "Dr"
    assert mei.emails == ["mei.chen@svh.example.org", "mei@home.example.com"]
    assert mei.phones == [("+61412345678", "mobile")]
    assert mei.links == [("orcid", "https://orcid.org/0000-0002-1825-0097")]
    assert (mei.organisation, mei.department, mei.title) == (
        "St Vincent's Hospital",
        "Anaesthesia",
        "Staff Specialist",
    )


def test_outlook_csv_in_windows_1252_with_a_ragged_row_is_read():
    result = parse(fixture("outlook_contacts.csv"))
    assert result.format == "outlook"
    lars, ana = result.contacts
    assert (lars.prefix, lars.given_name, lars.family_name) == ("A/Prof", "Lars", "Müller")
    assert lars.links == [("researchgate", "https://www.researchgate.net/profile/Lars_Muller")]
    assert (ana.family_name, ana.organisation, ana.error) == ("Lopez", "Barwon Health", "")


def test_vcard_2_1_quoted_printable_names_and_notes_are_decoded_with_the_photo():
    jurgen = parse(fixture("cards_mixed.vcf")).contacts[0]
    assert (jurgen.prefix, jurgen.given_name, jurgen.family_name) == ("Dr", "Jürgen", "Müller")
    assert jurgen.notes == "Met at the stroke\nconference in Berlin."
    assert jurgen.photo.startswith(b"\x89PNG")


def test_vcard_3_0_folded_escaped_note_yearless_birthday_and_escaped_url():
    chidi = parse(fixture("cards_mixed.vcf")).contacts[1]
    assert chidi.notes.endswith("with an escaped comma; and a semicolon.")
    assert "folded across" in chidi.notes
    assert chidi.birthday == (None, 3, 22)
    assert chidi.linkedin_url == "https://www.linkedin.com/in/chidi-okafor"
    assert chidi.photo.startswith(b"\xff\xd8")


def test_empty_and_unfinished_vcards_are_errors_and_do_not_spoil_the_others():
    contacts = parse(fixture("cards_mixed.vcf")).contacts
    assert [c.error for c in contacts[2:]] == [
        "no name or email address",
        "the card has no END:VCARD",
    ]
    assert contacts[3].line == 34


def test_vcard_4_0_data_uri_photo_and_tel_uri_are_read():
    aroha = parse(fixture("card_4_0.vcf")).contacts[0]
    assert aroha.phones == [("+64215550199", "mobile")]
    assert aroha.photo.startswith(b"\x89PNG")


def test_oversized_photo_is_dropped_not_imported():
    big = "A" * 800_000
    card = f"BEGIN:VCARD\nVERSION:3.0\nN:Big;Photo;;;\nPHOTO;ENCODING=b:{big}\nEND:VCARD\n"
    assert parse(card.encode()).contacts[0].photo is None


def test_an_unknown_file_is_refused_with_the_formats_we_read():
    with pytest.raises(ImportFileError, match="LinkedIn Connections.csv"):
        parse(b"\x89PNG\r\n\x1a\n binary junk")


@pytest.mark.parametrize(
    ("head", "fmt"),
    [
        ("BEGIN:VCARD\r\nVERSION:2.1", "vcard"),
        ("Notes:\nblah\n\nFirst Name,Last Name,URL", "linkedin"),
        ("Name,Given Name,Family Name,E-mail 1 - Value", "google"),
        ("First Name,Last Name,E-mail Address,Mobile Phone", "outlook"),
    ],
)
def test_format_is_detected_from_the_content(head, fmt):
    assert detect(head) == fmt


def test_utf16_files_are_decoded():
    assert decode("BEGIN:VCARD".encode("utf-16")).text == "BEGIN:VCARD"


def test_linkedin_urls_match_whatever_the_scheme_subdomain_or_query():
    assert normalise_linkedin("https://au.linkedin.com/in/Jane-Doe/?trk=x") == (
        "linkedin.com/in/jane-doe"
    )
    assert normalise_linkedin("linkedin.com/in/jane-doe") == "linkedin.com/in/jane-doe"


@pytest.mark.skipif(not SAMPLE_FILES, reason="../shared/samples is not present")
@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_every_shared_sample_contact_file_parses_with_people_and_line_numbers(path):
    result = parse(path.read_bytes())
    assert result.format == path.parent.name.split("-")[0]
    good = [c for c in result.contacts if not c.error]
    assert good or path.name.startswith("roundcube"), "no usable contact in the file"
    assert all(c.line >= 1 for c in result.contacts)


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/samples is not present")
def test_shared_samples_hold_the_tricky_values():
    kawsay = parse((SAMPLES / "linkedin/kawsay_connections_bom_crlf.csv").read_bytes())
    assert [c.given_name for c in kawsay.contacts] == ["José", "Æsop"]
    assert kawsay.contacts[0].organisation == "Acme, Inc."
    outlook21 = parse((SAMPLES / "vcard/ezvcard_ms_outlook_2_1.vcf").read_bytes()).contacts[0]
    assert (outlook21.given_name, outlook21.family_name, outlook21.birthday) == (
        "John",
        "Doe",
        (1980, 3, 22),
    )
    assert outlook21.photo.startswith(b"\xff\xd8")
    radicale = parse((SAMPLES / "vcard/radicale_photo_data_uri_4_0.vcf").read_bytes())
    assert radicale.contacts[0].photo.startswith(b"\x89PNG")
    apple = parse((SAMPLES / "vcard/roundcube_apple_addressbook_photo_3_0.vcf").read_bytes())
    # A company card imports as its organisation (it used to be refused).
    assert not apple.contacts[0].error
    assert apple.contacts[0].organisation == "Apple Computer AG"
    assert apple.contacts[0].preferred_name == "Apple Computer AG"
    google = parse(
        (SAMPLES / "google-csv/constellation_google_legacy_header_subset.csv").read_bytes()
    )
    assert google.contacts[1].given_name == "Zoë"
    ragged = parse((SAMPLES / "outlook-csv/gpc_shared_contacts_outlook_columns.csv").read_bytes())
    assert [c.family_name for c in ragged.contacts] == ["Glacius", "Ireland", "Amey"]


def test_our_fixture_vcards_also_parse_with_vobject_itself():
    cards = list(vobject.readComponents(decode(fixture("card_4_0.vcf")).text))
    assert cards[0].fn.value == "Aroha Ngata"
