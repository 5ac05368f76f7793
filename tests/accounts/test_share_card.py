"""My card: the QR code round trip, the share link showing only what its owner chose, revoking,
the rate limit, outsiders and anonymous visitors, and the camera allowed on the scanner alone."""

import io

import pytest
import zxingcpp
from django.urls import reverse
from PIL import Image

from accounts import cards
from accounts.models import ShareCard
from contacts.models import Contact
from events.models import PersonMet
from tests.factories import EventFactory, PrivateEventFactory, UserFactory, term

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(db):
    return UserFactory(
        display_name="Dr Mei Chen",
        email="mei.chen@example.org",
        workplace="Westmead Hospital",
        specialty=term("specialty", "emergency_medicine"),
    )


@pytest.fixture
def card(owner):
    card = cards.card_for(owner)
    card.phone = "+61412345678"
    card.linkedin = "https://www.linkedin.com/in/mei-chen"
    card.save()
    return card


def share_path(card) -> str:
    return reverse("card_share", args=[card.token])


def decode(png: bytes) -> str:
    result = zxingcpp.read_barcode(Image.open(io.BytesIO(png)))
    assert result is not None, "no QR code found in the image"
    return result.text


def test_a_scanned_card_decodes_to_its_link_and_adds_the_doctor_to_a_colleagues_contacts(
    client, owner, card, outsider
):
    client.force_login(owner)
    svg = client.get(reverse("accounts:card_qr"))
    assert svg["Content-Type"] == "image/svg+xml"
    assert svg.content.lstrip().startswith(b"<svg")
    share_url = f"http://testserver{share_path(card)}"
    assert decode(cards.qr_code(share_url, kind="png")) == share_url

    client.force_login(outsider)
    scanned = decode(cards.qr_code(share_url, kind="png")).removeprefix("http://testserver")
    page = client.get(scanned)
    assert page.status_code == 200
    assert b"Add to my contacts" in page.content
    response = client.post(reverse("card_add", args=[card.token]))
    contact = Contact.objects.get(owner=outsider)
    assert response.status_code == 302
    assert response.url == reverse("contacts:detail", args=[contact.pk])
    assert (contact.prefix, contact.given_name, contact.family_name) == ("Dr", "Mei", "Chen")
    assert contact.specialty == owner.specialty
    assert contact.positions.get().organisation.name == "Westmead Hospital"
    assert contact.phones.get().number == "+61412345678"
    assert contact.links.get().url == "https://www.linkedin.com/in/mei-chen"
    assert not contact.emails.exists()  # the email was not chosen
    assert contact.how_we_met == "Swapped NetMed cards"
    assert Contact.objects.for_user(outsider).search("chen", owner=outsider).count() == 1


def test_adding_the_same_card_twice_finds_the_contact_by_its_shown_email(client, card, outsider):
    card.show_email = True
    card.save()
    client.force_login(outsider)
    for _ in range(2):
        client.post(reverse("card_add", args=[card.token]))
    assert Contact.objects.filter(owner=outsider).count() == 1
    assert Contact.objects.get(owner=outsider).emails.get().email == "mei.chen@example.org"


def test_the_share_link_shows_anyone_only_the_fields_its_owner_chose(
    client, owner, card, django_assert_max_num_queries
):
    card.show_workplace = False
    card.show_specialty = False
    card.save()
    with django_assert_max_num_queries(3):  # the card with its owner, specialty and stage
        response = client.get(share_path(card))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dr Mei Chen" in html
    assert "+61412345678" in html
    assert "linkedin.com/in/mei-chen" in html
    for hidden in ("Westmead", "mei.chen@example.org", str(owner.specialty)):
        assert hidden not in html, hidden
    assert "Sign in to NetMed to add Dr Mei Chen" in html
    assert "Add to my contacts</button>" not in html


def test_an_anonymous_visitor_cannot_add_a_card(client, card):
    response = client.post(reverse("card_add", args=[card.token]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not Contact.objects.exists()


def test_a_revoked_link_gives_404_and_the_new_one_works(client, owner, card, outsider):
    old = card.token
    client.force_login(owner)
    client.post(reverse("accounts:card_revoke"))
    card.refresh_from_db()
    assert card.token != old
    client.force_login(outsider)
    assert client.get(reverse("card_share", args=[old])).status_code == 404
    assert client.post(reverse("card_add", args=[old])).status_code == 404
    assert client.get(share_path(card)).status_code == 200
    assert not Contact.objects.filter(owner=outsider).exists()


def test_share_links_are_rate_limited_per_client(client, card, monkeypatch):
    monkeypatch.setattr(cards, "RATE_LIMIT", 3)
    statuses = [client.get(share_path(card)).status_code for _ in range(3)]
    statuses += [client.get(reverse("card_share", args=["guessing"])).status_code]
    assert statuses == [200, 200, 200, 429]
    other = client.get(share_path(card), REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 200  # another client has its own allowance


def test_a_doctor_sees_their_own_card_without_an_add_button_and_cannot_add_it(client, owner, card):
    client.force_login(owner)
    response = client.get(share_path(card))
    assert b"This is your own card" in response.content
    assert client.post(reverse("card_add", args=[card.token])).status_code == 404
    assert not Contact.objects.exists()


def test_a_card_scanned_from_an_event_page_adds_the_doctor_as_met_there(client, card, outsider):
    event = EventFactory(title="ACEM Winter Symposium")
    client.force_login(outsider)
    page = client.get(share_path(card), {"event": event.pk})
    assert b"Add to my contacts and to ACEM Winter Symposium" in page.content
    response = client.post(
        reverse("card_add", args=[card.token]), {"event": event.pk, "to_event": "1"}
    )
    assert response.url == reverse("events:detail", args=[event.pk]) + "#people"
    met = PersonMet.objects.get(owner=outsider, event=event)
    assert met.contact.family_name == "Chen"
    assert met.contact.how_we_met == "Swapped NetMed cards at ACEM Winter Symposium"


def test_another_doctors_private_event_cannot_be_named_when_adding_a_card(
    client, doctor, card, outsider
):
    private = PrivateEventFactory(owner=doctor)
    client.force_login(outsider)
    assert client.get(share_path(card), {"event": private.pk}).status_code == 404
    assert client.get(share_path(card), {"event": "not-a-uuid"}).status_code == 404
    response = client.post(
        reverse("card_add", args=[card.token]), {"event": private.pk, "to_event": "1"}
    )
    assert response.status_code == 404
    assert not Contact.objects.filter(owner=outsider).exists()


def test_a_doctor_chooses_what_their_card_shows(client, owner, django_assert_max_num_queries):
    client.force_login(owner)
    # session and user, the card (get or create: up to three with its savepoint), the
    # specialty and career stage it shows, the terms of the form
    with django_assert_max_num_queries(12):
        page = client.get(reverse("accounts:card"))
    assert page.status_code == 200
    response = client.post(
        reverse("accounts:card"),
        {"show_career_stage": "on", "show_email": "on", "phone": "0412 345 678", "website": ""},
    )
    assert response.status_code == 302
    card = ShareCard.objects.get(owner=owner)
    assert (card.show_specialty, card.show_workplace, card.show_email) == (False, False, True)
    assert card.phone == "+61412345678"


def test_an_invalid_phone_is_refused_beside_the_field(client, owner):
    client.force_login(owner)
    response = client.post(reverse("accounts:card"), {"phone": "12"})
    assert response.status_code == 200
    assert "not a valid number" in response.content.decode()


def test_the_camera_is_allowed_on_the_scan_page_only(client, owner, card):
    client.force_login(owner)
    event = EventFactory()
    scan = client.get(reverse("accounts:card_scan"), {"event": event.pk})
    assert "camera=(self)" in scan["Permissions-Policy"]
    assert "microphone=()" in scan["Permissions-Policy"]
    assert b"vendor/jsQR.js" in scan.content
    assert str(event.pk).encode() in scan.content
    for url in (
        reverse("accounts:card"),
        share_path(card),
        reverse("events:detail", args=[event.pk]),
        reverse("dashboard"),
    ):
        assert "camera=()" in client.get(url)["Permissions-Policy"], url


def test_the_event_page_links_to_the_scanner_with_the_event(doctor_client):
    event = EventFactory()
    response = doctor_client.get(reverse("events:detail", args=[event.pk]))
    assert f"{reverse('accounts:card_scan')}?event={event.pk}".encode() in response.content
