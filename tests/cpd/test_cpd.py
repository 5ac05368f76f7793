import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cpd.due import renewals
from cpd.models import CommitteeRole, CpdEntry, CpdGoal, CpdPlan, Membership
from cpd.progress import year_progress
from tests.factories import AttendanceFactory, ContactFactory, CpdEntryFactory, EventFactory

pytestmark = pytest.mark.django_db


def _attended(doctor, **hours):
    start = timezone.now().replace(month=3, day=1, hour=9)
    event = EventFactory(starts_at=start, ends_at=start + dt.timedelta(hours=8))
    return AttendanceFactory(owner=doctor, event=event, status="attended", **hours)


def test_progress_adds_entries_and_attended_events_against_the_boards_rules(doctor, year):
    CpdEntryFactory(
        owner=doctor,
        cpd_educational=10,
        cpd_reviewing_performance=20,
        cpd_measuring_outcomes=4,
        date=dt.date(year, 2, 1),
    )
    _attended(doctor, cpd_educational=Decimal("6"), cpd_measuring_outcomes=Decimal("0.5"))
    AttendanceFactory(owner=doctor, status="registered", cpd_educational=Decimal("50"))
    progress = year_progress(doctor, year)
    assert progress.by_category == {
        "educational": Decimal("16"),
        "reviewing_performance": Decimal("20"),
        "measuring_outcomes": Decimal("4.5"),
    }
    met = {r.label: r.met for r in progress.requirements}
    assert met == {
        "Total hours": False,
        "Educational activities": True,
        "Reviewing performance and measuring outcomes together": False,
        "Reviewing performance": True,
        "Measuring outcomes": False,
    }
    assert not progress.complete


def test_a_full_year_with_a_plan_meets_the_requirements(doctor, year):
    CpdEntryFactory(
        owner=doctor,
        cpd_educational=25,
        cpd_reviewing_performance=15,
        cpd_measuring_outcomes=10,
        date=dt.date(year, 5, 1),
    )
    CpdPlan.objects.create(owner=doctor, year=year, summary="Heart failure: audit readmissions.")
    assert year_progress(doctor, year).complete


def test_doctor_logs_an_activity_with_evidence_and_downloads_it(
    doctor, doctor_client, settings, tmp_path, year
):
    settings.MEDIA_ROOT = tmp_path
    response = doctor_client.post(
        reverse("cpd:entry_create"),
        {
            "activity": "Peer review of discharge summaries",
            "date": f"{year}-04-02",
            "provider": "RPA",
            "cpd_educational": "0",
            "cpd_reviewing_performance": "2.5",
            "cpd_measuring_outcomes": "0",
            "evidence": SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes"),
        },
    )
    assert response.status_code == 302
    entry = CpdEntry.objects.get(owner=doctor)
    download = doctor_client.get(reverse("cpd:entry_evidence", args=[entry.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 minutes"
    page = doctor_client.get(reverse("cpd:year", args=[year])).content.decode()
    assert "Peer review of discharge summaries" in page and f"31/12/{year + 3}" in page


def test_an_activity_needs_some_hours_and_a_safe_file(doctor_client, year):
    data = {
        "activity": "Nothing",
        "date": f"{year}-04-02",
        "cpd_educational": "0",
        "cpd_reviewing_performance": "0",
        "cpd_measuring_outcomes": "0",
    }
    response = doctor_client.post(reverse("cpd:entry_create"), data)
    assert "at least one category" in response.content.decode()
    data["cpd_educational"] = "1"
    data["evidence"] = SimpleUploadedFile("run.exe", b"MZ")
    response = doctor_client.post(reverse("cpd:entry_create"), data)
    assert "Upload a PDF" in response.content.decode()
    assert not CpdEntry.objects.exists()


def test_outsider_cannot_see_edit_or_download_anothers_entry(doctor, outsider_client, year):
    entry = CpdEntryFactory(owner=doctor, activity="Private reflection")
    for name in ("cpd:entry_edit", "cpd:entry_evidence"):
        assert outsider_client.get(reverse(name, args=[entry.pk])).status_code == 404
    assert outsider_client.post(reverse("cpd:entry_delete", args=[entry.pk])).status_code == 404
    page = outsider_client.get(reverse("cpd:year", args=[year])).content
    assert b"Private reflection" not in page
    export = outsider_client.get(reverse("cpd:export", args=[year])).content
    assert b"Private reflection" not in export


def test_csv_export_lists_entries_and_events_with_totals_and_defuses_formulas(
    doctor, doctor_client, year
):
    CpdEntryFactory(
        owner=doctor,
        activity="=HYPERLINK(1)",
        date=dt.date(year, 1, 5),
        topics=["cultural_safety", "professionalism_ethics"],
    )
    _attended(doctor)
    response = doctor_client.get(reverse("cpd:export", args=[year]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "date"
    assert rows[1][1] == "'=HYPERLINK(1)"
    assert rows[1][-1] == "Culturally safe practice; Professionalism and ethical practice"
    assert rows[2][3] == "event"
    assert rows[-1][1] == "Total"


def test_printable_page_and_plan_with_goals(doctor, doctor_client, year):
    doctor_client.post(reverse("cpd:plan_save", args=[year]), {"summary": "Improve audit skills"})
    doctor_client.post(reverse("cpd:goal_add", args=[year]), {"description": "Run one audit"})
    goal = CpdGoal.objects.get(owner=doctor)
    doctor_client.post(reverse("cpd:goal_toggle", args=[goal.pk]))
    goal.refresh_from_db()
    assert goal.achieved
    page = doctor_client.get(reverse("cpd:print", args=[year])).content.decode()
    assert "Improve audit skills" in page and "Run one audit (achieved)" in page


def test_year_page_runs_a_constant_number_of_queries(
    doctor, doctor_client, django_assert_max_num_queries, year
):
    for size in (2, 20):
        CpdEntryFactory.create_batch(size, owner=doctor)
        for _ in range(size // 2):
            _attended(doctor)
        # session, user, 2 sums, plan, entries, attended events, savepoints
        with django_assert_max_num_queries(10):
            doctor_client.get(reverse("cpd:year", args=[year]))


def test_memberships_and_committee_roles_with_colleagues(doctor, doctor_client, outsider, year):
    colleague = ContactFactory(owner=doctor, family_name="Boardmate")
    theirs = ContactFactory(owner=outsider)
    doctor_client.post(
        reverse("cpd:memberships"),
        {"m-organisation": "RACP", "m-kind": "fellow", "m-renewal_date": f"{year + 1}-01-31"},
    )
    assert Membership.objects.get(owner=doctor).kind == "fellow"
    response = doctor_client.post(
        reverse("cpd:role_add"),
        {"r-committee": "Drug and therapeutics", "r-role": "Chair", "r-contacts": [theirs.pk]},
    )
    assert response.status_code == 200 and not CommitteeRole.objects.exists()
    doctor_client.post(
        reverse("cpd:role_add"),
        {"r-committee": "Drug and therapeutics", "r-role": "Chair", "r-contacts": [colleague.pk]},
    )
    assert b"Boardmate" in doctor_client.get(reverse("cpd:memberships")).content


def test_renewals_fall_due_a_month_ahead(doctor):
    today = timezone.localdate()
    Membership.objects.create(
        owner=doctor,
        organisation="AHPRA",
        kind="registration",
        renewal_date=today + dt.timedelta(days=35),
    )
    Membership.objects.create(
        owner=doctor, organisation="AMA", renewal_date=today + dt.timedelta(days=200)
    )
    items = list(renewals([doctor.pk], today, today + dt.timedelta(days=7)))
    assert [(i.kind, i.due_on) for i in items] == [("renewal", today + dt.timedelta(days=5))]


def test_demo_data_gives_the_demo_doctor_a_cpd_year_once():
    demo = {"owner__email": "demo@netmed.local"}

    def counts():
        return (
            CpdEntry.objects.filter(**demo, date__year=timezone.localdate().year).count(),
            Membership.objects.filter(**demo).count(),
            CommitteeRole.objects.filter(**demo).count(),
        )

    call_command("seed_demo")
    first = counts()
    call_command("seed_demo")
    assert counts() == first
    assert first[0] >= 4 and first[1] >= 2 and first[2] == 1
    assert CommitteeRole.objects.filter(**demo).get().contacts.count() == 2
