import datetime as dt

import pytest
from django.urls import reverse

from collaboration.models import Collaborator
from contacts.duplicates import suggest_duplicates
from contacts.interactions import log_interaction
from contacts.merging import merge_contacts
from contacts.models import Contact
from tests.factories import (
    CollaboratorFactory,
    ContactEmailFactory,
    ContactFactory,
    ContactLinkFactory,
    ContactPhoneFactory,
    IntroductionFactory,
    OrganisationFactory,
    PositionFactory,
    ProjectFactory,
    TagFactory,
    term,
    trash,
)

pytestmark = pytest.mark.django_db


def test_duplicates_are_suggested_by_email_in_any_case_and_by_phone(doctor, outsider):
    a, b, c, d = ContactFactory.create_batch(4, owner=doctor)
    ContactEmailFactory(contact=a, email="Mei.Chen@health.example.org")
    ContactEmailFactory(contact=b, email="mei.chen@HEALTH.example.org")
    ContactPhoneFactory(contact=c, number="+61412000111")
    ContactPhoneFactory(contact=d, number="+61412000111")
    theirs = ContactFactory(owner=outsider)
    ContactEmailFactory(contact=theirs, email="mei.chen@health.example.org")

    pairs = {frozenset([p.first, p.second]): p.reasons for p in suggest_duplicates(doctor)}
    assert pairs == {
        frozenset([a, b]): ("the same email address",),
        frozenset([c, d]): ("the same phone number",),
    }


def test_similar_names_at_the_same_organisation_are_suggested(doctor):
    org = OrganisationFactory(owner=doctor)
    smith = ContactFactory(owner=doctor, given_name="Liam", family_name="Smith")
    smyth = ContactFactory(owner=doctor, given_name="Liam", family_name="Smyth")
    elsewhere = ContactFactory(owner=doctor, given_name="Liam", family_name="Smith")
    PositionFactory(contact=smith, organisation=org)
    PositionFactory(contact=smyth, organisation=org)
    PositionFactory(contact=elsewhere)
    pairs = suggest_duplicates(doctor)
    assert [{p.first, p.second} for p in pairs] == [{smith, smyth}]
    assert suggest_duplicates(doctor, contact=elsewhere) == []


def test_trashed_contacts_are_not_suggested(doctor):
    a, b = ContactFactory.create_batch(2, owner=doctor)
    ContactEmailFactory(contact=a, email="x@example.org")
    ContactEmailFactory(contact=b, email="x@example.org")
    trash(b)
    assert suggest_duplicates(doctor) == []


def test_merging_moves_everything_and_loses_nothing(doctor):
    keep = ContactFactory(
        owner=doctor, given_name="Mei", notes="Keeps bees.", languages=["English"]
    )
    dup = ContactFactory(
        owner=doctor,
        given_name="May",
        city="Brisbane",
        notes="Runs marathons.",
        languages=["Mandarin", "English"],
        closeness=4,
    )
    shared_email = "mei@example.org"
    ContactEmailFactory(contact=keep, email=shared_email)
    ContactEmailFactory(contact=dup, email=shared_email.upper())
    ContactEmailFactory(contact=dup, email="other@example.org")
    ContactPhoneFactory(contact=dup)
    ContactLinkFactory(contact=dup)
    PositionFactory(contact=dup)
    tag = TagFactory(owner=doctor)
    dup.tags.add(tag)
    dup.relationship_kinds.add(term("relationship_kind", "mentor"))
    both = log_interaction(doctor, [keep, dup], kind="call", occurred_on=dt.date(2025, 1, 1))
    only_dup = log_interaction(doctor, [dup], kind="meal", occurred_on=dt.date(2026, 2, 2))
    project = ProjectFactory(owner=doctor)
    CollaboratorFactory(project=project, contact=keep)
    CollaboratorFactory(project=project, contact=dup)  # same project: one membership remains
    other_project = ProjectFactory(owner=doctor)
    CollaboratorFactory(project=other_project, contact=dup)
    introduction = IntroductionFactory(owner=doctor, introducer=dup)

    merge_contacts(owner=doctor, keep=keep, duplicate=dup, take={"given_name", "closeness"})

    keep.refresh_from_db()
    dup.refresh_from_db()
    assert keep.given_name == "May" and keep.closeness == 4 and keep.city == ""
    assert "Keeps bees." in keep.notes and "Runs marathons." in keep.notes
    assert keep.languages == ["English", "Mandarin"]
    assert sorted(e.email.lower() for e in keep.emails.all()) == [
        "mei@example.org",
        "other@example.org",
    ]
    assert keep.phones.count() == keep.links.count() == keep.positions.count() == 1
    assert list(keep.tags.all()) == [tag]
    assert keep.relationship_kinds.get().code == "mentor"
    assert set(keep.interactions.all()) == {both, only_dup}
    assert list(both.contacts.all()) == [keep]
    assert keep.last_interaction_at == dt.date(2026, 2, 2)
    assert {c.project for c in Collaborator.objects.filter(contact=keep)} == {
        project,
        other_project,
    }
    introduction.refresh_from_db()
    assert introduction.introducer == keep
    assert dup.is_in_trash
    assert not any(
        getattr(dup, rel.get_accessor_name()).exists()
        for rel in Contact._meta.related_objects
        if rel.get_accessor_name() and not rel.one_to_one
    )


def test_a_contact_cannot_be_merged_with_another_doctors(doctor, outsider):
    mine, theirs = ContactFactory(owner=doctor), ContactFactory(owner=outsider)
    with pytest.raises(PermissionError):
        merge_contacts(owner=doctor, keep=mine, duplicate=theirs, take=set())


def test_the_merge_page_offers_a_radio_per_differing_field_and_merges(doctor_client, doctor):
    keep = ContactFactory(owner=doctor, given_name="Mei", family_name="Chen", city="")
    dup = ContactFactory(owner=doctor, given_name="May", family_name="Chen", city="Perth")
    url = reverse("contacts:merge", args=[keep.pk])
    body = doctor_client.get(url, {"with": dup.pk}).content.decode()
    assert 'name="take_given_name"' in body and 'name="take_city"' in body
    assert 'name="take_family_name"' not in body

    response = doctor_client.post(
        url, {"with": dup.pk, "take_given_name": "keep", "take_city": "other"}
    )
    assert response.status_code == 302 and response.url == keep.get_absolute_url()
    keep.refresh_from_db()
    assert (keep.given_name, keep.city) == ("Mei", "Perth")
    assert Contact.objects.in_trash().get() == dup
    assert "Undo" in doctor_client.get(keep.get_absolute_url()).content.decode()


def test_the_merge_page_without_a_partner_suggests_and_searches(doctor_client, doctor):
    keep = ContactFactory(owner=doctor)
    dup = ContactFactory(owner=doctor)
    ContactEmailFactory(contact=keep, email="same@example.org")
    ContactEmailFactory(contact=dup, email="same@example.org")
    body = doctor_client.get(reverse("contacts:merge", args=[keep.pk])).content.decode()
    assert f"?with={dup.pk}" in body


def test_the_duplicates_page_lists_pairs_and_has_an_empty_state(doctor_client, doctor):
    assert (
        "No likely duplicates" in doctor_client.get(reverse("contacts:duplicates")).content.decode()
    )
    a, b = ContactFactory.create_batch(2, owner=doctor)
    ContactPhoneFactory(contact=a, number="+61400000001")
    ContactPhoneFactory(contact=b, number="+61400000001")
    assert "Compare and merge" in doctor_client.get(reverse("contacts:duplicates")).content.decode()


def test_an_outsider_cannot_merge_or_see_the_doctors_duplicates(outsider_client, doctor, outsider):
    a, b = ContactFactory.create_batch(2, owner=doctor)
    ContactPhoneFactory(contact=a, number="+61400000001")
    ContactPhoneFactory(contact=b, number="+61400000001")
    assert outsider_client.get(reverse("contacts:merge", args=[a.pk])).status_code == 404
    assert (
        "Compare and merge"
        not in outsider_client.get(reverse("contacts:duplicates")).content.decode()
    )
    mine = ContactFactory(owner=outsider)
    response = outsider_client.post(reverse("contacts:merge", args=[mine.pk]), {"with": a.pk})
    assert response.status_code == 404
    assert not Contact.objects.in_trash().exists()
