"""Deep pages of the contact list cost what page 1 costs (issue 22): the page's ids are picked
first and its columns (organisation, specialty, tags: per-row subqueries) worked out for those
rows only, with the same rows, order and page links as before."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contacts.filters import SORTS
from contacts.models import Contact, Organisation, Position, Tag
from contacts.search import refresh_search_vectors
from tests.factories import term

pytestmark = pytest.mark.django_db
PAGE = 50


def _network(owner, size: int) -> list[Contact]:
    """``size`` contacts with names that repeat (so sorts have ties), some organisations,
    closeness, specialties and tags, by bulk_create."""
    orgs = Organisation.objects.bulk_create(
        Organisation(owner=owner, name=f"Hospital {i}") for i in range(7)
    )
    tags = Tag.objects.bulk_create(Tag(owner=owner, name=f"tag {i}") for i in range(3))
    cardiology = term("specialty", "dermatology")
    people = Contact.objects.bulk_create(
        Contact(
            owner=owner,
            given_name=f"Given{i % 11}",
            family_name=f"Smith{i % 17}" if i % 3 else f"Jones{i % 13}",
            closeness=(i % 6) or None,
            specialty=cardiology if i % 4 == 0 else None,
        )
        for i in range(size)
    )
    Position.objects.bulk_create(
        Position(contact=c, organisation=orgs[i % 7], title="Registrar")
        for i, c in enumerate(people)
        if i % 5
    )
    Contact.tags.through.objects.bulk_create(
        Contact.tags.through(contact=c, tag=tags[j])
        for i, c in enumerate(people)
        for j in range(i % 4)
        if j < 3
    )
    refresh_search_vectors([c.pk for c in people])
    return people


def _shown(response) -> list[tuple]:
    return [
        (c.pk, c.organisation_name, c.specialty_label, list(c.tag_names))
        for c in response.context["page"].object_list
    ]


def _before(owner, *, sort: str = "name", tag=None, q: str = "", page: int = 1) -> list[tuple]:
    """The page as the list built it before: every column on every row, then OFFSET/LIMIT."""
    rows = Contact.objects.for_user(owner).alive().with_list_columns()
    if tag is not None:
        rows = rows.filter(tags=tag)
    if q:
        rows = rows.search(q, owner=owner)
    rows = rows.order_by(*SORTS[sort], "pk")[(page - 1) * PAGE : page * PAGE]
    return [(c.pk, c.organisation_name, c.specialty_label, list(c.tag_names)) for c in rows]


@pytest.mark.parametrize("sort", list(SORTS))
def test_every_sort_shows_the_same_rows_in_the_same_order_as_before(doctor_client, doctor, sort):
    _network(doctor, 130)
    for page in (1, 2, 3):
        response = doctor_client.get(reverse("contacts:list"), {"sort": sort, "page": page})
        assert _shown(response) == _before(doctor, sort=sort, page=page), (sort, page)


@pytest.mark.parametrize("sort", ["name", "-organisation", "last_contacted"])
def test_a_tag_filter_and_a_search_page_as_before(doctor_client, doctor, sort):
    _network(doctor, 160)
    tag = Tag.objects.get(owner=doctor, name="tag 1")
    for page in (1, 2):
        filtered = doctor_client.get(
            reverse("contacts:list"), {"sort": sort, "tags": [tag.pk], "page": page}
        )
        assert _shown(filtered) == _before(doctor, sort=sort, tag=tag, page=page)
        found = doctor_client.get(
            reverse("contacts:list"), {"sort": sort, "q": "smith", "page": page}
        )
        assert _shown(found) == _before(doctor, sort=sort, q="smith", page=page)
    assert found.context["page"].paginator.count == (
        Contact.objects.for_user(doctor).search("smith", owner=doctor).count()
    )


def test_page_links_and_the_last_page_still_work(doctor_client, doctor):
    _network(doctor, 120)

    last = doctor_client.get(reverse("contacts:list"), {"sort": "-closeness", "page": 3})
    beyond = doctor_client.get(reverse("contacts:list"), {"sort": "-closeness", "page": 99})
    body = last.content.decode()

    assert len(last.context["page"].object_list) == 20
    assert last.context["page"].paginator.num_pages == 3
    assert "sort=-closeness" in body and "page=2" in body  # the links keep the sort
    assert _shown(beyond) == _shown(last)  # past the end: the last page, as before


def test_page_50_runs_as_many_queries_as_page_1(doctor_client, doctor):
    _network(doctor, 50 * PAGE + 10)
    counts = {}
    for page in (1, 50):
        with CaptureQueriesContext(connection) as captured:
            response = doctor_client.get(
                reverse("contacts:list"), {"sort": "organisation", "page": page}
            )
        assert len(response.context["page"].object_list) == PAGE
        counts[page] = len(captured)
    assert counts[50] == counts[1]


def test_page_50_works_out_its_columns_for_its_own_50_rows_only(doctor_client, doctor):
    """The plan of the page's statement runs each per-row subquery 50 times, not 2,500."""
    _network(doctor, 50 * PAGE + 10)
    with CaptureQueriesContext(connection) as captured:
        doctor_client.get(reverse("contacts:list"), {"page": 50})
    page_sql = next(q["sql"] for q in captured if "ARRAY(SELECT" in q["sql"])

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {page_sql}")
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    loops = [
        node["Actual Loops"]
        for node in _nodes(plan[0]["Plan"])
        if "SubPlan" in node.get("Subplan Name", "")
    ]

    assert loops and max(loops) <= PAGE


def _nodes(node: dict):
    yield node
    for child in node.get("Plans", []):
        yield from _nodes(child)


def test_a_search_page_reads_its_ids_their_total_and_their_columns_in_one_statement(
    doctor_client, doctor
):
    _network(doctor, 160)
    with CaptureQueriesContext(connection) as captured:
        response = doctor_client.get(reverse("contacts:list"), {"q": "smith", "page": 2})
    reading_contacts = [q["sql"] for q in captured if "contacts_contact" in q["sql"]]
    assert len(reading_contacts) == 1
    statement = reading_contacts[0].upper()
    assert "OVER ()" in statement and "ROW_NUMBER() OVER" in statement
    assert response.context["page"].number == 2
    assert response.context["page"].paginator.count == (
        Contact.objects.for_user(doctor).search("smith", owner=doctor).count()
    )
