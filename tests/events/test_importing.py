import datetime as dt
import time
import zoneinfo
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from events import importing
from events.importing import import_events
from events.models import Event, EventImport

FIXTURES = Path(__file__).parent / "fixtures"
# ../shared/samples beside the clone (real calendar files); the tests that read it skip without.
SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples" / "ics"

pytestmark = pytest.mark.django_db


def _import(name: str, **kwargs):
    path = FIXTURES / name
    return import_events(path.read_bytes(), filename=path.name, **kwargs)


def test_csv_import_creates_good_rows_and_reports_bad_ones_with_line_and_reason():
    result = _import("events.csv", publish=True)
    assert (result.created, result.updated) == (3, 0)
    reasons = {r.line: r.reason for r in result.rejected}
    assert reasons == {
        5: "unknown kind “tea_party”",
        6: "“start” is empty",
        7: "it ends before it starts",
        8: "unknown timezone “Mars/Olympus”",
        9: "“cpd_educational” must be between 0 and 999 hours",
    }
    congress = Event.objects.get(import_uid="racp-2027")
    assert congress.published and congress.owner is None
    assert congress.all_day
    assert congress.series.name == "RACP Congress"
    assert congress.first_day == dt.date(2027, 5, 10)
    assert congress.last_day == dt.date(2027, 5, 12)
    assert congress.cpd_educational == Decimal("12.00")
    assert congress.registration_deadline == dt.date(2027, 4, 20)
    assert sorted(s.code for s in congress.specialties.all()) == ["paediatrics", "physician"]
    als = Event.objects.get(import_uid="als-2027-03")
    assert als.starts_at == dt.datetime(
        2027, 3, 4, 8, tzinfo=zoneinfo.ZoneInfo("Australia/Brisbane")
    )
    assert not als.all_day


def test_reimporting_an_unchanged_file_changes_nothing_and_a_changed_row_bumps_the_sequence():
    _import("events.csv")
    before = Event.objects.get(import_uid="racp-2027").sequence

    result = _import("events.csv")
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert Event.objects.get(import_uid="racp-2027").sequence == before  # no new version

    changed = (FIXTURES / "events.csv").read_text().replace("RACP Congress 2027", "RACP Congress")
    result = import_events(changed.encode(), filename="events.csv")
    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    assert Event.objects.count() == 3
    assert Event.objects.get(import_uid="racp-2027").sequence == before + 1


def test_dry_run_reports_without_saving():
    result = _import("events.csv", dry_run=True)
    assert result.created == 3
    assert "would be" in result.summary
    assert not Event.objects.exists()


def test_ics_import_keeps_timezones_and_all_day_and_rejects_what_it_cannot_hold():
    result = _import("events.ics")
    assert [(r.line, r.reason) for r in result.rejected] == [(21, "no title (SUMMARY)")]
    # The weekly M&M (no end) comes in as its occurrences from a month ago to a year ahead.
    weekly = Event.objects.filter(title="Weekly M&M").order_by("starts_at")
    starts = list(weekly.values_list("starts_at", flat=True))
    first = dt.datetime(2027, 2, 10, 1, tzinfo=dt.UTC)
    window = (timezone.now() - importing.REPEAT_PAST, timezone.now() + importing.REPEAT_AHEAD)
    expected = [
        first + dt.timedelta(weeks=n)
        for n in range(200)
        if window[0] <= first + dt.timedelta(weeks=n) < window[1]
    ]
    assert starts == expected and result.created == 2 + len(expected)
    assert {b - a for a, b in zip(starts, starts[1:], strict=False)} == {dt.timedelta(weeks=1)}
    assert all(s.astimezone(dt.UTC).hour == 1 and s.weekday() == 2 for s in starts)
    assert "1 repeating event imported as" in " ".join(result.notices)
    anzca = Event.objects.get(import_uid="anzca-asm-2027@example.org")
    assert str(anzca.timezone) == "Australia/Perth"
    assert anzca.local_start.hour == 9
    assert anzca.website == "https://asm.anzca.edu.au/"
    retreat = Event.objects.get(title="Two-day journal club retreat")
    assert retreat.all_day and retreat.last_day == dt.date(2027, 2, 11)


@pytest.mark.skipif(not SAMPLES.exists(), reason="../shared/samples is absent")
@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.ics")) if SAMPLES.exists() else [])
def test_shared_ics_samples_import_or_explain_every_event(path):
    result = import_events(path.read_bytes(), filename=path.name)
    # Every event is imported, refused with its reason, or explained (a series long past).
    assert result.created + len(result.rejected) + len(result.notices) >= 1
    assert all(r.line > 0 and r.reason for r in result.rejected)


@pytest.mark.skipif(not SAMPLES.exists(), reason="../shared/samples is absent")
@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.ics")) if SAMPLES.exists() else [])
def test_shared_ics_samples_add_nothing_when_imported_again(path):
    import_events(path.read_bytes(), filename=path.name, timezone="Australia/Sydney")
    count = Event.objects.count()
    again = import_events(path.read_bytes(), filename=path.name, timezone="Australia/Sydney")
    assert (again.created, again.updated) == (0, 0)
    assert Event.objects.count() == count


def test_import_events_command_publishes_and_lists_rejections():
    out, err = StringIO(), StringIO()
    call_command("import_events", str(FIXTURES / "events.csv"), "--publish", stdout=out, stderr=err)
    assert "3 new" in out.getvalue()
    assert "line 5: unknown kind" in err.getvalue()
    assert Event.objects.filter(published=True).count() == 3


def test_import_events_command_dry_run_saves_nothing():
    call_command("import_events", str(FIXTURES / "events.ics"), "--dry-run", stdout=StringIO())
    assert not Event.objects.exists()


def test_staff_import_page_hands_the_file_to_a_worker_then_reports_rejected_rows(
    staff_client, eager_celery, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("events.csv", (FIXTURES / "events.csv").read_bytes())
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = staff_client.post(
            reverse("admin:events_event_import"), {"file": upload, "publish": "on"}
        )
    assert response.status_code == 302  # answered at once: nothing parsed in the request
    assert not Event.objects.exists()
    waiting = staff_client.get(response.url).content.decode()
    assert "Importing events.csv" in waiting and 'http-equiv="refresh"' in waiting

    for callback in queued:  # the worker's turn
        callback()
    page = staff_client.get(response.url).content.decode()
    assert "unknown kind “tea_party”" in page and "3 new" in page
    assert 'http-equiv="refresh"' not in page
    assert Event.objects.filter(published=True).count() == 3
    assert EventImport.objects.get().source is None  # the file is not kept once read


def test_an_event_import_runs_once_however_often_the_task_is_delivered(staff_user):
    data = (FIXTURES / "events.ics").read_bytes()
    job = importing.receive_import(
        staff_user=staff_user, filename="e.ics", data=data, publish=True, dry_run=False, timezone=""
    )
    assert importing.run_import(import_id=job.pk).status == EventImport.Status.DONE
    assert importing.run_import(import_id=job.pk) is None  # a redelivery finds it finished
    assert EventImport.objects.get().result["created"] == Event.objects.count() > 0


def test_an_event_import_that_breaks_is_marked_failed_and_saves_nothing(staff_user, monkeypatch):
    def broken(*args, **kwargs):
        Event.objects.create(title="half-written")
        raise RuntimeError("bug")

    monkeypatch.setattr(importing, "import_events", broken)
    job = importing.receive_import(
        staff_user=staff_user,
        filename="e.csv",
        data=b"title\nx\n",
        publish=False,
        dry_run=False,
        timezone="",
    )
    failed = importing.run_import(import_id=job.pk)
    assert failed.status == EventImport.Status.FAILED and "nothing was saved" in failed.failure
    assert not Event.objects.exists()


def test_doctors_cannot_reach_the_import_page(doctor_client):
    response = doctor_client.get(reverse("admin:events_event_import"))
    assert response.status_code == 302


def test_an_ics_file_over_the_event_or_size_limit_is_refused_before_parsing(monkeypatch):
    import icalendar

    def no_parsing(*args, **kwargs):
        raise AssertionError("parsed a file already over a limit")

    monkeypatch.setattr(icalendar.Calendar, "from_ical", no_parsing)
    event = b"BEGIN:VEVENT\r\nUID:1\r\nDTSTART:20270101T100000Z\r\nSUMMARY:x\r\nEND:VEVENT\r\n"
    # 2 MB of tiny events took icalendar 7 s inside the staff upload's request (issue 20).
    many = b"BEGIN:VCALENDAR\r\n" + event * 30_000 + b"END:VCALENDAR\r\n"
    result = import_events(many, filename="many.ics")
    assert [r.reason for r in result.rejected] == [
        "the file holds 30,000 events; the limit is 2,000: split it"
    ]
    assert result.created == 0
    huge = b"BEGIN:VCALENDAR\r\n" + b"X-PAD:" + b"x" * importing.MAX_FILE_BYTES
    assert "the limit is 5 MB" in import_events(huge, filename="huge.ics").rejected[0].reason
    assert not Event.objects.exists()


def test_a_hostile_calendar_upload_answers_at_once_without_parsing(
    staff_client, monkeypatch, django_capture_on_commit_callbacks
):
    def no_parsing(*args, **kwargs):
        raise AssertionError("the web request parsed the upload")

    monkeypatch.setattr(importing, "import_events", no_parsing)
    event = b"BEGIN:VEVENT\r\nUID:1\r\nDTSTART:20270101T100000Z\r\nSUMMARY:x\r\nEND:VEVENT\r\n"
    hostile = b"BEGIN:VCALENDAR\r\n" + event * 60_000 + b"END:VCALENDAR\r\n"  # 4.5 MB
    staff_client.get(reverse("admin:events_event_import"))  # warm: URLs, templates
    with django_capture_on_commit_callbacks() as callbacks:
        started = time.perf_counter()
        response = staff_client.post(
            reverse("admin:events_event_import"),
            {"file": SimpleUploadedFile("hostile.ics", hostile), "dry_run": "on"},
        )
        elapsed = time.perf_counter() - started
    assert elapsed < 1.0 and response.status_code == 302
    assert bytes(EventImport.objects.get().source) == hostile and len(callbacks) == 1
