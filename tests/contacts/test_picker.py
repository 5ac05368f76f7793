"""One person picker wherever a doctor chooses a contact (contacts/picker.py)."""

import datetime as dt
import re
from html import unescape

import pytest
from django.urls import reverse

from contacts.models import Contact
from contacts.picker import ContactField, ContactsField
from cpd.models import CommitteeRole
from reminders.models import FollowUp
from tests.factories import (
    ContactFactory,
    EventFactory,
    ProjectFactory,
    SharedMentorshipFactory,
)
from tests.security.test_hostile_input import project_forms

pytestmark = pytest.mark.django_db


@pytest.fixture
def elodie(doctor):
    return ContactFactory(owner=doctor, prefix="Dr", given_name="Élodie", family_name="Dubois")


def _in_three_weeks(today) -> str:
    return (today + dt.timedelta(days=21)).isoformat()


def _pickers(html: str) -> dict[str, str]:
    """Each picker on a page: its field name and the address its matches come from."""
    found = re.findall(
        r'data-contact-picker data-name="([^"]+)"[^>]*?data-search-url="([^"]+)"', html
    )
    return {name: unescape(url) for name, url in found}


# Every page with a person picker, and the field it picks for.
PICKER_PAGES = [
    ("follow-up", lambda d: reverse("reminders:follow_up_create"), "contact"),
    ("people met", lambda d: reverse("events:detail", args=[EventFactory().pk]), "contact"),
    (
        "also with",
        lambda d: reverse("contacts:detail", args=[ContactFactory(owner=d).pk]),
        "others",
    ),
    ("merge", lambda d: reverse("contacts:merge", args=[ContactFactory(owner=d).pk]), "with"),
    ("introducer", lambda d: reverse("collaboration:introduction_list"), "introducer"),
    ("introduced", lambda d: reverse("collaboration:introduction_list"), "introduced"),
    (
        "collaborator",
        lambda d: reverse("collaboration:project_detail", args=[ProjectFactory(owner=d).pk]),
        "contact",
    ),
    ("mentorship", lambda d: reverse("mentorship:create"), "contact"),
    (
        "shared mentorship",
        lambda d: reverse("mentorship:edit", args=[SharedMentorshipFactory(owner=d).pk]),
        "my_contact",
    ),
    ("referee", lambda d: reverse("mentorship:referee_list"), "contact"),
    ("committee", lambda d: reverse("cpd:memberships"), "r-contacts"),
]


@pytest.mark.parametrize(("page", "url", "field"), PICKER_PAGES, ids=[p[0] for p in PICKER_PAGES])
@pytest.mark.parametrize("typed", ["elodie", "elo", "Dub"])
def test_every_picker_finds_an_accented_name_typed_plainly_or_by_three_letters(
    doctor, doctor_client, elodie, page, url, field, typed
):
    ContactFactory(owner=doctor, given_name="Mark", family_name="Lodge")

    html = doctor_client.get(url(doctor)).content.decode()
    pickers = _pickers(html)
    assert field in pickers, f"no person picker for {field} on the {page} page"

    matches = doctor_client.get(pickers[field] + "&q=" + typed).content.decode()
    assert f'data-id="{elodie.pk}"' in matches
    assert "Lodge" not in matches


def test_the_picker_asks_did_you_mean_before_offering_to_add_someone_new(doctor_client, elodie):
    url = reverse("contacts:pick") + "?field=contact&new=1&q=elodie+d"

    html = doctor_client.get(url).content.decode()

    assert "Did you mean Élodie Dubois?" in html
    assert html.index("Did you mean") < html.index(f'data-id="{elodie.pk}"')
    assert html.index(f'data-id="{elodie.pk}"') < html.index("as a new contact")


def test_a_picker_that_cannot_add_people_offers_only_matches(doctor_client, elodie):
    html = doctor_client.get(reverse("contacts:pick") + "?field=with&q=zzz").content.decode()

    assert "None of your contacts matches “zzz”." in html
    assert "as a new contact" not in html


def test_the_picker_never_shows_another_doctors_contacts(outsider_client, elodie):
    html = outsider_client.get(reverse("contacts:pick") + "?field=contact&q=elodie").content
    assert str(elodie.pk).encode() not in html


def test_adding_from_the_picker_makes_a_searchable_contact(doctor, doctor_client):
    response = doctor_client.post(reverse("contacts:pick_add"), {"name": "A/Prof Zoë  Müller"})

    assert response.status_code == 201
    made = Contact.objects.get(pk=response.json()["id"])
    assert (made.owner, made.prefix, made.given_name, made.family_name) == (
        doctor,
        "A/Prof",
        "Zoë",
        "Müller",
    )
    assert response.json()["label"] == made.display_name
    assert list(Contact.objects.for_user(doctor).search("zoe mul", owner=doctor)) == [made]


def test_adding_from_the_picker_needs_a_name(doctor, doctor_client):
    response = doctor_client.post(reverse("contacts:pick_add"), {"name": " 42 "})

    assert response.status_code == 400
    assert "name" in response.json()["error"]
    assert not Contact.objects.for_user(doctor).exists()


def test_without_javascript_a_typed_name_with_one_match_is_chosen(
    doctor, doctor_client, elodie, today
):
    response = doctor_client.post(
        reverse("reminders:follow_up_create"),
        {"what": "Send the audit", "due_on": _in_three_weeks(today), "contact_find": "elo"},
    )

    assert response.status_code == 302
    assert FollowUp.objects.get(owner=doctor).contact == elodie


def test_without_javascript_several_matches_come_back_as_a_choice_beside_the_field(
    doctor, doctor_client, elodie, today
):
    other = ContactFactory(owner=doctor, given_name="Eloise", family_name="Zhang")

    response = doctor_client.post(
        reverse("reminders:follow_up_create"),
        {"what": "Send the audit", "due_on": _in_three_weeks(today), "contact_find": "elo"},
    )

    html = response.content.decode()
    assert "Several contacts match “elo”: choose one." in html
    for contact in (elodie, other):
        assert f'<input type="radio" name="contact" value="{contact.pk}">' in html
    assert not FollowUp.objects.exists()


def test_without_javascript_a_name_that_matches_nobody_is_an_error(doctor_client, elodie, today):
    response = doctor_client.post(
        reverse("reminders:follow_up_create"),
        {"what": "Send the audit", "due_on": _in_three_weeks(today), "contact_find": "Nobody"},
    )

    assert "None of your contacts matches “Nobody”." in response.content.decode()
    assert not FollowUp.objects.exists()


def test_a_typed_name_never_resolves_to_another_doctors_contact(
    outsider, outsider_client, elodie, today
):
    response = outsider_client.post(
        reverse("reminders:follow_up_create"),
        {"what": "Send the audit", "due_on": _in_three_weeks(today), "contact_find": "elodie"},
    )

    assert "None of your contacts matches" in response.content.decode()
    assert not FollowUp.objects.exists()


def test_the_committee_picker_takes_several_people(doctor, doctor_client, elodie, today):
    mark = ContactFactory(owner=doctor, given_name="Mark", family_name="Lodge")

    doctor_client.post(
        reverse("cpd:role_add"),
        {
            "r-committee": "Training committee",
            "r-role": "Member",
            "r-start_date": today.replace(day=1).isoformat(),
            "r-contacts": [str(elodie.pk)],
            "r-contacts_find": "lodge",
        },
    )

    role = CommitteeRole.objects.get(owner=doctor)
    assert set(role.contacts.all()) == {elodie, mark}


def test_every_form_field_that_chooses_a_contact_is_a_person_picker():
    contact_fields = {}
    for form in project_forms():
        for name, field in form.base_fields.items():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and queryset.model is Contact:
                contact_fields[f"{form.__name__}.{name}"] = type(field)

    assert contact_fields, "the walk found no contact fields at all"
    assert {k: v for k, v in contact_fields.items() if v not in (ContactField, ContactsField)} == {}
    assert "InteractionForm.others" in contact_fields
    assert "FollowUpForm.contact" in contact_fields


def test_typing_a_new_contacts_name_shows_who_they_may_already_be(doctor_client, elodie):
    form = doctor_client.get(reverse("contacts:create")).content.decode()
    assert f'hx-get="{reverse("contacts:similar")}"' in form

    url = reverse("contacts:similar") + "?given_name=Elodie&family_name=Dub"
    html = doctor_client.get(url).content.decode()
    assert "Did you mean Élodie Dubois?" in html
    assert reverse("contacts:detail", args=[elodie.pk]) in html

    assert "Did you mean" not in doctor_client.get(url.replace("Elodie", "Zed")).content.decode()


def test_a_new_contacts_name_never_suggests_another_doctors_contact(outsider_client, elodie):
    url = reverse("contacts:similar") + "?given_name=Elodie&family_name=Dub"
    assert "Dubois" not in outsider_client.get(url).content.decode()
