"""At an event, a doctor scans a colleague's NetMed card (a photo of the code: headless Chromium
has no camera and, on Linux, no BarcodeDetector, so the vendored jsQR reads it) and adds them as
a contact met there."""

from playwright.sync_api import expect

from accounts import cards
from events.models import PersonMet
from tests.factories import EventFactory, UserFactory


def test_a_doctor_scans_a_colleagues_card_from_an_event_page_and_adds_them_as_met(
    doctor_page, doctor, live_server, tmp_path
):
    colleague = UserFactory(display_name="Dr Tom Nguyen", workplace="Royal Melbourne Hospital")
    card = cards.card_for(colleague)
    event = EventFactory(title="RACP Congress")
    code = tmp_path / "card.png"
    code.write_bytes(cards.qr_code(f"{live_server.url}/c/{card.token}/", kind="png"))

    page = doctor_page
    page.goto(f"/events/{event.pk}/")
    page.get_by_role("button", name="Scan their NetMed card").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Scan a colleague's card")
    # The heading shows before the deferred scanner script listens for a photo: wait for it.
    page.wait_for_load_state("load")
    page.get_by_label("Or take a photo of the code").set_input_files(str(code))

    expect(page.get_by_role("heading", level=1)).to_have_text("Dr Tom Nguyen's card")
    expect(page.get_by_text("Royal Melbourne Hospital")).to_be_visible()
    page.get_by_role("button", name="Add to my contacts and to RACP Congress").click()
    people = page.locator("#people-panel")
    expect(people.get_by_role("link", name="Tom Nguyen")).to_be_visible()
    met = PersonMet.objects.get(owner=doctor, event=event)
    assert met.contact.family_name == "Nguyen"
