"""The demo network (``manage.py seed_demo``, which ``bin/run`` loads) looks lived in, is built
quickly, keeps its derived data as the app's own services do, and every main page draws it."""

import time

import pytest
from django.core.management import call_command

from accounts.models import User
from contacts.models import Contact, Interaction
from contacts.search import refresh_search_vectors
from core import demo
from events.models import PersonMet
from tests.e2e.pages import DOCTOR_PAGES

MAIN_PAGES = {
    "dashboard",
    "contacts",
    "contact",
    "events",
    "event",
    "mentorship",
    "reminders",
    "cpd",
    "network",
    "network-picture",
    "profile",
}


@pytest.fixture
def demo_doctor(db):
    started = time.perf_counter()
    doctor, _staff = demo.seed()
    seconds = time.perf_counter() - started
    assert seconds < 10, f"the demo took {seconds:.1f}s to build"
    return doctor


def test_the_demo_network_is_about_150_contacts_with_a_year_of_interactions(demo_doctor, today):
    contacts = Contact.objects.for_user(demo_doctor)
    interactions = Interaction.objects.for_user(demo_doctor)
    assert contacts.count() == demo.NETWORK_SIZE == 150
    assert contacts.values("specialty").distinct().count() >= 15
    assert contacts.values("positions__organisation").distinct().count() >= 12
    assert interactions.count() >= 400
    assert interactions.filter(people_count__gt=1).count() >= 50  # links in the network picture
    oldest = interactions.order_by("occurred_on").first().occurred_on
    assert 300 <= (today - oldest).days <= 400
    assert PersonMet.objects.filter(owner=demo_doctor).count() >= 10


def test_the_demo_keeps_derived_data_as_the_contact_services_would(demo_doctor):
    contacts = Contact.objects.for_user(demo_doctor)
    stored = {c.pk: (c.last_interaction_at, c.next_due_on) for c in contacts}
    vectors = dict(contacts.values_list("pk", "search_vector"))
    counts = dict(Interaction.objects.for_user(demo_doctor).values_list("pk", "people_count"))

    from contacts.interactions import refresh_last_interaction, store_people

    store_people(counts)
    refresh_last_interaction(stored)
    refresh_search_vectors(stored)

    assert {c.pk: (c.last_interaction_at, c.next_due_on) for c in contacts} == stored
    assert dict(contacts.values_list("pk", "search_vector")) == vectors
    assert dict(Interaction.objects.for_user(demo_doctor).values_list("pk", "people_count")) == (
        counts
    )
    assert contacts.filter(last_interaction_at__isnull=False).count() > 100
    assert contacts.filter(next_due_on__isnull=False).exists()


def test_the_demo_contacts_are_found_by_search(demo_doctor, client):
    client.force_login(demo_doctor)
    response = client.get("/contacts/", {"q": "Sharma"})
    assert "Anika" in response.content.decode()


def test_every_main_page_draws_the_demo_network(demo_doctor, client):
    client.force_login(demo_doctor)
    pages = [page for page in DOCTOR_PAGES if page.name in MAIN_PAGES]
    assert {page.name for page in pages} == MAIN_PAGES
    for page in pages:
        response = client.get(page.path(demo_doctor))
        assert response.status_code == 200, page.name


def test_seed_demo_twice_adds_nothing(db):
    call_command("seed_demo")
    doctor = User.objects.get(email="demo@netmed.local")
    counts = (
        Contact.objects.for_user(doctor).count(),
        Interaction.objects.for_user(doctor).count(),
    )
    call_command("seed_demo")
    assert counts == (
        Contact.objects.for_user(doctor).count(),
        Interaction.objects.for_user(doctor).count(),
    )
