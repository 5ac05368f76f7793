"""A follow-up comes due; the reminders page shows it under Today; one click marks it done."""

from django.utils import timezone
from playwright.sync_api import expect

from reminders.models import FollowUp
from tests.factories import ContactFactory


def test_follow_up_due_today_shows_on_reminders_and_done_clears_it(doctor_page, doctor):
    ContactFactory(owner=doctor, prefix="Prof", given_name="Anika", family_name="Sharma")
    page = doctor_page
    page.goto("/reminders/")
    page.get_by_role("button", name="New follow-up").click()
    page.get_by_label("What").fill("Send Prof Sharma the audit draft")
    page.get_by_label("Due").fill(timezone.localdate().isoformat())
    page.get_by_label("Contact").select_option(label="Prof Anika Sharma")
    page.get_by_role("button", name="Save follow-up").click()

    today = page.get_by_role("region", name="Today")
    item = today.get_by_role("listitem").filter(has_text="Send Prof Sharma the audit draft")
    expect(item).to_be_visible()
    item.get_by_role("button", name="Done").click()
    expect(
        page.get_by_role("status").filter(has_text="Send Prof Sharma the audit draft")
    ).to_be_visible()

    page.reload()
    expect(page.get_by_text("Send Prof Sharma the audit draft")).to_have_count(0)
    assert FollowUp.objects.get(what="Send Prof Sharma the audit draft").done_at is not None
