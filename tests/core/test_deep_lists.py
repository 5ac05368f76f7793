"""Every paged list picks its page's ids first and works out its columns for those rows only
(issue 22, ``core.paging.ids_first_page``): the same rows, in the same order, as the list
showed before, and a later page costs as many queries as the first."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from mentorship import directory
from tests import factories

pytestmark = pytest.mark.django_db


def _events(doctor, n: int) -> None:
    start = timezone.now() + dt.timedelta(days=1)
    for i in range(n):
        # pairs share a start, so the order needs its tie-breaker
        event = factories.EventFactory(
            starts_at=start + dt.timedelta(hours=i // 2), title="Grand round"
        )
        if i % 3 == 0:
            factories.AttendanceFactory(owner=doctor, event=event, status="interested")


def test_events_browse_pages_show_the_events_they_showed_before(doctor_client, doctor):
    _events(doctor, 60)
    before = list(
        Event.objects.visible_to(doctor)
        .upcoming()
        .for_listing()
        .with_my_status(doctor)
        .order_by("starts_at", "title", "pk")
    )
    for number in (1, 2, 3):
        page = doctor_client.get(reverse("events:list"), {"all": 1, "page": number}).context["page"]
        shown = [(e.pk, e.my_status, e.specialty_labels, str(e.kind)) for e in page]
        expected = before[(number - 1) * 25 : number * 25]
        assert shown == [(e.pk, e.my_status, e.specialty_labels, str(e.kind)) for e in expected]


def test_a_later_page_of_events_costs_as_many_queries_as_the_first(doctor_client, doctor):
    _events(doctor, 60)
    counts = []
    for number in (1, 3):
        with CaptureQueriesContext(connection) as captured:
            doctor_client.get(reverse("events:list"), {"all": 1, "page": number})
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_the_mentor_directory_pages_show_the_profiles_they_showed_before(doctor_client, doctor):
    for _ in range(45):
        factories.MentorProfileFactory()
    before = list(directory.directory_profiles(doctor).order_by("-updated_at", "id"))
    for number in (1, 2, 3):
        page = doctor_client.get(reverse("mentorship:directory"), {"page": number}).context["page"]
        expected = before[(number - 1) * 20 : number * 20]
        assert [(p.pk, p.mentees) for p in page] == [(p.pk, p.mentees) for p in expected]


def test_outsider_pages_through_none_of_the_doctors_trash(outsider_client, doctor):
    factories.trash(factories.ContactFactory(owner=doctor, family_name="Binned"))
    body = outsider_client.get(reverse("contacts:trash"), {"page": 1}).content.decode()
    assert "Binned" not in body
