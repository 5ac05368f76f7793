"""A doctor imports their LinkedIn connections and a vCard file (a preview, then a progress bar
while a real Celery worker writes them), and exports their contacts as vCards."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from contacts.models import Contact

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"
SAMPLES = SAMPLES if SAMPLES.is_dir() else Path("/work/shared/samples")
LINKEDIN = SAMPLES / "linkedin" / "constellation_connections_short_notes.csv"
VCARDS = SAMPLES / "vcard" / "monica_multi_contact_3_0.vcf"

pytestmark = pytest.mark.skipif(
    not (LINKEDIN.exists() and VCARDS.exists()), reason="../shared/samples is not present"
)


def import_file(page, path: Path) -> None:
    page.goto("/contacts/import/")
    page.get_by_label("Contact file").set_input_files(str(path))
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", name="Check before importing")).to_be_visible()
    expect(page.get_by_text(path.name)).to_be_visible()
    page.get_by_role("button", name="Import").click()
    progress = page.locator("#import-progress")
    expect(progress.get_by_role("progressbar")).to_be_visible()
    expect(progress.get_by_role("heading", name="Import finished")).to_be_visible(timeout=30_000)


def test_doctor_imports_linkedin_and_vcards_then_exports_vcards(doctor_page, doctor, celery_worker):
    page = doctor_page
    import_file(page, LINKEDIN)
    linkedin_count = Contact.objects.for_user(doctor).count()
    assert linkedin_count > 0
    import_file(page, VCARDS)
    assert Contact.objects.for_user(doctor).count() > linkedin_count

    page.get_by_role("button", name="See your contacts").click()
    expect(page.get_by_role("link", name="Jerry Mathis")).to_be_visible()

    page.goto("/contacts/export/")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download vCards").click()
    vcards = download_info.value.path().read_text(encoding="utf-8")
    assert vcards.count("BEGIN:VCARD") == Contact.objects.for_user(doctor).count()
    assert "Mathis" in vcards
