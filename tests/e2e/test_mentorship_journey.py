"""A junior doctor asks a consultant from the directory to mentor them; the consultant, in their
own browser, accepts; the junior sets a goal and logs a meeting with an action item."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from mentorship.models import ActionItem, Goal
from tests.factories import MentorProfileFactory, UserFactory


def test_junior_requests_mentoring_consultant_accepts_and_they_set_a_goal_and_meet(
    doctor, new_context, log_in
):
    consultant = UserFactory(email="sam.reid@example.org", display_name="Prof Sam Reid")
    MentorProfileFactory(owner=consultant, headline="Physician, happy to help with exams")
    junior_context = new_context(viewport={"width": 1280, "height": 800})
    consultant_context = new_context(viewport={"width": 1280, "height": 800})
    log_in(junior_context, doctor)
    log_in(consultant_context, consultant)
    junior = junior_context.new_page()
    mentor = consultant_context.new_page()

    junior.goto("/mentorship/directory/")
    junior.get_by_role("link", name="Prof Sam Reid").click()
    junior.get_by_label("Message").fill("I sit the written exam next year; could you mentor me?")
    junior.get_by_role("button", name="Send request").click()

    mentor.goto("/mentorship/requests/")
    request = mentor.get_by_role("article").filter(has_text="Dr Amara Okafor")
    expect(request).to_contain_text("could you mentor me?")
    request.get_by_role("button", name="Accept").click()
    expect(mentor.get_by_role("status")).to_have_text("Accepted. You now share this mentorship.")

    junior.goto("/mentorship/")
    junior.get_by_role("main").get_by_role("link", name="Prof Sam Reid").first.click()
    junior.get_by_text("Add a goal").click()
    junior.get_by_label("Title").fill("Pass the written exam")
    junior.get_by_role("button", name="Add goal").click()
    expect(junior.get_by_role("link", name="Pass the written exam")).to_be_visible()

    junior.get_by_role("button", name="Log a meeting").click()
    last_week = timezone.localdate() - dt.timedelta(days=7)
    junior.get_by_label("Date").fill(last_week.isoformat())
    junior.get_by_label("Notes", exact=True).fill("Made a study timetable.")
    junior.get_by_role("button", name="Save meeting").click()
    expect(junior.get_by_role("heading", level=1)).to_have_text(f"Meeting on {last_week:%d/%m/%Y}")
    junior.get_by_role("textbox", name="Action").fill("Book the practice exam")
    junior.get_by_role("button", name="Add action").click()
    expect(junior.get_by_role("region", name="Action items")).to_contain_text(
        "Book the practice exam"
    )

    # The consultant sees the shared goal and the action in their own browser.
    mentor.reload()
    expect(mentor.get_by_role("link", name="Pass the written exam")).to_be_visible()
    expect(mentor.get_by_role("region", name="Open actions")).to_contain_text(
        "Book the practice exam"
    )
    assert Goal.objects.get().title == "Pass the written exam"
    assert ActionItem.objects.get().title == "Book the practice exam"
