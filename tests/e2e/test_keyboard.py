"""Keyboard alone: every main page starts with a "Skip to content" link, shows where the focus is,
and its main action is reached with Tab; a doctor adds a contact and logs a coffee without the
mouse; focus stays put when htmx swaps part of the page, and the phone menu opens and closes."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from core import demo
from tests.e2e.checks import focused, skip_to_content, tab_to
from tests.e2e.pages import ANONYMOUS_PAGES, DOCTOR_PAGES
from tests.factories import FollowUpFactory

# The pages the issue names (dashboard, contacts, forms, events, mentorship, directory, settings,
# login) and CPD: the ones a doctor lives in. Every main page is in the axe and phone checks.
WALKED = [
    "login",
    "dashboard",
    "contacts",
    "contact",
    "contact-form",
    "events",
    "event",
    "mentorship",
    "mentorship-detail",
    "mentor-directory",
    "reminders",
    "cpd",
    "cpd-entry-form",
    "memberships",
    "projects",
    "profile",
    "email-addresses",
]


@pytest.fixture
def demo_doctor(db):
    doctor, _staff = demo.seed()
    return doctor


def test_every_main_page_skips_to_content_shows_focus_and_reaches_its_action_by_tab(
    page, demo_doctor, log_in
):
    pages = {main_page.name: main_page for main_page in [*ANONYMOUS_PAGES, *DOCTOR_PAGES]}
    problems = {}
    logged_in = False
    for name in WALKED:
        main_page = pages[name]
        if main_page not in ANONYMOUS_PAGES and not logged_in:
            log_in(page.context, demo_doctor)
            logged_in = True
        page.goto(main_page.path(demo_doctor))
        found = skip_to_content(page)
        if not found and main_page.action_role is not None:
            found = tab_to(page, main_page.primary_action(page))
        if found:
            problems[name] = sorted(set(found))
    assert not problems, "\n".join(f"{name}: {found}" for name, found in problems.items())


def test_doctor_adds_a_contact_and_logs_a_coffee_with_the_keyboard_alone(doctor_page, doctor):
    page = doctor_page
    keys = page.keyboard
    page.goto("/dashboard/")
    assert not skip_to_content(page, follow=False)

    # The main navigation, then "Add a contact", each found with Tab and followed with Enter.
    tab_problems = tab_to(page, page.get_by_role("navigation", name="Main").get_by_text("Contacts"))
    keys.press("Enter")
    expect(page.get_by_role("heading", level=1, name="Contacts")).to_be_visible()
    tab_problems += skip_to_content(page)
    tab_problems += tab_to(page, page.get_by_role("button", name="Add a contact"))
    keys.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_contain_text("contact")
    tab_problems += tab_to(page, page.get_by_label("Prefix"))
    keys.type("Dr")
    tab_problems += tab_to(page, page.get_by_label("Given name"))
    keys.type("Tane")
    tab_problems += tab_to(page, page.get_by_label("Family name"))
    keys.type("Wiremu")
    tab_problems += tab_to(page, page.get_by_label("Specialty", exact=True))
    keys.type("Emergency")  # a closed select picks the option typed
    tab_problems += tab_to(page, page.get_by_role("button", name="Save contact"))
    keys.press("Enter")
    expect(page.get_by_role("status")).to_have_text("Tane Wiremu is saved.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dr Tane Wiremu")

    # Log a coffee (the date is today's unless changed): Space opens the folded form; a first try
    # without the kind keeps the focus on the field to fix, and once it is logged the focus is
    # still in the timeline, not thrown back to the top of the page.
    tab_problems += tab_to(page, page.get_by_text("Log an interaction"))
    keys.press("Space")
    tab_problems += tab_to(page, page.get_by_label("Note"))
    keys.type("Coffee after the trauma call.")
    tab_problems += tab_to(page, page.get_by_role("button", name="Log it"))
    keys.press("Enter")
    kind = page.get_by_label("Kind")
    expect(kind).to_have_attribute("aria-invalid", "true")
    expect(kind).to_be_focused()
    keys.type("Coffee")  # a closed select picks the option typed
    tab_problems += tab_to(page, page.get_by_role("button", name="Log it"))
    keys.press("Space")
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text("Coffee or meal")
    expect(timeline).to_contain_text("Coffee after the trauma call.")
    # Ready to log the next one.
    expect(page.get_by_role("button", name="Log an interaction")).to_be_focused()

    assert not tab_problems, sorted(set(tab_problems))


def test_done_by_keyboard_on_the_dashboard_keeps_the_focus_on_the_news(doctor_page, doctor):
    FollowUpFactory(owner=doctor, what="Email the roster", due_on=timezone.localdate())
    FollowUpFactory(owner=doctor, what="Send the slides", due_on=timezone.localdate())
    page = doctor_page
    page.goto("/dashboard/")
    item = page.get_by_role("listitem").filter(has_text="Email the roster")
    assert not tab_to(page, item.get_by_role("button", name="Done"))
    page.keyboard.press("Enter")
    news = page.get_by_role("status").filter(has_text="Email the roster")
    expect(news).to_be_visible()
    expect(news).to_be_focused()
    # Tab carries on from there, not from the top of the page.
    page.keyboard.press("Tab")
    assert news.evaluate(
        "el => !!(el.compareDocumentPosition(document.activeElement)"
        " & Node.DOCUMENT_POSITION_FOLLOWING)"
    ), focused(page)


def test_on_a_phone_the_menu_opens_from_the_keyboard_and_escape_closes_it(
    doctor_phone_page, doctor
):
    page = doctor_phone_page
    page.goto("/dashboard/")
    menu = page.get_by_role("navigation", name="Main")
    contacts = menu.get_by_role("link", name="Contacts")
    expect(contacts).to_be_hidden()
    assert not tab_to(page, menu.get_by_text("Menu"), limit=5)
    page.keyboard.press("Enter")
    expect(contacts).to_be_visible()
    page.keyboard.press("Tab")
    expect(menu.get_by_role("link", name="Dashboard")).to_be_focused()
    page.keyboard.press("Escape")
    expect(contacts).to_be_hidden()
    expect(menu.get_by_text("Menu")).to_be_focused()
    # Open again and follow a link with Enter.
    page.keyboard.press("Enter")
    assert not tab_to(page, contacts, limit=10)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/contacts/$"))
