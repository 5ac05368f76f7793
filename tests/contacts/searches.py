"""A network to search: the searches and contacts that the search's written-out statements
are held to their querysets with (test_search_statement, test_written_pages)."""

from contacts import services
from contacts.search import refresh_search_vectors
from tests.factories import (
    ContactEmailFactory,
    ContactFactory,
    OrganisationFactory,
    PositionFactory,
    TagFactory,
)

SEARCHES = [
    "smyth",
    "smith",
    "Smi",
    "sm",
    "s",
    "elo",
    "Élodie",
    "bjorn",
    "o'connor",
    "O'Con",
    "john smith",
    "smith john",
    "cardio",
    "cardiology royal",
    "royal",
    "jon",
    "mary-jane",
    "a.b@example.org",
    "example",
    "  ",
    "--",
    "zz",
    "nobody here",
    "smith jones brown green white black grey blue red",
]


def a_search_network(doctor, outsider) -> list:
    """Names alike and unalike, accents, apostrophes, an organisation, a tag, an email, a
    trashed Smith, and the outsider's Smiths."""
    made = [
        ContactFactory(owner=doctor, given_name=given, family_name=family)
        for given, family in [
            ("John", "Smith"),
            ("Jon", "Smyth"),
            ("Joan", "Smythe"),
            ("Mary-Jane", "Smithers"),
            ("Élodie", "Dubois"),
            ("Bjørn", "Larsen"),
            ("Siobhan", "O'Connor"),
            ("Smith", "Jones"),
            ("Anna", "Brown"),
            ("Zoë", "Müller"),
        ]
    ]
    cardiologist = made[8]
    PositionFactory(
        contact=cardiologist,
        organisation=OrganisationFactory(owner=doctor, name="Royal Cardiology"),
    )
    made[4].tags.add(TagFactory(owner=doctor, name="cardiology"))
    ContactEmailFactory(contact=made[5], email="a.b@example.org")
    refresh_search_vectors([c.pk for c in made])
    trashed = ContactFactory(owner=doctor, given_name="Old", family_name="Smith")
    services.trash_contacts(owner=doctor, ids=[trashed.pk])
    for given, family in [("John", "Smith"), ("Jon", "Smyth"), ("Élodie", "Dubois")]:
        ContactFactory(owner=outsider, given_name=given, family_name=family)
    return made
