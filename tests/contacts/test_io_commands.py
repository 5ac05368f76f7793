"""The command-line import and export."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from contacts.models import Contact
from tests import factories

FIXTURES = Path(__file__).parent / "fixtures"


def command(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_dry_run_prints_the_preview_with_line_numbers_and_saves_nothing(doctor):
    out = command(
        "import_contacts",
        "--user",
        doctor.email.upper(),
        str(FIXTURES / "linkedin_connections.csv"),
        "--dry-run",
    )
    assert "line     5  new        Siobhán Ó Briain" in out
    assert "line     7  new        Bad Email" in out
    assert "'not-an-email' is not a valid email address: left out" in out
    assert "line     9  duplicate  Siobhan OBriain: Same person as line 5" in out
    assert (
        "6 rows in LinkedIn connections (CSV): 4 new, 1 already in NetMed, 1 with problems." in out
    )
    assert "Dry run: nothing was saved." in out
    assert not Contact.objects.exists()


def test_import_then_reimport_creates_each_contact_once(doctor):
    path = str(FIXTURES / "cards_mixed.vcf")
    assert "Imported 2 new contacts." in command("import_contacts", "--user", doctor.email, path)
    out = command("import_contacts", "--user", doctor.email, path)
    assert "Imported 0 new contacts." in out
    assert "already imported from this file: Jürgen Müller" in out
    assert Contact.objects.for_user(doctor).count() == 2


def test_unknown_user_or_file_fails_with_a_message(doctor, tmp_path):
    with pytest.raises(CommandError, match="No user with the email address nobody@x.org"):
        command("import_contacts", "--user", "nobody@x.org", str(FIXTURES / "card_4_0.vcf"))
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00\x01 nothing")
    with pytest.raises(CommandError, match="could not tell"):
        command("import_contacts", "--user", doctor.email, str(junk))


def test_export_writes_only_that_doctors_contacts(doctor, outsider, tmp_path):
    factories.ContactFactory(owner=doctor, family_name="Mine")
    factories.ContactFactory(owner=outsider, family_name="Theirs")
    output = tmp_path / "out.vcf"
    command("export_contacts", "--user", doctor.email, "--format", "vcf", "--output", str(output))
    text = output.read_text()
    assert text.startswith("BEGIN:VCARD") and "Mine" in text and "Theirs" not in text
    csv_text = command("export_contacts", "--user", doctor.email, "--format", "csv")
    assert "Mine" in csv_text and "Theirs" not in csv_text
