"""The short contact form: its essentials and Save fit a 1280 x 800 screen above the fold (and a
phone, in one column); the field of practice follows the specialty; more emails and phones are
added in place; Enter in a field still saves."""

from playwright.sync_api import Page, expect

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
    page.screenshot(path="/tmp/form-desk.png", full_page=False)
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
    page.screenshot(path="/tmp/form-phone.png", full_page=True)
    fields = essentials(page)
    assert_fits_phone(page, page.get_by_role("button", name="Save contact"))
    given, family = fields["given name"].bounding_box(), fields["family name"].bounding_box()
    assert family["y"] > given["y"] + given["height"] and family["x"] == given["x"]
    fields["how we met"].scroll_into_view_if_needed()
    expect(page.get_by_role("button", name="Save contact")).to_be_in_viewport()
