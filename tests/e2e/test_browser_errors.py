"""No console error, page error or Content-Security-Policy violation in any browser test: the
watch in ``conftest.py`` (``browser_problems``) fails every journey that meets one. These tests
prove the watch sees what it should, and replay the interactions that once broke the CSP."""

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import expect

from contacts.search import refresh_search_vectors
from tests.factories import ContactFactory


def test_the_watch_sees_a_blocked_inline_style_and_a_script_error(doctor_page, browser_problems):
    page = doctor_page
    page.goto("/contacts/")
    page.evaluate("document.querySelector('main').setAttribute('style', 'color: red')")
    page.evaluate("setTimeout(() => { throw new Error('deliberate') })")
    page.wait_for_timeout(300)

    assert any("CSP violation: style-src-attr" in problem for problem in browser_problems)
    assert any("page error" in problem and "deliberate" in problem for problem in browser_problems)
    browser_problems.clear()  # seen: this test is about the watch, not the page


def test_logging_an_interaction_after_resizing_the_note_applies_no_inline_style(
    doctor_page, doctor
):
    """htmx carried the style attribute of a resized textarea across the swap with
    setAttribute("style"), which the CSP blocks ("Applying inline style violates ...")."""
    contact = ContactFactory(owner=doctor, given_name="Mei", family_name="Chen")
    page = doctor_page
    page.goto(f"/contacts/{contact.pk}/")
    page.get_by_text("Log an interaction").click()
    page.get_by_label("Kind").select_option(label="Coffee or meal")
    page.get_by_label("Date").fill((timezone.localdate() - dt.timedelta(days=1)).isoformat())
    note = page.get_by_label("Note")
    note.evaluate("box => { box.style.height = '9em'; }")  # as dragging its corner does
    note.fill("Talked about the ultrasound course.")
    page.get_by_role("button", name="Log it").click()

    expect(
        page.locator("#timeline").get_by_text("Talked about the ultrasound course.")
    ).to_be_visible()


def test_live_search_then_back_and_forward_raise_no_error(doctor_page, doctor):
    """Back after a live search restored htmx's snapshot, firing htmx:afterSwap with no target
    (a TypeError in app.js); snapshots also parse runtime style attributes back in."""
    people = [
        ContactFactory(owner=doctor, given_name="Anika", family_name="Sharma"),
        ContactFactory(owner=doctor, given_name="Liam", family_name="Smith"),
    ]
    refresh_search_vectors([person.pk for person in people])
    page = doctor_page
    page.goto("/contacts/")
    page.get_by_label(re.compile("^Search names")).press_sequentially("Shar", delay=80)
    results = page.locator("#contact-results")
    expect(results.get_by_text("Smith")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"q=Shar"))

    page.go_back()
    expect(page).to_have_url(re.compile(r"/contacts/$"))
    expect(results.get_by_text("Smith")).to_be_visible()
    page.go_forward()
    expect(page).to_have_url(re.compile(r"q=Shar"))
    expect(results.get_by_text("Sharma")).to_be_visible()
