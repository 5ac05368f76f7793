"""From any page, "/" puts the cursor in the quick find and Enter finds the contact by a
three-letter prefix; "n" opens a new contact."""

import re

from playwright.sync_api import expect

from contacts.search import refresh_search_vectors
from tests.factories import ContactFactory


def test_slash_finds_a_contact_from_any_page_and_n_adds_one(doctor_page, doctor):
    page = doctor_page
    people = [
        ContactFactory(owner=doctor, given_name="Élodie", family_name="Dubois"),
        ContactFactory(owner=doctor, given_name="Bjørn", family_name="Larsen"),
    ]
    refresh_search_vectors([person.pk for person in people])  # as the contact services do
    page.goto("/events/")

    page.keyboard.press("/")
    expect(page.locator("#quick-find")).to_be_focused()
    page.keyboard.type("dub")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/contacts/\?q=dub$"))
    results = page.locator("#contact-results")
    expect(results.get_by_text("Dubois")).to_be_visible()
    expect(results.get_by_text("Larsen")).to_have_count(0)

    # Leave the search field (a keystroke there is typing) by clicking the page's heading: the
    # middle of the page is a contact card with a tick box.
    page.locator("main h1").click()
    page.keyboard.press("n")
    expect(page).to_have_url(re.compile(r"/contacts/new/$"))
