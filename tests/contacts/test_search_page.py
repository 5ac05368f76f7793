"""A search with no other filter is read by one written-out statement
(``contacts.listing.search_page``, issue 22): it must give the page that the filtered queryset
gives (``list_page(….search(text), counted=True)``), and the list must take it only when the
search is alone and in the list's own order."""

import pytest

from contacts import views
from contacts.listing import list_page, search_page
from contacts.models import Contact
from contacts.search import search_words
from tests.contacts.searches import SEARCHES, a_search_network
from tests.contacts.test_list_page_rows import columns
from tests.factories import ContactFactory, TagFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(doctor, outsider):
    return a_search_network(doctor, outsider)


def queryset_page(owner, text, number, per_page):
    contacts = Contact.objects.for_user(owner).alive().search(text, owner=owner)
    return list_page(contacts, number, per_page, counted=True)


@pytest.mark.parametrize("text", [t for t in SEARCHES if search_words(t)])
def test_the_written_search_page_is_the_querysets_page(network, doctor, text):
    words = search_words(text)
    for number in (1, 2, 3, 99, "x"):
        written = search_page(doctor.pk, words, number, 2)
        expected = queryset_page(doctor, text, number, 2)

        assert columns(written.object_list) == columns(expected.object_list)
        assert written.number == expected.number
        assert written.paginator.count == expected.paginator.count


def test_the_written_search_page_keeps_to_the_owners_living_contacts(network, doctor, outsider):
    found = search_page(doctor.pk, ["smith"], 1, 50)

    assert {row.family_name for row in found.object_list} >= {"Smith", "Smithers", "Jones"}
    assert "Old" not in {row.given_name for row in found.object_list}  # the trashed Smith
    theirs = search_page(outsider.pk, ["smith"], 1, 50).object_list
    assert {row.pk for row in theirs} <= set(
        Contact.objects.filter(owner=outsider).values_list("pk", flat=True)
    )
    assert {row.pk for row in theirs}.isdisjoint(row.pk for row in found.object_list)


def test_a_page_past_the_end_shows_the_last_page(network, doctor):
    everyone = search_page(doctor.pk, ["smi"], 1, 50)
    last = search_page(doctor.pk, ["smi"], 40, 2)

    assert last.number == last.paginator.num_pages > 1
    assert columns(last.object_list) == columns(everyone.object_list)[(last.number - 1) * 2 :]


def test_no_match_is_an_empty_first_page(network, doctor):
    page = search_page(doctor.pk, ["nobody"], 3, 50)

    assert (page.number, list(page.object_list), page.paginator.count) == (1, [], 0)


@pytest.mark.parametrize(
    "query, alone",
    [
        ("q=smith", True),
        ("q=smith&sort=name", True),
        ("q=smith&page=2&tags_match=any", True),
        ("q=smith&sort=-name", False),
        ("q=smith&city=Sydney", False),
        ("q=smith&contact_status=never", False),
        ("q=--", False),  # no word: every contact, not a search
        ("q=", False),
        ("sort=name", False),
        ("q=smith&sort=nonsense", False),  # invalid: the list says so
    ],
)
def test_the_list_reads_a_search_alone_with_the_written_page(
    doctor_client, doctor, monkeypatch, query, alone
):
    ContactFactory(owner=doctor, given_name="Jo", family_name="Smith", city="Sydney")
    taken = []

    def spy(*args):
        taken.append(args)
        return search_page(*args)

    monkeypatch.setattr(views, "search_page", spy)
    response = doctor_client.get(f"/contacts/?{query}")

    assert response.status_code == 200
    assert bool(taken) is alone


def test_a_search_with_a_tag_chosen_keeps_to_the_tag(doctor_client, doctor):
    tagged = ContactFactory(owner=doctor, given_name="Ann", family_name="Smith")
    ContactFactory(owner=doctor, given_name="Bo", family_name="Smith")
    tag = TagFactory(owner=doctor, name="mentor")
    tagged.tags.add(tag)

    response = doctor_client.get(f"/contacts/?q=smith&tags={tag.pk}")

    assert [row["name"] for row in response.context["rows"]] == ["Ann Smith"]


def test_another_doctors_search_shows_none_of_this_doctors_contacts(outsider_client, doctor):
    ContactFactory(owner=doctor, given_name="Jo", family_name="Smith")

    response = outsider_client.get("/contacts/?q=smith")

    assert response.context["page"].paginator.count == 0
    assert b"Jo Smith" not in response.content
