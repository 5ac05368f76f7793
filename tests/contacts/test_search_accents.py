"""Searching without accents: "elo" finds Élodie, as a doctor types a colleague's name."""

import pytest
from django.db import connection

from contacts.models import Contact
from contacts.search import accent_folds, fold_accents, refresh_search_vectors
from tests.factories import ContactFactory, OrganisationFactory, PositionFactory

pytestmark = pytest.mark.django_db


def test_the_database_folds_every_accented_letter_as_python_does():
    letters = "".join(accent_folds())
    with connection.cursor() as cursor:
        cursor.execute("SELECT contacts_fold_accents(%s)", [letters])
        (folded,) = cursor.fetchone()

    assert folded == fold_accents(letters)
    assert fold_accents("Élodie Bjørn Nguyễn Straße") == "Elodie Bjorn Nguyen Strasse"


@pytest.mark.parametrize(
    "typed", ["elodie", "elo", "ELO", "Élo", "élodie dubois", "dubo", "elodie dubois"]
)
def test_a_name_is_found_typed_with_or_without_its_accents(doctor, typed):
    elodie = ContactFactory(owner=doctor, given_name="Élodie", family_name="Dubois")
    ContactFactory(owner=doctor, given_name="Eloise", family_name="Zhang")
    ContactFactory(owner=doctor, given_name="Mark", family_name="Lodge")

    found = Contact.objects.for_user(doctor).search(typed, owner=doctor)

    assert elodie in found
    assert set(found.values_list("family_name", flat=True)) <= {"Dubois", "Zhang"}


@pytest.mark.parametrize(
    ("name", "typed"),
    [(("Bjørn", "Larsen"), "bjorn"), (("Thị", "Nguyễn"), "nguyen"), (("Zoë", "Müller"), "zoe mul")],
)
def test_letters_typed_without_their_marks_find_the_person(doctor, name, typed):
    person = ContactFactory(owner=doctor, given_name=name[0], family_name=name[1])

    assert list(Contact.objects.for_user(doctor).search(typed, owner=doctor)) == [person]


def test_an_organisation_is_found_without_its_accents(doctor):
    person = ContactFactory(owner=doctor, given_name="Ana", family_name="Souza")
    PositionFactory(
        contact=person, organisation=OrganisationFactory(owner=doctor, name="Hôpital Européen")
    )
    refresh_search_vectors([person.pk])

    assert list(Contact.objects.for_user(doctor).search("hopital europ", owner=doctor)) == [person]
