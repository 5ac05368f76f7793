"""On a phone, a doctor finds a conference, marks it registered, adds two people met there and
downloads the .ics."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from events.models import Attendance
from tests.e2e.checks import assert_fits_phone
from tests.factories import EventFactory, term


def test_on_a_phone_doctor_finds_a_conference_registers_adds_people_met_and_gets_the_ics(
    doctor_phone_page, doctor
):
    EventFactory(title="Emergency Medicine Winter Symposium", city="Perth", state="WA")
    EventFactory(
        title="ANZCA Annual Scientific Meeting",
        organiser_term=term("college", "ANZCA"),
        city="Brisbane",
        state="QLD",
        kind=term("event_kind", "conference"),
        starts_at=timezone.now() + dt.timedelta(days=40),
    )
    page = doctor_phone_page
    page.goto("/events/")
    search = page.get_by_label("Search")
    search.fill("ANZCA")
    search.press("Enter")
    # Enter submits the search (the address gains its query); the live search may show the
    # results first, and a click then would be overtaken by the submission's page load.
    page.wait_for_url("**/events/?q=ANZCA*")
    page.wait_for_load_state("load")
    results = page.locator("#event-results")
    expect(results.get_by_role("link", name="ANZCA Annual Scientific Meeting")).to_be_visible()
    expect(results.get_by_text("Emergency Medicine Winter Symposium")).to_have_count(0)
    results.get_by_role("link", name="ANZCA Annual Scientific Meeting").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("ANZCA Annual Scientific Meeting")
    assert_fits_phone(page, page.get_by_role("button", name="Registered"))
    page.get_by_role("group", name="Your status").get_by_role("button", name="Registered").click()
    expect(page.get_by_role("button", name="Registered")).to_have_attribute("aria-pressed", "true")

    people = page.locator("#people-panel")
    for given, family, workplace in [
        ("Mei", "Chen", "Westmead Hospital"),
        ("Tom", "Nguyen", "The Royal Melbourne Hospital"),
    ]:
        people.get_by_text("Someone new? Add them with details").click()
        people.get_by_label("First name").fill(given)
        people.get_by_label("Last name").fill(family)
        people.get_by_label("Workplace").fill(workplace)
        people.get_by_role("button", name="Add as met here").click()
        expect(people.get_by_role("link", name=f"{given} {family}")).to_be_visible()
    assert_fits_phone(page)

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Add to my calendar (.ics)").click()
    ics = download_info.value.path().read_text(encoding="utf-8")
    assert "BEGIN:VCALENDAR" in ics
    assert "ANZCA Annual Scientific Meeting" in ics

    attendance = Attendance.objects.get(owner=doctor)
    assert attendance.status == "registered"
