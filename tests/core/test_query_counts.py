"""The regression guard for page speed: each main page runs the same number of queries whatever
the size of the doctor's network, and no more than its budget.

Timings stay out of the test suite (see ``bench/``); query counts are what a test can hold steady.
Feature apps add their own pages' guards beside their tests; this file covers the pages that
existed when the benchmark harness landed (issue 10).
"""

import pytest
from django.urls import reverse

from tests import factories

# Budget per page: session + user, the page's rows (one query per relation shown), a count for
# pagination, and a little room for the feature work still to land on these pages.
BUDGET = 12


def _grow(doctor, size: int) -> dict:
    """A network of ``size`` contacts, each with a position, email, tag and interactions, plus
    projects, publications and introductions among them: everything the pages list."""
    hospital = factories.OrganisationFactory(owner=doctor)
    tag = factories.TagFactory(owner=doctor)
    project = factories.ProjectFactory(owner=doctor)
    contacts = []
    for _ in range(size):
        contact = factories.ContactFactory(owner=doctor)
        contact.tags.add(tag)
        factories.PositionFactory(contact=contact, organisation=hospital)
        factories.ContactEmailFactory(contact=contact)
        factories.CollaboratorFactory(project=project, contact=contact)
        contacts.append(contact)
    busiest = contacts[0]
    for contact in contacts:
        factories.InteractionFactory(owner=doctor, contacts=[busiest, contact])
    for index in range(size // 3 + 1):
        factories.PublicationFactory(owner=doctor, project=project)
        factories.IntroductionFactory(
            owner=doctor, introducer=busiest, introduced=contacts[1 + index % (len(contacts) - 1)]
        )
    return {"hospital": hospital, "project": project, "contact": busiest}


def _pages(world: dict) -> list[tuple[str, list]]:
    return [
        ("dashboard", []),
        ("dashboard_health", []),
        ("contacts:list", []),
        ("contacts:detail", [world["contact"].pk]),
        ("reminders:list", []),
        ("collaboration:index", []),
        ("collaboration:project_list", []),
        ("collaboration:project_detail", [world["project"].pk]),
        ("collaboration:publication_list", []),
        ("collaboration:introduction_list", []),
        ("collaboration:organisation_list", []),
        ("collaboration:organisation_detail", [world["hospital"].pk]),
        ("collaboration:graph", []),
        ("collaboration:graph_data", []),
        ("collaboration:graph_list", []),
    ]


# Requested as htmx does: these URLs answer a partial only to htmx.
HTMX = {"dashboard_health"}


def _budget(name: str) -> int:
    """Pages that list what is due ask every registered due source, and the contact page every
    timeline source (a query or two each): the budget grows with the sources, never the data."""
    from contacts import timeline
    from reminders import due

    if name == "dashboard":
        # Session, user, the upcoming events, one query per due source (the keep-in-touch
        # source's tally comes with its rows), and one on the user's row for the requests and
        # referee asks waiting for the doctor's answer and a new doctor's first steps. The health
        # charts load after.
        return 4 + len(due.sources())
    if name == "dashboard_health":
        return 6  # session, user, the four health aggregates (none when cached)
    if name == "reminders:list":
        return BUDGET + 2 * len(due.sources())
    if name == "contacts:detail":
        return BUDGET + 2 * len(timeline.sources())
    return BUDGET


def _counts(client, world, django_assert_max_num_queries) -> dict[str, int]:
    counts = {}
    for name, args in _pages(world):
        with django_assert_max_num_queries(_budget(name)) as captured:
            headers = {"HX-Request": "true"} if name in HTMX else {}
            response = client.get(reverse(name, args=args), headers=headers)
        assert response.status_code == 200, name
        counts[name] = len(captured)
    return counts


@pytest.mark.django_db
def test_main_pages_run_the_same_number_of_queries_at_3_and_30_contacts(
    client, django_assert_max_num_queries
):
    small_doctor = factories.UserFactory()
    large_doctor = factories.UserFactory()
    small_world = _grow(small_doctor, 3)
    large_world = _grow(large_doctor, 30)
    # Someone else's network in the same database must not change the counts either.
    _grow(factories.UserFactory(), 5)

    client.force_login(small_doctor)
    small = _counts(client, small_world, django_assert_max_num_queries)
    client.force_login(large_doctor)
    large = _counts(client, large_world, django_assert_max_num_queries)

    grew = {name: (small[name], large[name]) for name in small if large[name] != small[name]}
    assert not grew, f"query counts grew with the data (3 -> 30 contacts): {grew}"
