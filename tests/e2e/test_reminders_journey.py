"""A follow-up comes due: the reminders page shows it under Today and one click marks it done; the
dashboard shows it, the digest email arrives, and its "Done" link clears it from both."""

import re
import time

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from reminders.models import FollowUp
from reminders.tasks import dispatch_digests
from tests.factories import ContactFactory, FollowUpFactory

# One xdist worker runs every journey with a Celery worker: each worker thread consumes the
# one broker queue, and would take (and drop) another test database's tasks.
pytestmark = pytest.mark.xdist_group("celery-worker")


def test_follow_up_due_today_shows_on_reminders_and_done_clears_it(doctor_page, doctor):
    ContactFactory(owner=doctor, prefix="Prof", given_name="Anika", family_name="Sharma")
    page = doctor_page
    page.goto("/reminders/")
    page.get_by_role("button", name="New follow-up").click()
    page.get_by_label("What").fill("Send Prof Sharma the audit draft")
    page.get_by_label("Due").fill(timezone.localdate().isoformat())
    contact = page.get_by_role("combobox", name="Contact")
    contact.press_sequentially("anika")  # the person picker
    expect(page.get_by_role("option", name=re.compile("Anika Sharma"))).to_be_visible()
    contact.press("Enter")
    expect(page.get_by_role("button", name=re.compile("Remove .*Anika Sharma"))).to_be_visible()
    page.get_by_role("button", name="Save follow-up").click()

    today = page.get_by_role("region", name="Today")
    item = today.get_by_role("listitem").filter(has_text="Send Prof Sharma the audit draft")
    expect(item).to_be_visible()
    item.get_by_role("button", name="Done").click()
    cleared = page.get_by_role("status").filter(has_text="Send Prof Sharma the audit draft")
    expect(cleared).to_be_visible()

    page.reload()
    expect(page.get_by_text("Send Prof Sharma the audit draft")).to_have_count(0)
    assert FollowUp.objects.get(what="Send Prof Sharma the audit draft").done_at is not None


def wait_for_email(timeout: float = 30) -> mail.EmailMessage:
    deadline = time.monotonic() + timeout
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(mail.outbox) == 1, [m.subject for m in mail.outbox]
    return mail.outbox[0]


def test_follow_up_comes_due_on_the_dashboard_and_the_digest_done_link_clears_it(
    doctor_page, doctor, live_server, settings, celery_worker
):
    settings.SITE_URL = live_server.url  # the links in the email point at this server
    doctor.digest_frequency, doctor.digest_hour = "daily", 0
    doctor.save(update_fields=["digest_frequency", "digest_hour"])
    FollowUpFactory(owner=doctor, what="Book the ALS refresher", due_on=timezone.localdate())
    page = doctor_page

    # The morning it comes due, the dashboard lists it under Today, with one-click actions.
    page.goto("/dashboard/")
    today = page.get_by_role("main").get_by_role("region", name=re.compile(r"^Today\b"))
    item = today.get_by_role("listitem").filter(has_text="Book the ALS refresher")
    expect(item).to_be_visible()
    expect(item.get_by_role("button", name="Done")).to_be_visible()

    dispatch_digests.delay()  # what beat does every five minutes; the worker sends the email
    digest = wait_for_email()
    assert doctor.email in digest.to
    assert "Book the ALS refresher" in digest.body
    done_link = re.search(r"Done: (\S+)", digest.body).group(1)

    page.goto(done_link)
    expect(page.get_by_role("heading", name="Book the ALS refresher")).to_be_visible()
    page.get_by_role("button", name="Mark done").click()
    expect(page.get_by_role("status")).to_have_text("Done. Well kept in touch.")
    for path in ("/dashboard/", "/reminders/"):
        page.goto(path)
        expect(page.get_by_role("main")).to_be_visible()
        expect(page.get_by_text("Book the ALS refresher")).to_have_count(0)
