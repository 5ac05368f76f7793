"""Issue 22's query guard: every page in its table runs at most 12 queries, and as many for a
doctor with a little of everything as for one with many times more of each.

A doctor's world (``factories.build_world``: one of everything) is grown by ``_grow``: more
contacts (with positions, emails, tags), interactions with the world's contact, follow-ups due,
published events the doctor attends and people met there, meetings, goals and action items on
the shared mentorship, CPD entries, organisations and published mentor profiles.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories

pytestmark = pytest.mark.django_db
BUDGET = 12


def _grow(doctor, world: dict, n: int) -> None:
    contact = world["contact"]
    today = timezone.localdate()
    for i in range(n):
        other = factories.ContactFactory(owner=doctor, family_name=f"Smith{i}", cadence_days=7)
        other.tags.add(world["tag"])
        org = factories.OrganisationFactory(owner=doctor)
        factories.PositionFactory(contact=other, organisation=org)
        factories.ContactEmailFactory(contact=other)
        factories.InteractionFactory(owner=doctor, contacts=[contact, other])
        factories.FollowUpFactory(owner=doctor, contact=other, due_on=today - dt.timedelta(days=i))
        event = factories.EventFactory()
        factories.AttendanceFactory(owner=doctor, event=event, status="interested")
        factories.PersonMetFactory(owner=doctor, event=world["attendance"].event, contact=other)
        shared = world["shared_mentorship"]
        meeting = factories.MeetingFactory(mentorship=shared)
        factories.GoalFactory(mentorship=shared)
        factories.ActionItemFactory(mentorship=shared, meeting=meeting)
        factories.CpdEntryFactory(owner=doctor)
        factories.MentorProfileFactory()


def _pages(world: dict) -> list[tuple[str, str, list, dict]]:
    """(figure in the issue's table, URL name, args, query)."""
    year = timezone.localdate().year
    return [
        ("contact list", "contacts:list", [], {}),
        ("contact list, a later page", "contacts:list", [], {"page": 2, "sort": "organisation"}),
        ("contact search", "contacts:list", [], {"q": "smith"}),
        ("events browse", "events:list", [], {}),
        ("events browse (all upcoming)", "events:list", [], {"all": 1}),
        ("mentorship list", "mentorship:list", [], {}),
        ("keep-in-touch", "reminders:cadence_list", [], {}),
        ("organisations", "collaboration:organisation_list", [], {}),
        ("CPD year", "cpd:year", [year], {}),
        ("event page", "events:detail", [world["attendance"].event.pk], {}),
        ("contact page", "contacts:detail", [world["contact"].pk], {}),
        ("dashboard", "dashboard", [], {}),
        ("reminders", "reminders:list", [], {}),
        ("reminders, show more (htmx)", "reminders:list", [], {"show": "overdue", "start": 10}),
        ("mentorship page", "mentorship:detail", [world["shared_mentorship"].pk], {}),
        ("mentor directory", "mentorship:directory", [], {}),
        ("network graph data", "collaboration:graph_data", [], {}),
    ]


def _counts(client, world, django_assert_max_num_queries) -> dict[str, int]:
    counts = {}
    for figure, name, args, query in _pages(world):
        headers = {"HX-Request": "true"} if "htmx" in figure else {}
        with django_assert_max_num_queries(BUDGET, info=figure) as captured:
            response = client.get(reverse(name, args=args), query, headers=headers)
        assert response.status_code == 200, figure
        counts[figure] = len(captured)
    return counts


def test_every_page_in_the_table_runs_at_most_12_queries_whatever_the_doctor_has(
    client, django_assert_max_num_queries
):
    small, large = factories.UserFactory(), factories.UserFactory()
    small_world, large_world = factories.build_world(small), factories.build_world(large)
    _grow(small, small_world, 2)
    _grow(large, large_world, 60)

    client.force_login(small)
    few = _counts(client, small_world, django_assert_max_num_queries)
    client.force_login(large)
    many = _counts(client, large_world, django_assert_max_num_queries)

    grew = {figure: (few[figure], many[figure]) for figure in few if few[figure] != many[figure]}
    assert not grew, f"query counts grew with the data: {grew}"
