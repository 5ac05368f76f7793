"""A junior doctor's first weeks, joined up: sign up, import LinkedIn, go to a conference and
find a colleague met there by an unaccented prefix, ask a consultant to mentor them, see the
mentor among their contacts, add a follow-up from the mentor's page, and find it all on the
dashboard."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from contacts.models import Contact
from events.models import PersonMet
from reminders.models import FollowUp
from tests.e2e.test_accounts_journey import confirmation_link
from tests.e2e.test_import_journey import import_file
from tests.factories import PASSWORD, EventFactory, MentorProfileFactory, UserFactory

# One xdist worker runs every journey with a Celery worker: each worker thread consumes the
# one broker queue, and would take (and drop) another test database's tasks.
pytestmark = pytest.mark.xdist_group("celery-worker")

LINKEDIN = (
    Path(__file__).resolve().parents[1] / "contacts" / "fixtures" / "linkedin_connections.csv"
)


def sign_up(page, email: str, name: str) -> None:
    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Your name").press("Enter")
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    page.goto(confirmation_link())
    page.get_by_role("button", name="Confirm").click()


def test_a_junior_doctor_joins_imports_meets_people_finds_a_mentor_and_follows_up(
    page, new_context, log_in, celery_worker
):
    consultant = UserFactory(email="sam.reid@example.org", display_name="Prof Sam Reid")
    MentorProfileFactory(owner=consultant, headline="Cardiologist, happy to help with exams")
    congress = EventFactory(
        title="Cardiac Society Scientific Meeting",
        starts_at=timezone.now() + dt.timedelta(days=10),
    )

    sign_up(page, "priya.nair@example.org", "Dr Priya Nair")
    dashboard = page.get_by_role("main")
    expect(dashboard.get_by_role("heading", name="Getting started")).to_be_visible()
    priya = User.objects.get(email="priya.nair@example.org")

    import_file(page, LINKEDIN)
    assert Contact.objects.for_user(priya).filter(given_name="Siobhán").exists()

    # At the conference: interested, then a colleague met there, found without her accents.
    page.goto(f"/events/{congress.pk}/")
    page.get_by_role("group", name="Your status").get_by_role("button", name="Interested").click()
    box = page.get_by_role("combobox", name="Who did you meet?")
    box.press_sequentially("siob")
    expect(page.get_by_role("listbox")).to_contain_text("Did you mean Siobhán Ó Briain?")
    box.press("Enter")
    expect(
        page.locator("ul.people-met").get_by_role("link", name="Siobhán Ó Briain")
    ).to_be_visible()
    assert PersonMet.objects.get(owner=priya).contact.family_name == "Ó Briain"

    # A mentor from the directory, who accepts in their own browser.
    page.goto("/mentorship/directory/")
    page.get_by_role("link", name="Prof Sam Reid").click()
    page.get_by_label("Message").fill("I am aiming for cardiology advanced training.")
    page.get_by_role("button", name="Send request").click()
    consultant_page = new_context(viewport={"width": 1280, "height": 800}).new_page()
    log_in(consultant_page.context, consultant)
    consultant_page.goto("/")
    waiting = consultant_page.get_by_role("region", name="Waiting for your answer")
    expect(waiting).to_contain_text("Dr Priya Nair asked you to be their mentor")
    consultant_page.goto("/mentorship/requests/")
    consultant_page.get_by_role("article").filter(has_text="Dr Priya Nair").get_by_role(
        "button", name="Accept"
    ).click()
    expect(consultant_page.get_by_role("status")).to_contain_text("Accepted")

    # The mentor is one of her contacts now; a follow-up from the mentor's own page.
    page.goto("/contacts/?q=reid")
    page.locator("#contact-results").get_by_role("link", name=re.compile("Sam Reid")).click()
    facts = page.locator("#relationship-facts")
    expect(facts).to_contain_text("Mentor")
    facts.get_by_text("Add a follow-up").click()
    facts.get_by_label("What").fill("Send Prof Reid my exam timetable")
    facts.get_by_label("By").fill((timezone.localdate() + dt.timedelta(days=3)).isoformat())
    facts.get_by_role("button", name="Add follow-up").click()
    expect(page.locator("#relationship-facts")).to_contain_text("Send Prof Reid my exam timetable")

    page.goto("/")
    expect(page.get_by_role("main")).to_contain_text("Send Prof Reid my exam timetable")
    follow_up = FollowUp.objects.get(owner=priya)
    assert follow_up.contact.emails.filter(email="sam.reid@example.org").exists()
