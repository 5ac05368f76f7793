"""The set-based vector fill (bulk loads) writes what the everyday per-contact refresh writes."""

import pytest
from django.db import connection

from contacts.search import fill_search_vectors, refresh_search_vectors
from tests.factories import (
    ContactEmailFactory,
    ContactFactory,
    OrganisationFactory,
    PositionFactory,
    TagFactory,
    term,
)

pytestmark = pytest.mark.django_db


def lexemes(contact_ids) -> dict[str, list[tuple[str, str]]]:
    """Each contact's lexemes with their weights (positions depend on the order of aggregation)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT c.id::text, lex.lexeme, array_to_string(lex.weights, '')
                 FROM contacts_contact c, unnest(c.search_vector) lex
                WHERE c.id = ANY(%s::uuid[]) ORDER BY 1, 2""",
            [[str(pk) for pk in contact_ids]],
        )
        found: dict[str, list[tuple[str, str]]] = {}
        for pk, lexeme, weights in cursor.fetchall():
            found.setdefault(pk, []).append((lexeme, "".join(sorted(set(weights)))))
    return found


def test_the_bulk_fill_writes_the_same_vectors_as_the_per_contact_refresh(doctor, outsider):
    full = ContactFactory(
        owner=doctor,
        prefix="Dr",
        given_name="Siobhán",
        family_name="O'Connor",
        city="Brisbane",
        notes="Met at **grand rounds**.",
        specialty=term("specialty"),
        fellowships=["FRACP"],
    )
    PositionFactory(contact=full, organisation=OrganisationFactory(owner=doctor, name="Westmead"))
    ContactEmailFactory(contact=full, email="s.oconnor@health.example.org")
    full.tags.add(TagFactory(owner=doctor, name="research"))
    bare = ContactFactory(owner=doctor, given_name="Mei", family_name="Chen")
    theirs = ContactFactory(owner=outsider, family_name="Theirs")
    ids = [full.pk, bare.pk]

    refresh_search_vectors(ids)
    expected = lexemes(ids)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE contacts_contact SET search_vector = NULL")
    assert fill_search_vectors([doctor.pk]) == 2

    assert lexemes(ids) == expected
    assert (f"{doctor.pk}:westmead", "B") in expected[str(full.pk)]
    assert (f"{doctor.pk}:fracp", "A") in expected[str(full.pk)]
    assert lexemes([theirs.pk]) == {}  # another owner's contacts are left alone


def test_an_imported_contact_gets_the_vector_the_per_contact_refresh_would_write(doctor):
    from contacts.importing import ParsedContact
    from contacts.importing.service import write_contacts
    from contacts.models import Contact

    OrganisationFactory(owner=doctor, name="Royal Brisbane Hospital")  # named in another case
    parsed = ParsedContact(
        line=5,
        prefix="A/Prof",
        given_name="Nguyễn",
        family_name="Văn An",
        emails=["an@health.example.org", "an@uni.example.edu"],
        organisation="royal brisbane hospital",
        title="Consultant, Cardiology",
        department="Heart & Lung",
        city="Brisbane",
        notes="Research on *heart failure*.",
        how_we_met="ANZICS 2024",
    )
    summary = write_contacts(owner=doctor, contacts=[parsed], source="linkedin")
    contact = Contact.objects.get(pk=summary.contact_ids[0])
    imported = lexemes([contact.pk])

    refresh_search_vectors([contact.pk])
    assert imported == lexemes([contact.pk])
    assert (f"{doctor.pk}:cardiology", "B") in imported[str(contact.pk)]
    # the "Imported from LinkedIn" tag
    assert (f"{doctor.pk}:linkedin", "B") in imported[str(contact.pk)]


def test_every_lexeme_is_stored_under_its_owner_with_positions_and_weights_kept(doctor):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT contacts_owned_vector(%s, %s::tsvector)::text",
            [doctor.pk, "'o''connor':1A 'a\\\\b':2 'plain'"],
        )
        (owned,) = cursor.fetchone()
    assert owned == f"'{doctor.pk}:a\\\\b':2 '{doctor.pk}:o''connor':1A '{doctor.pk}:plain'"


def test_a_doctors_search_reads_only_their_own_lexemes(doctor, outsider):
    from contacts.models import Contact

    mine = ContactFactory(owner=doctor, family_name="Zebedee")
    theirs = ContactFactory(owner=outsider, family_name="Zebedee")
    refresh_search_vectors([mine.pk, theirs.pk])
    # Unscoped on purpose: the full-text match itself names the owner.
    everyone = Contact.objects.all()
    found = everyone.filter(pk__in=everyone.search("ze", owner=doctor).values("pk"))
    assert list(found) == [mine]
