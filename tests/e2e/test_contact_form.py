"""The short contact form: its essentials and Save fit a 1280 x 800 screen above the fold (and a
phone, in one column); the field of practice follows the specialty; more emails and phones are
added in place; Enter in a field still saves."""

from playwright.sync_api import Page, expect

from contacts.models import Contact
from tests.e2e.checks import assert_fits_phone

FOLD = 800


def essentials(page: Page) -> dict:
    form = page.locator("form.contact-form")
    return {
        "prefix": form.get_by_label("Prefix"),
        "given name": form.get_by_label("Given name"),
        "family name": form.get_by_label("Family name"),
        "role": form.get_by_label("Title"),
        "organisation": form.get_by_label("Organisation", exact=True),
        "new organisation": form.get_by_label("…or a new organisation"),
        "specialty": form.get_by_label("Specialty", exact=True),
        "field of practice": form.get_by_label("Field of practice"),
        "email": form.get_by_role("textbox", name="Email", exact=True),
        "phone": form.get_by_label("Number"),
        "how we met": form.get_by_label("How and where we met"),
    }


def bottom(locator) -> float:
    box = locator.bounding_box()
    assert box is not None, f"{locator} has no box: hidden?"
    return box["y"] + box["height"]


def test_the_essentials_and_save_fit_above_the_fold_of_a_1280_by_800_screen(doctor_page):
    page = doctor_page
    page.goto("/contacts/new/")
    save = page.get_by_role("button", name="Save contact")
    expect(save).to_be_visible()
    save_box = save.bounding_box()
    assert save_box["y"] + save_box["height"] <= FOLD
    for name, field in essentials(page).items():
        expect(field, name).to_be_visible()
        # Above the fold, and not under the Save bar that stays at the foot of the window.
        assert bottom(field) <= save_box["y"], f"{name} is below the fold: {field.bounding_box()}"
    # The rest waits, folded.
    expect(page.get_by_label("City")).to_be_hidden()
    expect(page.get_by_label("Keep in touch every (days)")).to_be_hidden()


def test_on_a_phone_the_essentials_stack_in_one_column_and_save_stays_in_reach(
    doctor_phone_page,
):
    page = doctor_phone_page
    page.goto("/contacts/new/")
    fields = essentials(page)
    assert_fits_phone(page, page.get_by_role("button", name="Save contact"))
    given, family = fields["given name"].bounding_box(), fields["family name"].bounding_box()
    assert family["y"] > given["y"] + given["height"] and family["x"] == given["x"]
    fields["how we met"].scroll_into_view_if_needed()
    expect(page.get_by_role("button", name="Save contact")).to_be_in_viewport()


def test_doctor_adds_a_second_email_and_phone_in_place_and_narrows_the_field_of_practice(
    doctor_page, doctor
):
    page = doctor_page
    page.goto("/contacts/new/")
    page.get_by_label("Given name").fill("Aroha")
    page.get_by_label("Family name").fill("Ngata")

    # The field of practice follows the specialty, sorted, without leaving the page.
    field = page.get_by_label("Field of practice")
    expect(field.locator("option")).to_have_count(1)  # "Choose a specialty first"
    page.get_by_label("Specialty", exact=True).select_option(label="Surgery")
    expect(field.locator("option", has_text="General surgery")).to_have_count(1)
    offered = field.locator("option").all_inner_texts()[1:]
    assert offered == sorted(offered) and "Cardiology" not in offered
    field.select_option(label="General surgery")

    emails = page.get_by_role("textbox", name="Email", exact=True)
    emails.first.fill("aroha@example.org")
    page.get_by_role("button", name="Add another email").click()
    expect(emails).to_have_count(2)
    expect(emails.nth(1)).to_be_focused()  # typing goes on in the new row
    page.keyboard.type("a.ngata@health.example.org")

    numbers = page.get_by_label("Number")
    numbers.first.fill("+61 412 345 678")
    page.get_by_role("button", name="Add another phone").click()
    expect(numbers).to_have_count(2)
    numbers.nth(1).fill("+61 2 9515 6111")
    page.get_by_role("button", name="Save contact").click()

    expect(page.get_by_role("status")).to_have_text("Aroha Ngata is saved.")
    contact = Contact.objects.get(owner=doctor)
    assert sorted(contact.emails.values_list("email", flat=True)) == [
        "a.ngata@health.example.org",
        "aroha@example.org",
    ]
    assert sorted(contact.phones.values_list("number", flat=True)) == [
        "+61295156111",
        "+61412345678",
    ]
    assert contact.specialty_field.label == "General surgery"


def test_enter_in_a_field_saves_rather_than_adding_a_row(doctor_page, doctor):
    page = doctor_page
    page.goto("/contacts/new/")
    page.get_by_label("Given name").fill("Tane")
    page.get_by_label("Family name").fill("Wiremu")
    page.get_by_label("Family name").press("Enter")
    expect(page.get_by_role("status")).to_have_text("Tane Wiremu is saved.")
    assert Contact.objects.filter(owner=doctor, family_name="Wiremu").exists()


def test_an_error_in_a_folded_part_is_shown_open(doctor_page):
    page = doctor_page
    page.goto("/contacts/new/")
    page.get_by_label("Given name").fill("Mei")
    page.get_by_text("More about them").click()
    page.get_by_label("Birthday day").fill("31")
    page.get_by_label("Birthday month").fill("2")
    page.get_by_role("button", name="Save contact").click()
    expect(page.get_by_text("That day does not exist in that month.")).to_be_visible()
