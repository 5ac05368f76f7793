"""Who might be there (``events.selectors.who_might_be_there``, one hand-written query): the
doctor's living contacts met at the same series' or organiser's other events, or sharing one of
the event's specialties, not yet met here; those met before first, a dozen at most."""

import datetime as dt

import pytest
from django.utils import timezone

from events.selectors import who_might_be_there
from tests.factories import ContactFactory, EventFactory, PersonMetFactory, UserFactory, term

pytestmark = pytest.mark.django_db


def _names(doctor, event):
    return [(row.display_name, row.met_before) for row in who_might_be_there(doctor, event)]


def test_contacts_met_at_the_organisers_other_events_come_first_whatever_its_case(doctor):
    earlier = EventFactory(organiser_term=None, organiser="St Elsewhere")
    event = EventFactory(
        organiser_term=None, organiser="ST ELSEWHERE", specialties=[term("specialty", "surgery")]
    )
    met = ContactFactory(owner=doctor, given_name="Ann", family_name="Zed", specialty=None)
    PersonMetFactory(owner=doctor, event=earlier, contact=met)
    ContactFactory(
        owner=doctor, given_name="Bob", family_name="Able", specialty=term("specialty", "surgery")
    )
    assert _names(doctor, event) == [("Ann Zed", True), ("Bob Able", False)]
    assert who_might_be_there(doctor, event)[1].specialty == term("specialty", "surgery").label


def test_an_organiser_term_relates_events_and_an_event_with_no_relation_has_only_specialties(
    doctor,
):
    college = term("college", "RACS")
    earlier = EventFactory(organiser_term=college)
    event = EventFactory(organiser_term=college)
    met = ContactFactory(owner=doctor, given_name="Cy", family_name="Met", specialty=None)
    PersonMetFactory(owner=doctor, event=earlier, contact=met)
    assert _names(doctor, event) == [("Cy Met", True)]
    alone = EventFactory(organiser_term=None, organiser="")
    assert _names(doctor, alone) == []


def test_people_met_here_trashed_contacts_and_other_doctors_contacts_are_left_out(doctor):
    surgery = term("specialty", "surgery")
    event = EventFactory(specialties=[surgery])
    here = ContactFactory(owner=doctor, family_name="Here", specialty=surgery)
    PersonMetFactory(owner=doctor, event=event, contact=here)
    ContactFactory(
        owner=doctor, family_name="Trashed", specialty=surgery, deleted_at=timezone.now()
    )
    ContactFactory(owner=UserFactory(), family_name="Theirs", specialty=surgery)
    assert _names(doctor, event) == []


def test_a_dozen_at_most_in_name_order(doctor):
    surgery = term("specialty", "surgery")
    event = EventFactory(specialties=[surgery], starts_at=timezone.now() + dt.timedelta(days=3))
    for i in range(14):
        ContactFactory(owner=doctor, given_name="P", family_name=f"N{i:02}", specialty=surgery)
    assert [name for name, _ in _names(doctor, event)] == [f"P N{i:02}" for i in range(12)]
