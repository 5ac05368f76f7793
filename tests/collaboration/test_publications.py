import datetime as dt
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from collaboration import publications
from collaboration.models import Publication, ReferenceUpload
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


@pytest.fixture
def upload_and_read(eager_celery, django_capture_on_commit_callbacks):
    """Post a reference file as ``client``, let the queued reading task run (in process), and
    return the response to the page the upload redirected to."""

    def post(client, name: str, data: bytes):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("collaboration:publication_import"),
                {"file": SimpleUploadedFile(name, data)},
            )
        assert response.status_code == 302, response.content.decode()[:500]
        return client.get(response.url)

    return post


def test_doctor_previews_then_imports_and_authors_link_to_contacts(
    doctor_client, doctor, upload_and_read
):
    sharma = ContactFactory(owner=doctor, given_name="Anika", family_name="Sharma")
    response = upload_and_read(
        doctor_client, "refs.bib", (FIXTURES / "references.bib").read_bytes()
    )
    preview = response.content.decode()
    assert "2 new" in preview and "Entry 3 has no title" in preview
    assert not Publication.objects.exists()  # nothing saved before confirming

    upload = ReferenceUpload.objects.get(owner=doctor)
    doctor_client.post(reverse("collaboration:publication_confirm", args=[upload.pk]))
    paper = Publication.objects.get(owner=doctor, year=2024)
    assert [a.name for a in paper.authors.all()] == ["Anika Sharma", "Tom Nguyen", "Alex Morgan"]
    assert paper.authors.get(position=1).contact == sharma
    assert Publication.objects.filter(owner=doctor).count() == 2

    # A second confirm (a double click, the back button) adds nothing.
    doctor_client.post(reverse("collaboration:publication_confirm", args=[upload.pk]))
    assert Publication.objects.filter(owner=doctor).count() == 2


def test_the_upload_answers_before_the_file_is_read_and_the_page_polls_until_it_is(
    doctor_client, doctor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = doctor_client.post(
            reverse("collaboration:publication_import"),
            {"file": SimpleUploadedFile("refs.ris", (FIXTURES / "references.ris").read_bytes())},
        )
    upload = ReferenceUpload.objects.get(owner=doctor)
    assert response.url == reverse("collaboration:publication_preview", args=[upload.pk])
    assert upload.status == ReferenceUpload.Status.READING and len(queued) == 1
    reading = doctor_client.get(response.url).content.decode()
    assert "Reading your file" in reading and 'hx-trigger="every 1s"' in reading

    publications.read_upload(upload_id=upload.pk)  # the worker's turn
    poll = doctor_client.get(response.url, headers={"HX-Request": "true"})
    assert poll.headers["HX-Refresh"] == "true"  # the whole preview comes in
    assert "Sepsis bundles" in doctor_client.get(response.url).content.decode()
    assert ReferenceUpload.objects.get().source is None  # the file is not kept once read


def test_an_unreadable_file_says_why_and_stops_polling(doctor_client, doctor, upload_and_read):
    page = upload_and_read(doctor_client, "notes.txt", b"just some text").content.decode()
    assert "does not look like a BibTeX" in page and "every 1s" not in page
    assert not Publication.objects.exists()


def test_a_file_over_the_size_limit_is_refused_beside_the_field_at_once(doctor_client):
    big = SimpleUploadedFile("big.bib", b"@article{k, title={x}}" + b" " * (2 * 1024 * 1024))
    response = doctor_client.post(reverse("collaboration:publication_import"), {"file": big})
    assert response.status_code == 200
    assert "larger than 2 MB" in response.content.decode()
    assert not ReferenceUpload.objects.exists()


def test_reading_an_upload_twice_changes_nothing(doctor):
    upload = publications.receive_upload(
        owner=doctor, filename="r.ris", data=(FIXTURES / "references.ris").read_bytes()
    )
    assert publications.read_upload(upload_id=upload.pk).status == ReferenceUpload.Status.PREVIEW
    assert publications.read_upload(upload_id=upload.pk) is None


def test_another_doctors_upload_is_not_found(outsider_client, doctor):
    upload = publications.receive_upload(
        owner=doctor, filename="r.ris", data=(FIXTURES / "references.ris").read_bytes()
    )
    publications.read_upload(upload_id=upload.pk)
    preview = reverse("collaboration:publication_preview", args=[upload.pk])
    assert outsider_client.get(preview).status_code == 404
    confirm = reverse("collaboration:publication_confirm", args=[upload.pk])
    assert outsider_client.post(confirm).status_code == 404
    assert not Publication.objects.exists()


def test_previews_left_unconfirmed_for_a_day_are_forgotten(doctor, clock):
    from collaboration.tasks import forget_abandoned_reference_uploads

    upload = publications.receive_upload(
        owner=doctor, filename="r.ris", data=(FIXTURES / "references.ris").read_bytes()
    )
    publications.read_upload(upload_id=upload.pk)
    assert forget_abandoned_reference_uploads() == 0  # a fresh preview waits for the doctor
    clock.shift(dt.timedelta(days=1, minutes=1))
    assert forget_abandoned_reference_uploads() == 1
    assert not ReferenceUpload.objects.exists()


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


@pytest.mark.parametrize(
    "data",
    [
        b"@a{k,t={x}}" * 190_000,  # 2 MB of tiny BibTeX entries: 7 s in bibtexparser
        b"TY  - JOUR\nTI  - " + b"{" * 2_000_000 + b"\nER  - \n",  # 2 MB of one RIS title
    ],
    ids=["bibtex", "ris"],
)
def test_a_hostile_reference_upload_answers_at_once_without_parsing(
    doctor, doctor_client, monkeypatch, django_capture_on_commit_callbacks, data
):
    def no_parsing(*args, **kwargs):
        raise AssertionError("the web request parsed the upload")

    monkeypatch.setattr(publications, "parse_references", no_parsing)
    doctor_client.get(reverse("collaboration:publication_import"))  # warm: URLs, templates
    with django_capture_on_commit_callbacks() as callbacks:
        started = time.perf_counter()
        response = doctor_client.post(
            reverse("collaboration:publication_import"),
            {"file": SimpleUploadedFile("hostile.bib", data)},
        )
        elapsed = time.perf_counter() - started
    assert elapsed < 1.0
    upload = ReferenceUpload.objects.get(owner=doctor)
    assert response.url == reverse("collaboration:publication_preview", args=[upload.pk])
    assert bytes(upload.source) == data and len(callbacks) == 1
