"""The import pages: upload, preview, confirm, live progress, summary; outsiders get 404."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from contacts.importing import service
from contacts.models import Contact, ImportJob
from tests import factories

FIXTURES = Path(__file__).parent / "fixtures"


def upload(name: str, content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, content if content is not None else (FIXTURES / name).read_bytes()
    )


@pytest.fixture
def upload_and_read(eager_celery, django_capture_on_commit_callbacks):
    """Post a file to the upload page as ``client``, let the queued reading task run (in
    process), and fetch the page the upload redirected to."""

    def post(client, file):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("contacts:import"), {"file": file})
        if response.status_code != 302:
            return response
        return client.get(response.url)

    return post


def test_upload_page_explains_the_formats_and_limits(doctor_client):
    response = doctor_client.get(reverse("contacts:import"))
    assert response.status_code == 200
    assert b"Connections.csv" in response.content
    assert b"10 MB" in response.content
    assert b"No imports yet" in response.content


def test_uploading_a_file_shows_the_preview_with_line_numbers_and_reasons(
    doctor_client, upload_and_read
):
    response = upload_and_read(doctor_client, upload("linkedin_connections.csv"))
    body = response.content.decode()
    assert "Check before importing" in body
    assert "&#x27;not-an-email&#x27; is not a valid email address: left out" in body
    assert "Line 8: no name or email address" in body
    assert "Same person as line 5" in body
    assert "Import 4 new contacts" in body


def test_preview_links_a_duplicate_to_the_existing_contact(doctor, doctor_client, upload_and_read):
    existing = factories.ContactEmailFactory(
        contact__owner=doctor, email="siobhan@health.example.org"
    ).contact
    upload_and_read(doctor_client, upload("linkedin_connections.csv"))
    job = ImportJob.objects.for_user(doctor).get()
    response = doctor_client.get(
        reverse("contacts:import_preview", args=[job.pk]) + "?status=duplicate"
    )
    assert reverse("contacts:detail", args=[existing.pk]).encode() in response.content


def test_an_unreadable_file_gets_a_clear_message_and_a_way_to_upload_again(
    doctor_client, upload_and_read
):
    response = upload_and_read(doctor_client, upload("photo.jpg", b"\xff\xd8\xff junk"))
    assert response.status_code == 200
    assert b"could not tell what kind of file this is" in response.content
    assert reverse("contacts:import").encode() in response.content
    assert b"hx-trigger" not in response.content  # nothing more to wait for
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.UNREADABLE
    assert job.source is None  # the doctor's file is not kept


def test_a_file_over_the_limit_is_refused(doctor_client, monkeypatch, upload_and_read):
    monkeypatch.setattr(service, "MAX_ROWS", 2)
    response = upload_and_read(doctor_client, upload("linkedin_connections.csv"))
    assert b"the limit is 2 per import" in response.content


def test_confirming_runs_the_import_and_the_progress_page_shows_the_summary(
    doctor, doctor_client, eager_celery, django_capture_on_commit_callbacks
):
    job = service.stage_import(
        owner=doctor, filename="c.csv", data=(FIXTURES / "google_contacts.csv").read_bytes()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = doctor_client.post(reverse("contacts:import_confirm", args=[job.pk]))
    assert response.url == reverse("contacts:import_progress", args=[job.pk])
    page = doctor_client.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert "Import finished" in page
    assert "<strong>3</strong> new contacts added" in page
    assert "hx-trigger" not in page  # polling stops once finished
    # The row whose only email is invalid still brings its person, without the address.
    assert Contact.objects.for_user(doctor).count() == 3
    assert not Contact.objects.for_user(doctor).get(given_name="Broken").emails.exists()


def test_a_running_import_polls_a_progress_bar(doctor, doctor_client):
    job = factories.ImportJobFactory(owner=doctor, status="queued", total_rows=200)
    from django.core.cache import cache

    cache.set(service.progress_key(job.pk), 50)
    page = doctor_client.get(
        reverse("contacts:import_progress", args=[job.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert '<progress id="import-progress-bar" value="50" max="200">25%</progress>' in page
    assert 'hx-trigger="every 1s"' in page
    assert "<html" not in page  # the partial only


def test_confirming_twice_imports_once(
    doctor, doctor_client, eager_celery, django_capture_on_commit_callbacks
):
    job = service.stage_import(
        owner=doctor, filename="c.csv", data=(FIXTURES / "google_contacts.csv").read_bytes()
    )
    url = reverse("contacts:import_confirm", args=[job.pk])
    with django_capture_on_commit_callbacks(execute=True):
        doctor_client.post(url)
        response = doctor_client.post(url, follow=True)
    assert b"already been imported" in response.content
    assert Contact.objects.for_user(doctor).count() == 3


@pytest.mark.parametrize("name", ["import_preview", "import_progress", "import_confirm"])
def test_outsider_gets_404_for_another_doctors_import_job(doctor, outsider_client, name):
    job = factories.ImportJobFactory(owner=doctor)
    method = outsider_client.post if name == "import_confirm" else outsider_client.get
    assert method(reverse(f"contacts:{name}", args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.status == "preview"


def test_outsider_does_not_see_another_doctors_imports_on_the_upload_page(doctor, outsider_client):
    factories.ImportJobFactory(owner=doctor, filename="secret-network.csv")
    assert b"secret-network" not in outsider_client.get(reverse("contacts:import")).content


def test_preview_page_queries_do_not_grow_with_rows(
    doctor, doctor_client, django_assert_max_num_queries
):
    for size in (10, 200):
        job = factories.ImportJobFactory(owner=doctor, total_rows=size)
        factories.ImportRowFactory.create_batch(
            size, job=job, status="duplicate", duplicate_of=factories.ContactFactory(owner=doctor)
        )
        # session, user, job, count, rows with their duplicate contacts
        with django_assert_max_num_queries(6):
            doctor_client.get(reverse("contacts:import_preview", args=[job.pk]))


def test_the_preview_names_the_encoding_assumed_and_what_each_row_left_out(
    doctor_client, outsider, upload_and_read
):
    traps = FIXTURES / "traps"
    response = upload_and_read(
        doctor_client,
        upload("polish.vcf", (traps / "polish_qp_without_charset.vcf").read_bytes()),
    )
    page = response.content.decode()
    assert "read as Central European (Windows-1250)" in page
    assert "Wiśniewski" in page

    response = upload_and_read(
        doctor_client, upload("bad.vcf", (traps / "one_bad_email.vcf").read_bytes())
    )
    page = response.content.decode()
    assert "&#x27;adaeze@@hospital&#x27; is not a valid email address: left out" in page
    assert "Import 1 new contact" in page
    job = ImportJob.objects.latest("created_at")
    preview = reverse("contacts:import_preview", args=[job.pk])
    outsider_client = Client()
    outsider_client.force_login(outsider)
    assert outsider_client.get(preview).status_code == 404


def test_a_doctor_can_have_the_file_read_again_in_another_encoding_before_importing(
    doctor, doctor_client, outsider, eager_celery, django_capture_on_commit_callbacks
):
    csv_1250 = "First Name,Last Name,E-mail Address\r\nPaweł,Wiśniewski,\r\n".encode("cp1250")
    first = service.stage_import(owner=doctor, filename="old.csv", data=csv_1250)
    read_again = reverse("contacts:import_read_again", args=[first.pk])

    intruder = Client()
    intruder.force_login(outsider)
    assert intruder.post(read_again, {"encoding": "cp1251"}).status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        response = doctor_client.post(read_again, {"encoding": "cp1251"})
    page = doctor_client.get(response.url).content.decode()
    assert "Read as Cyrillic (Windows-1251), as you chose." in page
    assert not ImportJob.objects.filter(pk=first.pk).exists()  # replaced, not kept twice
    cyrillic = ImportJob.objects.get(owner=doctor)
    assert cyrillic.rows.get().data["given_name"] == "Paweі"

    with django_capture_on_commit_callbacks(execute=True):
        doctor_client.post(
            reverse("contacts:import_read_again", args=[cyrillic.pk]), {"encoding": "cp1250"}
        )
    right = ImportJob.objects.get(owner=doctor)
    assert right.rows.get().data["given_name"] == "Paweł"
    assert right.encoding == "cp1250"

    service.queue_import(job=right)
    right.refresh_from_db()
    assert right.source is None  # the upload is not kept once the import is confirmed
