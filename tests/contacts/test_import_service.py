"""Staging, checking and writing imports: duplicates, atomicity, running twice, photos."""

from pathlib import Path

import pytest

from contacts.importing import service
from contacts.models import Contact, ContactEmail, ImportJob, Organisation
from tests import factories

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def run(job, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        service.queue_import(job=job)
    job.refresh_from_db()
    return job


def test_staging_marks_new_error_and_same_file_duplicate_rows(doctor):
    job = service.stage_import(
        owner=doctor, filename="Connections.csv", data=fixture("linkedin_connections.csv")
    )
    statuses = {row.line: (row.status, row.reason) for row in job.rows.all()}
    assert statuses[5] == ("new", "")
    # An invalid email is left out with a warning on its line; the rest of the row imports.
    assert statuses[7] == ("new", "")
    assert job.rows.get(line=7).data["warnings"] == [
        "'not-an-email' is not a valid email address: left out"
    ]
    assert statuses[8] == ("error", "Line 8: no name or email address")
    assert statuses[9] == ("duplicate", "Same person as line 5")
    assert (job.total_rows, job.error_count, job.duplicate_count) == (6, 1, 1)
    assert job.status == ImportJob.Status.PREVIEW


def test_staging_links_a_duplicate_to_the_existing_contact_by_email(doctor):
    existing = factories.ContactEmailFactory(
        contact__owner=doctor, email="Siobhan@Health.example.org"
    ).contact
    job = service.stage_import(
        owner=doctor, filename="c.csv", data=fixture("linkedin_connections.csv")
    )
    assert job.rows.get(line=5).duplicate_of == existing


def test_another_doctors_contacts_are_not_duplicates(doctor, outsider):
    factories.ContactEmailFactory(contact__owner=outsider, email="siobhan@health.example.org")
    job = service.stage_import(
        owner=doctor, filename="c.csv", data=fixture("linkedin_connections.csv")
    )
    assert job.rows.get(line=5).status == "new"


def test_exact_name_at_the_same_organisation_is_a_duplicate(doctor):
    org = factories.OrganisationFactory(owner=doctor, name="monash health")
    contact = factories.ContactFactory(owner=doctor, given_name="Nguyễn", family_name="Văn An")
    factories.PositionFactory(contact=contact, organisation=org)
    job = service.stage_import(
        owner=doctor, filename="c.csv", data=fixture("linkedin_connections.csv")
    )
    assert job.rows.get(line=6).duplicate_of == contact


def test_confirmed_import_creates_contacts_with_emails_positions_links_and_a_tag(
    doctor, eager_celery, django_capture_on_commit_callbacks
):
    job = service.stage_import(
        owner=doctor, filename="c.csv", data=fixture("linkedin_connections.csv")
    )
    job = run(job, django_capture_on_commit_callbacks)
    assert (job.status, job.created_count, job.duplicate_count, job.error_count) == (
        "done",
        4,
        1,
        1,
    )
    siobhan = Contact.objects.for_user(doctor).get(family_name="Ó Briain")
    assert siobhan.emails.get().email == "siobhan@health.example.org"
    position = siobhan.positions.select_related("organisation").get()
    assert position.organisation.name == "Royal Prince Alfred Hospital, Sydney"
    assert position.title == "Registrar, Cardiology"
    assert siobhan.links.get().kind == "linkedin"
    assert [t.name for t in siobhan.tags.all()] == ["Imported from LinkedIn"]
    assert service.progress(job) == job.total_rows


def test_reimporting_the_same_file_creates_no_duplicates(
    doctor, eager_celery, django_capture_on_commit_callbacks
):
    for _ in range(2):
        job = service.stage_import(
            owner=doctor, filename="c.csv", data=fixture("linkedin_connections.csv")
        )
        job = run(job, django_capture_on_commit_callbacks)
    assert job.created_count == 0
    assert Contact.objects.for_user(doctor).count() == 4
    assert Organisation.objects.for_user(doctor).count() == 4


def test_running_a_finished_job_again_does_nothing(
    doctor, eager_celery, django_capture_on_commit_callbacks
):
    job = service.stage_import(owner=doctor, filename="c.csv", data=fixture("google_contacts.csv"))
    run(job, django_capture_on_commit_callbacks)
    assert service.run_import(job_id=job.pk) is None
    assert service.queue_import(job=job) is False
    assert Contact.objects.for_user(doctor).count() == 3


def test_a_failure_midway_leaves_nothing_written_and_says_so(
    doctor, eager_celery, django_capture_on_commit_callbacks, monkeypatch
):
    job = service.stage_import(owner=doctor, filename="c.csv", data=fixture("outlook_contacts.csv"))

    copy_rows = service.copy_rows

    def explode(model, *args, **kwargs):  # after the contacts and their emails are written
        if model is service.Position:
            raise RuntimeError("disk full")
        return copy_rows(model, *args, **kwargs)

    monkeypatch.setattr(service, "copy_rows", explode)
    job = run(job, django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.FAILED
    assert "nothing was saved" in job.failure
    assert not Contact.objects.for_user(doctor).exists()
    assert not ContactEmail.objects.for_user(doctor).exists()


def test_vcard_photos_are_stored_with_the_contact(doctor, media):
    parsed = service.parse(fixture("cards_mixed.vcf")).contacts
    service.write_contacts(owner=doctor, contacts=parsed, source="vcard")
    jurgen = Contact.objects.for_user(doctor).get(family_name="Müller")
    assert jurgen.photo.name.endswith(".png")
    assert (media / jurgen.photo.name).read_bytes().startswith(b"\x89PNG")
    assert (jurgen.birthday_month, jurgen.birthday_day) == (None, None)
    chidi = Contact.objects.for_user(doctor).get(family_name="Okafor")
    assert (chidi.birthday_year, chidi.birthday_month, chidi.birthday_day) == (None, 3, 22)


def test_a_photo_that_is_not_an_image_is_not_stored(doctor, media):
    assert service.save_photo(b"<script>alert(1)</script>") is None


def test_files_over_the_size_or_row_limit_are_refused_with_a_clear_message(doctor, monkeypatch):
    monkeypatch.setattr(service, "MAX_FILE_BYTES", 100)
    with pytest.raises(service.ImportFileError, match="the limit is 0 MB"):
        service.stage_import(
            owner=doctor, filename="c.csv", data=fixture("linkedin_connections.csv")
        )
    monkeypatch.setattr(service, "MAX_FILE_BYTES", 10_000)
    monkeypatch.setattr(service, "MAX_ROWS", 2)
    with pytest.raises(service.ImportFileError, match="holds 6 contacts; the limit is 2"):
        service.stage_import(
            owner=doctor, filename="c.csv", data=fixture("linkedin_connections.csv")
        )


def test_a_preview_nobody_confirmed_is_forgotten_with_its_upload_after_a_day(doctor, clock):
    import datetime as dt

    from contacts.tasks import forget_abandoned_import_previews

    waiting = service.stage_import(
        owner=doctor, filename="c.csv", data=fixture("google_contacts.csv")
    )
    confirmed = service.stage_import(
        owner=doctor, filename="d.csv", data=fixture("google_contacts.csv")
    )
    service.queue_import(job=confirmed)

    assert forget_abandoned_import_previews() == 0  # a fresh preview waits for the doctor
    clock.shift(service.PREVIEW_KEPT + dt.timedelta(minutes=1))
    assert forget_abandoned_import_previews() == 1

    assert not ImportJob.objects.filter(pk=waiting.pk).exists()
    assert ImportJob.objects.filter(pk=confirmed.pk).exists()  # confirmed jobs are the record
