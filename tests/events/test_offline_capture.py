"""People met without a connection: entries queued on the phone arrive once each, however often
they are sent (static/js/offline-capture.js; the browser journey is
tests/e2e/test_offline_capture.py). And NetMed is installable: manifest and service worker."""

import json
import uuid

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse
from PIL import Image

from contacts.models import Contact
from events.models import CaptureReceipt, PersonMet
from tests.factories import ContactFactory, EventFactory, PrivateEventFactory

pytestmark = pytest.mark.django_db


def sync(client, event, **fields):
    return client.post(reverse("events:met_sync", args=[event.pk]), fields)


def test_a_queued_entry_sent_twice_adds_the_person_once(doctor, doctor_client):
    event = EventFactory(title="RACS ASC")
    ref = str(uuid.uuid4())
    first = sync(doctor_client, event, given_name="Mei", family_name="Chen", client_ref=ref)
    again = sync(doctor_client, event, given_name="Mei", family_name="Chen", client_ref=ref)
    assert first.json() == {"status": "added", "name": "Mei Chen", "near": []}
    assert again.json()["status"] == "already"
    assert Contact.objects.filter(owner=doctor, given_name="Mei").count() == 1
    assert PersonMet.objects.filter(owner=doctor, event=event).count() == 1
    assert CaptureReceipt.objects.get(owner=doctor, client_ref=ref).contact.given_name == "Mei"


def test_two_entries_with_the_same_name_but_their_own_ids_are_two_people(doctor, doctor_client):
    event = EventFactory()
    for _ in range(2):
        response = sync(
            doctor_client,
            event,
            given_name="Sam",
            family_name="Lee",
            client_ref=str(uuid.uuid4()),
            add_anyway="true",
        )
        assert response.json()["status"] == "added"
    assert Contact.objects.filter(owner=doctor, family_name="Lee").count() == 2


def test_a_queued_entry_like_an_existing_contact_is_asked_about_not_added(doctor, doctor_client):
    event = EventFactory()
    ContactFactory(owner=doctor, given_name="Élodie", family_name="Dubois")
    response = sync(
        doctor_client, event, given_name="Elodie", family_name="Dubois", client_ref=uuid.uuid4()
    )
    assert response.json() == {"status": "ask", "name": "", "near": ["Élodie Dubois"]}
    assert not PersonMet.objects.exists()
    assert not CaptureReceipt.objects.exists()


def test_the_same_id_from_another_doctor_is_their_own_entry(doctor, outsider, client):
    event = EventFactory()
    ref = str(uuid.uuid4())
    client.force_login(doctor)
    sync(client, event, given_name="Ana", client_ref=ref)
    client.force_login(outsider)
    response = sync(client, event, given_name="Ana", client_ref=ref)
    assert response.json()["status"] == "added"
    assert Contact.objects.filter(owner=outsider, given_name="Ana").count() == 1


def test_a_sync_without_an_id_or_a_name_is_refused(doctor_client):
    event = EventFactory()
    assert sync(doctor_client, event, given_name="Ana").status_code == 422
    assert sync(doctor_client, event, client_ref=uuid.uuid4()).status_code == 422
    assert not PersonMet.objects.exists()


def test_outsider_cannot_sync_into_another_doctors_private_event(doctor, outsider_client):
    event = PrivateEventFactory(owner=doctor)
    response = sync(outsider_client, event, given_name="Ana", client_ref=uuid.uuid4())
    assert response.status_code == 404
    assert not Contact.objects.filter(given_name="Ana").exists()


def test_the_online_quick_add_with_the_phones_id_is_not_repeated_by_its_queued_copy(
    doctor, doctor_client
):
    """The reply to an htmx send was lost, so the phone kept the entry and sends it again."""
    event = EventFactory()
    ref = str(uuid.uuid4())
    doctor_client.post(
        reverse("events:met_quick_add", args=[event.pk]),
        {"given_name": "Tom", "family_name": "Nguyen", "client_ref": ref},
        HTTP_HX_REQUEST="true",
    )
    response = sync(doctor_client, event, given_name="Tom", family_name="Nguyen", client_ref=ref)
    assert response.json()["status"] == "already"
    assert Contact.objects.filter(owner=doctor, family_name="Nguyen").count() == 1


def test_did_you_mean_online_keeps_the_entrys_id_for_add_anyway(doctor, doctor_client):
    event = EventFactory()
    ContactFactory(owner=doctor, given_name="Priya", family_name="Ramanathan")
    ref = str(uuid.uuid4())
    url = reverse("events:met_quick_add", args=[event.pk])
    asked = doctor_client.post(
        url,
        {"given_name": "Priya", "family_name": "Ramanathan", "client_ref": ref},
        HTTP_HX_REQUEST="true",
    )
    assert b"Did you mean Priya Ramanathan?" in asked.content
    assert ref.encode() in asked.content
    for _ in range(2):
        doctor_client.post(
            url,
            {
                "given_name": "Priya",
                "family_name": "Ramanathan",
                "client_ref": ref,
                "add_anyway": "true",
            },
            HTTP_HX_REQUEST="true",
        )
    assert Contact.objects.filter(owner=doctor, family_name="Ramanathan").count() == 2


def test_the_event_page_offers_offline_capture_with_its_own_script(doctor_client):
    event = EventFactory()
    response = doctor_client.get(reverse("events:detail", args=[event.pk]))
    html = response.content.decode()
    assert "data-offline-capture" in html
    assert reverse("events:met_sync", args=[event.pk]) in html
    assert "js/offline-capture.js" in html
    assert "data-offline-queue" in html


def test_the_manifest_names_the_app_its_start_page_and_icons_to_anyone(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["start_url"] == reverse("dashboard")
    assert manifest["display"] == "standalone"
    sizes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        found = finders.find(icon["src"].removeprefix(settings.STATIC_URL))
        assert found, icon["src"]
        size = int(icon["sizes"].split("x")[0])
        assert Image.open(found).size == (size, size)


def test_the_service_worker_is_served_from_the_root_for_the_whole_site(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert b'addEventListener("fetch"' in response.content


def test_every_page_links_the_manifest_and_the_policy_allows_our_own_worker(doctor_client):
    response = doctor_client.get(reverse("dashboard"))
    assert b'rel="manifest" href="/manifest.webmanifest"' in response.content
    assert b"js/pwa.js" in response.content
    policy = response["Content-Security-Policy"]
    assert "manifest-src 'self'" in policy
    assert "worker-src 'self'" in policy
