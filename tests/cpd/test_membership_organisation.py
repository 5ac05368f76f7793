"""A membership names a college or association from the list, or any other organisation."""

import pytest
from django.urls import reverse

from core.models import Term
from core.organisations import link_named_rows
from cpd.models import Membership
from events.models import Event
from tests.factories import EventFactory, term

pytestmark = pytest.mark.django_db


def test_a_doctor_chooses_their_college_and_the_list_names_it(doctor, doctor_client):
    racp = term("college", "RACP")
    doctor_client.post(
        reverse("cpd:memberships"),
        {"m-organisation_term": racp.pk, "m-kind": "fellow", "m-renews_annually": "on"},
    )
    membership = Membership.objects.get(owner=doctor)
    assert (membership.organisation_term, membership.organisation) == (racp, "")
    body = doctor_client.get(reverse("cpd:memberships")).content.decode()
    assert "Fellow, Royal Australasian College of Physicians" in body


def test_any_other_organisation_is_typed(doctor, doctor_client):
    doctor_client.post(
        reverse("cpd:memberships"),
        {"m-organisation": "Medical Board of Australia (AHPRA)", "m-kind": "registration"},
    )
    membership = Membership.objects.get(owner=doctor)
    assert membership.organisation_term is None
    assert str(membership) == "Medical registration, Medical Board of Australia (AHPRA)"


def test_a_membership_needs_an_organisation_chosen_or_typed(doctor, doctor_client):
    response = doctor_client.post(reverse("cpd:memberships"), {"m-kind": "member"})
    assert response.status_code == 200
    assert "Choose an organisation from the list or type its name." in response.content.decode()
    assert not Membership.objects.filter(owner=doctor).exists()


def test_the_outsider_never_sees_the_doctors_membership(doctor, outsider_client):
    Membership.objects.create(owner=doctor, organisation_term=term("college", "ACRRM"))
    body = outsider_client.get(reverse("cpd:memberships")).content.decode()
    assert "Member, Australian College of Rural and Remote Medicine" not in body


def test_the_migration_links_rows_that_name_a_listed_organisation_and_keeps_the_rest(doctor):
    named = Membership.objects.create(owner=doctor, organisation="Australian Medical Association")
    abbreviated = Membership.objects.create(owner=doctor, organisation="racgp")
    other = Membership.objects.create(owner=doctor, organisation="AMA (NSW)")
    event = EventFactory(organiser_term=None, organiser="RACS")
    linked = link_named_rows(
        Membership, term_model=Term, term_field="organisation_term", text_field="organisation"
    )
    link_named_rows(Event, term_model=Term, term_field="organiser_term", text_field="organiser")
    assert linked == 2
    for row in (named, abbreviated, other, event):
        row.refresh_from_db()
    assert (named.organisation_term, named.organisation) == (term("association", "AMA"), "")
    assert abbreviated.organisation_term == term("college", "RACGP")
    assert (other.organisation_term, other.organisation) == (None, "AMA (NSW)")
    assert (event.organiser_term, event.organiser) == (term("college", "RACS"), "")
