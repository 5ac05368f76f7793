"""Query budgets: the list, the contact page and search cost the same at 10 and 1,000 contacts."""

import datetime as dt

import pytest
from django.urls import reverse

from contacts.models import Contact, ContactEmail, Interaction, Organisation, Position, Tag
from contacts.search import refresh_search_vectors
from tests.factories import term

pytestmark = pytest.mark.django_db


def network(owner, size: int) -> Contact:
    """``size`` contacts with an email, a position, two tags and interactions, by bulk_create."""
    org = Organisation.objects.create(owner=owner, name="Westmead Hospital")
    tags = Tag.objects.bulk_create(Tag(owner=owner, name=f"tag {i}") for i in range(2))
    people = Contact.objects.bulk_create(
        Contact(owner=owner, given_name=f"Given{i}", family_name=f"Smith{i}", cadence_days=30)
        for i in range(size)
    )
    ContactEmail.objects.bulk_create(
        ContactEmail(contact=c, email=f"p{i}@example.org") for i, c in enumerate(people)
    )
    Position.objects.bulk_create(
        Position(contact=c, organisation=org, title="Registrar") for c in people
    )
    Contact.tags.through.objects.bulk_create(
        Contact.tags.through(contact=c, tag=t) for c in people for t in tags
    )
    kind = term("interaction_kind", "call")
    rows = Interaction.objects.bulk_create(
        Interaction(owner=owner, kind=kind, occurred_on=dt.date(2026, 1, 1 + i % 28))
        for i in range(min(size, 100))
    )
    Interaction.contacts.through.objects.bulk_create(
        Interaction.contacts.through(
            interaction=row, contact=people[0], occurred_on=row.occurred_on
        )
        for row in rows
    )
    refresh_search_vectors([c.pk for c in people])
    return people[0]


# session, user, count, page of contacts (their tags, specialty and organisation within it);
# the filter form's five choice lists and the tag suggestions, in one query (contacts.filters).
LIST_BUDGET = 6
# The htmx partial of a search with a tag filter: session, user, the tag filter's choices, the
# page's ids with the total (COUNT(*) OVER (), no separate count) and the page's rows with their
# columns (the tag suggestions are in the page around the results, not asked again).
SEARCH_BUDGET = 5
# session, user, the contact with its positions, emails, phones, links, tags and relationship
# kinds (one hand-written statement: contacts.detail), every timeline source's statement in one
# round trip (contacts.timeline.register_query: interactions, events, mentorship, reminders,
# collaboration's projects and introductions), the follow-ups beside the facts, the "Projects
# together" panel and the form's interaction kinds (issue 22: 12 before the timeline batch).
DETAIL_BUDGET = 7


@pytest.mark.parametrize("size", [10, 1000])
def test_the_contact_list_costs_a_constant_number_of_queries(
    doctor_client, doctor, size, django_assert_max_num_queries
):
    network(doctor, size)
    with django_assert_max_num_queries(LIST_BUDGET):
        response = doctor_client.get(reverse("contacts:list"), {"sort": "organisation"})
    assert len(response.context["page"].object_list) == min(size, 50)


@pytest.mark.parametrize("size", [10, 1000])
def test_search_costs_a_constant_number_of_queries(
    doctor_client, doctor, size, django_assert_max_num_queries
):
    network(doctor, size)
    tag = Tag.objects.values_list("pk", flat=True).first()
    with django_assert_max_num_queries(SEARCH_BUDGET):
        response = doctor_client.get(
            reverse("contacts:list"),
            {"q": "smith", "tags": [tag]},
            HTTP_HX_REQUEST="true",
            HTTP_HX_TARGET="contact-results",
        )
    assert len(response.context["page"].object_list) == min(size, 50)


@pytest.mark.parametrize("size", [10, 1000])
def test_the_contact_page_costs_a_constant_number_of_queries(
    doctor_client, doctor, size, django_assert_max_num_queries
):
    busiest = network(doctor, size)
    with django_assert_max_num_queries(DETAIL_BUDGET):
        response = doctor_client.get(busiest.get_absolute_url())
    assert len(response.context["entries"]) == min(size, 20)
