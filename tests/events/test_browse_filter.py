"""The browse filter reads its vocabularies and the doctor's interests in one query, as the ORM
read them in two, and builds its form class once, each form with the vocabularies of its own
request (issue 22)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import Term
from events.forms import EventFilter
from events.models import Event

pytestmark = pytest.mark.django_db


def _filter(data=None, **kwargs):
    return EventFilter(data or {}, queryset=Event.objects.all(), **kwargs)


def test_the_vocabularies_are_the_orms(doctor):
    event_filter = _filter(interests_of=doctor)
    for name, kind in EventFilter.VOCABULARIES.items():
        terms = Term.objects.filter(kind=kind, active=True).order_by("sort_order", "label")
        expected = [(str(pk), label) for pk, label in terms.values_list("pk", "label")]
        assert expected
        assert event_filter.filters[name].extra["choices"] == expected
        assert list(event_filter.form.fields[name].choices)[1:] == expected


def test_the_doctors_interests_come_with_the_vocabularies_in_one_query(doctor, outsider):
    specialties = list(Term.objects.filter(kind="specialty")[:4])
    specialties[2].active = False
    specialties[2].save()
    doctor.specialty = specialties[0]
    doctor.interests.set(specialties[1:])
    outsider.interests.set(specialties[:1])
    with CaptureQueriesContext(connection) as queries:
        event_filter = _filter(interests_of=doctor)
    assert len(queries) == 1
    interests = list(doctor.interests.values_list("pk", flat=True))
    assert event_filter.fields_of(doctor) == [doctor.specialty_id, *interests]
    assert len(interests) == 3


def test_without_a_doctor_the_filter_reads_no_interests(doctor):
    event_filter = _filter()
    with pytest.raises(ValueError):
        event_filter.fields_of(doctor)


def test_each_form_has_its_requests_vocabularies(doctor):
    kind = Term.objects.filter(kind="event_kind", active=True).first()
    assert _filter().form  # the shared form class is built
    kind.label = "Renamed kind"
    kind.save()
    form = _filter({"kind": str(kind.pk)}).form
    assert (str(kind.pk), "Renamed kind") in list(form.fields["kind"].choices)
    assert form.is_valid()
    kind.active = False
    kind.save()
    form = _filter({"kind": str(kind.pk)}).form
    assert not form.is_valid()
    assert type(form) is type(_filter().form)
