"""A doctor imports their LinkedIn connections and a vCard file (a preview, then a progress bar
while a real Celery worker writes them), merges the colleague who came in twice, and exports their
contacts as vCards.

The files are the project's own fixtures, so the journey runs on a clean clone.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from contacts.models import Contact

# One xdist worker runs every journey with a Celery worker: each worker thread consumes the
# one broker queue, and would take (and drop) another test database's tasks.
pytestmark = pytest.mark.xdist_group("celery-worker")

FIXTURES = Path(__file__).resolve().parents[1] / "contacts" / "fixtures"
LINKEDIN = FIXTURES / "linkedin_connections.csv"
# Has "Dr Priya K. Raman" of the University of Queensland, whom LinkedIn gave as "Priya Raman".
VCARDS = FIXTURES / "colleagues_3_0.vcf"


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


def test_doctor_imports_linkedin_and_vcards_merges_a_duplicate_then_exports_vcards(
    doctor_page, doctor, celery_worker
):
    page = doctor_page
    import_file(page, LINKEDIN)
    linkedin_count = Contact.objects.for_user(doctor).count()
    assert linkedin_count > 0
    import_file(page, VCARDS)
    assert Contact.objects.for_user(doctor).count() == linkedin_count + 2

    page.get_by_role("button", name="See your contacts").click()
    expect(page.get_by_role("link", name="Ben Whitfield")).to_be_visible()

    # The same colleague came in from both files: merge them.
    page.get_by_role("link", name="Duplicates").click()
    expect(page.get_by_role("heading", name="Possible duplicates")).to_be_visible()
    pair = page.get_by_role("listitem").filter(has_text="Priya K. Raman")
    expect(pair).to_contain_text("Priya Raman")
    pair.get_by_role("button", name="Compare and merge").click()
    expect(page.get_by_role("heading", name=re.compile("^Merge"))).to_be_visible()
    page.get_by_role("button", name="Merge", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("The emptied duplicate is in the Trash.")
    kept = page.get_by_role("main")
    expect(kept).to_contain_text("priya.raman@uni.example.edu")
    expect(kept).to_contain_text("p.raman@uq.example.edu.au")
    page.goto("/contacts/duplicates/")
    expect(page.get_by_text("No likely duplicates.")).to_be_visible()

    page.goto("/contacts/export/")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download vCards").click()
    vcards = download_info.value.path().read_text(encoding="utf-8")
    alive = Contact.objects.for_user(doctor).alive().count()
    assert alive == linkedin_count + 1
    assert vcards.count("BEGIN:VCARD") == alive
    assert len(re.findall(r"^FN:.*Raman", vcards, re.M)) == 1
    assert "Whitfield" in vcards
