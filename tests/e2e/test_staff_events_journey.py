"""Staff log in to the Django admin (password and TOTP code), import events from a CSV, publish
one; a doctor then finds it among the events."""

import datetime as dt
import re

from allauth.mfa.totp.internal import auth as totp_auth
from django.utils import timezone
from playwright.sync_api import expect

from events.models import Event
from tests.e2e.test_accounts_journey import current_totp_code, log_in_with_form
from tests.factories import PASSWORD, UserFactory


def events_csv() -> bytes:
    start = timezone.localdate() + dt.timedelta(days=60)
    rows = [
        "title,kind,organiser,start,end,city,state,cpd_educational",
        f"RACP Congress 2027,conference,RACP,{start} 09:00,{start} 17:00,Adelaide,SA,6",
        f"Rural Generalist Skills Day,workshop,ACRRM,{start} 08:30,{start} 16:30,Dubbo,NSW,5",
    ]
    return ("\n".join(rows) + "\n").encode()


def test_staff_import_events_from_csv_publish_one_and_a_doctor_sees_it(
    page, new_context, doctor, log_in, celery_worker, clock
):
    staff = UserFactory(email="events@netmed.example", is_staff=True, is_superuser=True)
    secret = totp_auth.generate_totp_secret()
    totp_auth.TOTP.activate(staff, secret)

    log_in_with_form(page, staff.email, PASSWORD)
    page.get_by_label("Code").fill(current_totp_code(secret, clock))
    page.get_by_label("Code").press("Enter")
    expect(page.get_by_role("heading", name=re.compile("Good to see you"))).to_be_visible()

    page.goto("/admin/")
    events_app = page.get_by_role("table", name="Events", exact=True)
    events_app.get_by_role("row").get_by_role("link", name="Events", exact=True).click()
    page.get_by_role("link", name="Import CSV or .ics").click()
    page.get_by_label("File").set_input_files(
        files=[{"name": "events.csv", "mimeType": "text/csv", "buffer": events_csv()}]
    )
    page.get_by_label("Dry run").uncheck()
    page.get_by_role("button", name="Import").click()
    # A Celery worker imports the file; the page refreshes itself until its report is in.
    expect(page.get_by_role("heading", name=re.compile("2 new"))).to_be_visible()
    assert Event.objects.filter(published=False).count() == 2

    page.goto("/admin/events/event/")
    row = page.get_by_role("row").filter(has_text="RACP Congress 2027")
    row.get_by_role("checkbox").check()
    page.get_by_role("combobox", name=re.compile("^Action")).select_option(
        label="Publish selected events (approves suggestions)"
    )
    page.get_by_role("button", name="Go").click()
    expect(page.get_by_text("1 events published.")).to_be_visible()

    doctor_context = new_context(viewport={"width": 1280, "height": 800})
    log_in(doctor_context, doctor)
    doctor_page = doctor_context.new_page()
    doctor_page.goto("/events/")
    results = doctor_page.locator("#event-results")
    expect(results.get_by_role("link", name="RACP Congress 2027")).to_be_visible()
    expect(results.get_by_text("Rural Generalist Skills Day")).to_have_count(0)
