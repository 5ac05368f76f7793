"""The person picker, by keyboard: at an event, "elo" offers Élodie (did you mean?) before any
"add new", Enter marks her met; a name nobody has is added as a new contact from the same box."""

import re

from playwright.sync_api import expect

from contacts.models import Contact, Interaction
from events.models import PersonMet
from tests.factories import ContactFactory, EventFactory


def test_a_doctor_picks_people_met_by_keyboard_and_adds_someone_new_after_the_near_matches(
    doctor_page, doctor
):
    page = doctor_page
    elodie = ContactFactory(owner=doctor, given_name="Élodie", family_name="Dubois")
    ContactFactory(owner=doctor, given_name="Mark", family_name="Lodge")
    event = EventFactory(title="RACP Congress")
    page.goto(f"/events/{event.pk}/")

    box = page.get_by_role("combobox", name="Who did you meet?")
    box.press_sequentially("elo")
    options = page.get_by_role("listbox", name="Matching contacts")
    expect(options).to_contain_text("Did you mean Élodie Dubois?")
    expect(options.get_by_role("option").first).to_have_text(re.compile("^Élodie Dubois"))
    expect(options.get_by_role("option").last).to_have_text("Add “elo” as a new contact")
    expect(options).not_to_contain_text("Lodge")
    box.press("Enter")

    people = page.locator("ul.people-met")
    expect(people.get_by_role("link", name="Élodie Dubois")).to_be_visible()
    assert PersonMet.objects.get(owner=doctor).contact == elodie

    box = page.get_by_role("combobox", name="Who did you meet?")
    box.press_sequentially("Kwame Mensah")
    options = page.get_by_role("listbox", name="Matching contacts")
    expect(options).to_contain_text("None of your contacts matches “Kwame Mensah”.")
    box.press("ArrowDown")
    expect(
        options.get_by_role("option", name="Add “Kwame Mensah” as a new contact")
    ).to_have_attribute("aria-selected", "true")
    box.press("Enter")

    expect(people.get_by_role("link", name="Kwame Mensah")).to_be_visible()
    kwame = Contact.objects.get(owner=doctor, family_name="Mensah")
    assert kwame.given_name == "Kwame"
    assert PersonMet.objects.filter(owner=doctor).count() == 2


def test_also_with_takes_several_people_and_each_can_be_removed_by_keyboard(doctor_page, doctor):
    page = doctor_page
    contact = ContactFactory(owner=doctor, given_name="Priya", family_name="Raman")
    ContactFactory(owner=doctor, given_name="Bjørn", family_name="Larsen")
    ContactFactory(owner=doctor, given_name="Zoë", family_name="Müller")
    page.goto(f"/contacts/{contact.pk}/")
    page.get_by_text("Log an interaction").click()

    box = page.get_by_role("combobox", name="Also with")
    box.press_sequentially("bjorn")
    expect(page.get_by_role("option", name=re.compile("^Bjørn Larsen"))).to_be_visible()
    box.press("Enter")
    box.press_sequentially("zoe")
    expect(page.get_by_role("option", name=re.compile("^Zoë Müller"))).to_be_visible()
    box.press("Enter")
    remove = page.get_by_role("button", name="Remove Bjørn Larsen")
    expect(remove).to_be_visible()
    remove.focus()
    page.keyboard.press("Enter")
    expect(remove).to_have_count(0)
    expect(page.get_by_role("button", name="Remove Zoë Müller")).to_be_visible()

    page.get_by_label("Kind").select_option(index=1)
    page.get_by_role("button", name="Log it").click()
    expect(page.locator(".timeline-entry").first).to_be_visible()
    logged = Interaction.objects.get(contacts=contact)
    assert {c.family_name for c in logged.contacts.all()} == {"Raman", "Müller"}


def test_typing_a_new_contacts_name_asks_did_you_mean_before_a_duplicate(doctor_page, doctor):
    page = doctor_page
    elodie = ContactFactory(owner=doctor, given_name="Élodie", family_name="Dubois")
    page.goto("/contacts/new/")

    page.get_by_label("Given name").press_sequentially("Elodie")
    page.get_by_label("Family name").press_sequentially("Dub")

    hint = page.locator("#similar-contacts")
    expect(hint).to_contain_text("Did you mean Élodie Dubois?")
    hint.get_by_role("link", name="Élodie Dubois").click()
    expect(page).to_have_url(re.compile(f"/contacts/{elodie.pk}/$"))
