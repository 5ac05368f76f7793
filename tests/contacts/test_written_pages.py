"""The whole list, and a search with no other filter, are read by one written-out statement each
(``contacts.listing.whole_list_page`` and ``search_page``, issue 22): they must give the pages
that the querysets give (``list_page``), and the list must take them only when nothing else is
asked and the list is in its own order."""

import pytest

from contacts import views
from contacts.listing import list_page, search_page, whole_list_page
from contacts.models import Contact
from contacts.search import search_words
from tests.contacts.searches import SEARCHES, a_search_network
from tests.contacts.test_list_page_rows import columns
from tests.factories import ContactFactory, TagFactory, trash

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


def test_the_written_whole_list_page_is_the_querysets_page(network, doctor):
    for name in ("Ábel", "abel", "Zed", "", "O'Brien"):
        ContactFactory(owner=doctor, given_name="Al", family_name=name)
    trash(ContactFactory(owner=doctor, family_name="Binned"))
    contacts = Contact.objects.for_user(doctor).alive()
    for number in (1, 2, 5, 99, "x", None):
        written = whole_list_page(doctor.pk, number, 3)
        expected = list_page(contacts, number, 3)

        assert columns(written.object_list) == columns(expected.object_list)
        assert written.number == expected.number
        assert written.paginator.count == expected.paginator.count == 15


def test_an_empty_whole_list_is_an_empty_first_page(doctor, outsider):
    ContactFactory(owner=outsider)

    page = whole_list_page(doctor.pk, 2, 50)

    assert (page.number, list(page.object_list), page.paginator.count) == (1, [], 0)


@pytest.mark.parametrize(
    "query, written",
    [
        ("q=smith", "search"),
        ("q=smith&sort=name", "search"),
        ("q=smith&page=2&tags_match=any", "search"),
        ("", "whole list"),
        ("page=2", "whole list"),
        ("sort=name&tags_match=all", "whole list"),
        ("q=--", "whole list"),  # no word: every contact
        ("q=", "whole list"),
        ("q=smith&sort=-name", None),
        ("sort=closeness", None),
        ("q=smith&city=Sydney", None),
        ("city=Sydney", None),
        ("q=smith&contact_status=never", None),
        ("q=smith&sort=nonsense", None),  # invalid: the list says so
    ],
)
def test_the_list_reads_what_asks_nothing_else_with_the_written_pages(
    doctor_client, doctor, monkeypatch, query, written
):
    ContactFactory(owner=doctor, given_name="Jo", family_name="Smith", city="Sydney")
    taken = []

    def spy(name, function):
        def spied(*args):
            taken.append(name)
            return function(*args)

        return spied

    monkeypatch.setattr(views, "search_page", spy("search", search_page))
    monkeypatch.setattr(views, "whole_list_page", spy("whole list", whole_list_page))
    response = doctor_client.get(f"/contacts/?{query}")

    assert response.status_code == 200
    assert taken == ([written] if written else [])
    assert [row["name"] for row in response.context["rows"]] == ["Jo Smith"]


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
