"""A doctor adds a colleague, logs a coffee with them, asks to keep in touch every 90 days, and
later finds them by typing a misspelt name."""

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import expect

from contacts.models import Contact
from tests.factories import ContactFactory


def test_doctor_adds_a_contact_logs_a_coffee_sets_a_90_day_cadence_and_finds_them_misspelt(
    doctor_page, doctor
):
    page = doctor_page
    page.goto("/contacts/")
    expect(page.get_by_text("No contacts yet.")).to_be_visible()
    page.get_by_role("button", name="Add a contact").click()

    page.get_by_label("Prefix").fill("Dr")
    page.get_by_label("Given name").fill("Siobhan")
    page.get_by_label("Family name").fill("O'Sullivan")
    page.get_by_label("Specialty", exact=True).select_option(label="Emergency medicine")
    page.get_by_text("More about them").click()  # folded: not an essential
    page.get_by_label("City").fill("Fremantle")
    page.get_by_label("How and where we met").fill("ED registrar teaching, Fiona Stanley")
    page.get_by_role("button", name="Save contact").click()

    expect(page.get_by_role("status")).to_have_text("Siobhan O'Sullivan is saved.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dr Siobhan O'Sullivan")
    expect(page.get_by_text("Last contacted: never")).to_be_visible()

    # Log a coffee with the quick-add form (htmx swaps the timeline in place).
    page.get_by_text("Log an interaction").click()
    page.get_by_label("Kind").select_option(label="Coffee or meal")
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    page.get_by_label("Date").fill(yesterday.isoformat())
    page.get_by_label("Place").fill("Hospital café")
    page.get_by_label("Note").fill("Talked about the ultrasound course.")
    page.get_by_role("button", name="Log it").click()
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text(yesterday.strftime("%d/%m/%Y"))
    expect(timeline).to_contain_text("Coffee or meal")

    # Keep in touch every 90 days.
    page.reload()
    expect(page.get_by_text(f"Last contacted: {yesterday:%d/%m/%Y}")).to_be_visible()
    page.get_by_role("button", name="Edit").click()
    page.get_by_text("Relationship, keeping in touch").click()
    page.get_by_label("Keep in touch every (days)").fill("90")
    page.get_by_role("button", name="Save contact").click()
    expect(page.get_by_text("Keep in touch every 90 days: due in 89 days")).to_be_visible()

    # Weeks later: find her by typing part of a misspelt name.
    ContactFactory(owner=doctor, given_name="Mei", family_name="Chen")
    page.goto("/contacts/")
    page.get_by_label(re.compile("^Search names")).fill("Siobhan O'Sulivan")
    results = page.locator("#contact-results")
    expect(results.get_by_role("link", name="Siobhan O'Sullivan")).to_be_visible()
    expect(results.get_by_role("link", name="Mei Chen")).to_have_count(0)

    contact = Contact.objects.get(family_name="O'Sullivan")
    assert contact.cadence_days == 90
    assert contact.last_interaction_at == yesterday
