from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from collaboration import publications
from collaboration.models import Publication
from tests.factories import ContactFactory

FIXTURES = Path(__file__).parent / "fixtures"
pytestmark = pytest.mark.django_db


def test_bibtex_entries_are_read_with_authors_in_order_and_problems_numbered():
    references = publications.parse_references((FIXTURES / "references.bib").read_bytes())
    first = references[0]
    assert first.title == "Early Mobilisation After Cardiac Surgery: a Registry Study"
    assert first.authors == ["Anika Sharma", "Tom Nguyen", "Alex Morgan"]
    assert first.year == 2024 and first.doi == "10.5694/mja2.52001"
    assert references[2].problems == ["has no title"]
    assert references[2].number == 3


def test_ris_entries_are_read():
    references = publications.parse_references((FIXTURES / "references.ris").read_bytes())
    assert [r.title for r in references] == [
        "Sepsis bundles in regional ICUs",
        "Neonatal transport outcomes",
    ]
    assert references[0].authors == ["Ahmed Khan", "David Walker"]


def test_a_file_that_is_not_a_reference_file_gets_a_clear_error():
    with pytest.raises(publications.ReferenceFileError, match="BibTeX"):
        publications.parse_references(b"just some text")


def test_doctor_previews_then_imports_and_authors_link_to_contacts(doctor_client, doctor):
    sharma = ContactFactory(owner=doctor, given_name="Anika", family_name="Sharma")
    upload = SimpleUploadedFile("refs.bib", (FIXTURES / "references.bib").read_bytes())
    response = doctor_client.post(reverse("collaboration:publication_import"), {"file": upload})
    assert response.url == reverse("collaboration:publication_preview")
    preview = doctor_client.get(response.url).content.decode()
    assert "2 new" in preview and "Entry 3 has no title" in preview
    assert not Publication.objects.exists()  # nothing saved before confirming

    doctor_client.post(reverse("collaboration:publication_confirm"))
    paper = Publication.objects.get(owner=doctor, year=2024)
    assert [a.name for a in paper.authors.all()] == ["Anika Sharma", "Tom Nguyen", "Alex Morgan"]
    assert paper.authors.get(position=1).contact == sharma
    assert Publication.objects.filter(owner=doctor).count() == 2


def test_importing_the_same_file_again_adds_nothing(doctor):
    references = publications.parse_references((FIXTURES / "references.ris").read_bytes())
    assert publications.import_references(user=doctor, references=references) == 2
    assert publications.import_references(user=doctor, references=references) == 0
    assert Publication.objects.filter(owner=doctor).count() == 2


def test_authors_never_match_another_doctors_contacts(doctor, outsider):
    ContactFactory(owner=outsider, given_name="Ahmed", family_name="Khan")
    references = publications.parse_references((FIXTURES / "references.ris").read_bytes())
    rows = publications.preview_references(user=doctor, references=references)
    assert all(contact is None for _, contact in rows[0].author_matches)


def test_outsider_sees_none_of_the_doctors_publications(outsider_client, doctor):
    references = publications.parse_references((FIXTURES / "references.ris").read_bytes())
    publications.import_references(user=doctor, references=references)
    body = outsider_client.get(reverse("collaboration:publication_list")).content.decode()
    assert "Sepsis bundles" not in body


@pytest.mark.parametrize(
    ("data", "error"),
    [
        # 2 MB of tiny entries took bibtexparser 7 s in the web request (issue 20, item 1).
        (b"@a{k,t={x}}" * 170_000, "has 170,000 references; the limit is 2,000"),
        (b"TY  - JOUR\nER  - \n" * 3000, "has 3,000 references; the limit is 2,000"),
        (b"@article{k,\ntitle=" + b"{" * 500_000 + b"}" * 500_000 + b"}", "Line 2 nests braces"),
    ],
    ids=["bibtex-entries", "ris-entries", "bibtex-braces"],
)
def test_a_hostile_reference_file_is_refused_quickly_before_parsing(data, error, monkeypatch):
    import time

    def no_parsing(*args, **kwargs):
        raise AssertionError("parsed a file already over a limit")

    monkeypatch.setattr(publications.bibtexparser, "parse_string", no_parsing)
    monkeypatch.setattr(publications.rispy, "loads", no_parsing)
    assert len(data) <= publications.MAX_REFERENCE_BYTES
    started = time.perf_counter()
    with pytest.raises(publications.ReferenceFileError, match=error):
        publications.parse_references(data)
    assert time.perf_counter() - started < 2.0


def test_braces_nested_as_real_titles_nest_them_are_read():
    data = b"@article{k,\ntitle={{{COVID}-19} in {ICU}},\nyear={2021}}\n"
    assert publications.parse_references(data)[0].title == "COVID-19 in ICU"
