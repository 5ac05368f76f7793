"""The search's written-out statement (``contacts.search.SEARCH_IDS_SQL``) finds what the
querysets it replaced found: the full-text match on the owner's lexemes, or a name similar to
the longest word, within the searched queryset."""

import pytest

from contacts.models import Contact
from contacts.search import owned_match, search_words, similar_names
from tests.contacts.searches import SEARCHES, a_search_network

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(doctor, outsider):
    return a_search_network(doctor, outsider)


def union_of_querysets(queryset, text, owner):
    """The search as ``ContactQuerySet.search`` built it before: one queryset a branch."""
    words = search_words(text)
    if not words:
        return queryset
    full_text = Contact._base_manager.filter(owned_match(words, owner.pk)).order_by().values("pk")
    scope = queryset.order_by().values("pk")
    branches = [scope.filter(condition) for condition in similar_names(words)]
    return queryset.filter(pk__in=full_text.union(*branches))


@pytest.mark.parametrize("text", SEARCHES)
@pytest.mark.parametrize("living", [True, False], ids=["living", "trash included"])
def test_the_written_statement_finds_what_the_querysets_found(network, doctor, text, living):
    contacts = Contact.objects.for_user(doctor)
    contacts = contacts.alive() if living else contacts

    found = set(contacts.search(text, owner=doctor).values_list("pk", flat=True))

    assert found == set(union_of_querysets(contacts, text, doctor).values_list("pk", flat=True))


def test_the_fixture_holds_matches_of_every_kind(network, doctor):
    def names(text):
        found = Contact.objects.for_user(doctor).search(text, owner=doctor)
        return sorted(found.values_list("family_name", flat=True))

    assert {"Smith", "Smyth", "Smythe"} <= set(names("smyth"))  # similar names
    assert {"Jones", "Smith", "Smithers"} <= set(names("smi"))  # prefixes, given names too
    assert names("elo") == ["Dubois"]  # accents
    assert names("cardio") == ["Brown", "Dubois"]  # an organisation and a tag
    assert "Smith" in names("john smith")  # every word
    assert not Contact.objects.for_user(doctor).alive().search("old", owner=doctor).exists()
    assert Contact.objects.for_user(doctor).search("old", owner=doctor).exists()  # the trashed
