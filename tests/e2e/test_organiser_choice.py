"""The organiser of a doctor's event: a college chosen from the list hides the "other" field,
and choosing "Other" brings it back."""

from playwright.sync_api import expect

from events.models import Event
from tests.factories import term


def test_choosing_a_college_hides_the_other_organiser_field(doctor_page, doctor):
    page = doctor_page
    page.goto("/events/new/")
    other = page.get_by_label("Other organiser")
    expect(other).to_be_visible()  # "Other" is the empty choice, shown first
    organiser = page.get_by_label("Organiser", exact=True)
    organiser.select_option(label="Australasian College for Emergency Medicine (ACEM)")
    expect(other).to_be_hidden()
    organiser.select_option(label="Other (type it below)")
    expect(other).to_be_visible()
    other.fill("Westmead Hospital")
    organiser.select_option(label="Australasian College for Emergency Medicine (ACEM)")
    page.get_by_label("Title").fill("Trauma morning")
    page.get_by_label("Kind").select_option(label="Workshop")
    page.get_by_label("Starts").fill("2030-03-06T08:00")
    page.get_by_label("Ends").fill("2030-03-06T12:00")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Trauma morning")).to_be_visible()
    event = Event.objects.get(owner=doctor)
    assert (event.organiser_term, event.organiser) == (term("college", "ACEM"), "")
