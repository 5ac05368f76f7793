"""The contact list reads its page's columns with one hand-written statement
(``contacts.listing.PAGE_ROWS_SQL``, issue 22); it must give what ``with_list_columns`` gives."""

import datetime as dt

import pytest
from django.db.models.functions import Lower
from django.utils import timezone

from contacts.listing import list_page
from contacts.models import Contact
from tests.factories import (
    ContactFactory,
    OrganisationFactory,
    PositionFactory,
    TagFactory,
    term,
    trash,
)

pytestmark = pytest.mark.django_db
COLUMNS = [
    "pk",
    "given_name",
    "preferred_name",
    "family_name",
    "fellowships",
    "specialty_other",
    "closeness",
    "last_interaction_at",
    "next_due_on",
    "organisation_name",
    "specialty_label",
    "tag_names",
    "display_name",
    "post_nominals",
]


def columns(rows) -> list[tuple]:
    return [tuple(getattr(row, name) for name in COLUMNS) for row in rows]


def a_varied_network(owner) -> None:
    today = timezone.localdate()
    ago = lambda days: today - dt.timedelta(days=days)  # noqa: E731
    org = lambda name: OrganisationFactory(owner=owner, name=name)  # noqa: E731
    moved = ContactFactory(owner=owner, given_name="Ana", family_name="Moved", closeness=3)
    PositionFactory(contact=moved, organisation=org("Old place"), start_date=ago(900))
    PositionFactory(contact=moved, organisation=org("Left"), start_date=ago(30), end_date=ago(1))
    PositionFactory(contact=moved, organisation=org("Now"), start_date=ago(60))
    ending = ContactFactory(owner=owner, family_name="Ending", fellowships=["FRACP", "FACEM"])
    PositionFactory(contact=ending, organisation=org("Ends today"), end_date=today)
    PositionFactory(contact=ending, organisation=org("Undated"), start_date=None, end_date=ago(5))
    only_past = ContactFactory(owner=owner, family_name="Past", specialty_other="Space medicine")
    PositionFactory(contact=only_past, organisation=org("Was"), start_date=None, end_date=ago(9))
    tagged = ContactFactory(
        owner=owner,
        given_name="Robert",
        preferred_name="Bob",
        family_name="Tagged",
        specialty=term("specialty", "dermatology"),
        last_interaction_at=ago(40),
        cadence_days=30,
    )
    tagged.tags.add(
        TagFactory(owner=owner, name="beta"),
        TagFactory(owner=owner, name="Alpha"),
        TagFactory(owner=owner, name="gamma"),
    )
    ContactFactory(owner=owner, given_name="", family_name="")
    trash(ContactFactory(owner=owner, family_name="Bin"))


def test_the_page_reads_what_with_list_columns_reads_in_the_lists_order(doctor):
    a_varied_network(doctor)
    contacts = Contact.objects.for_user(doctor).alive()

    page = list_page(contacts, 1, 50)
    before = contacts.with_list_columns().order_by(Lower("family_name"), Lower("given_name"), "pk")

    assert columns(page.object_list) == columns(before)
    assert page.paginator.count == 5
    assert dict((row.family_name, row.organisation_name) for row in page.object_list) == {
        "Moved": "Now",
        "Ending": "Ends today",
        "Past": "Was",
        "Tagged": None,
        "": None,
    }
    assert next(r.tag_names for r in page.object_list if r.family_name == "Tagged") == [
        "Alpha",
        "beta",
        "gamma",
    ]


def test_a_search_page_reads_the_same_columns_as_a_list_page(doctor):
    a_varied_network(doctor)
    contacts = Contact.objects.for_user(doctor).alive()
    ids = list(contacts.values_list("pk", flat=True))

    listed = list_page(contacts.filter(pk__in=ids), 1, 2)
    counted = list_page(contacts.filter(pk__in=ids), 1, 2, counted=True)
    second = list_page(contacts.filter(pk__in=ids), 3, 2, counted=True)
    past_the_end = list_page(contacts.filter(pk__in=ids), 9, 2, counted=True)

    assert columns(counted.object_list) == columns(listed.object_list)
    assert counted.paginator.count == listed.paginator.count == 5
    assert columns(past_the_end.object_list) == columns(second.object_list)
    assert len(second.object_list) == 1 and past_the_end.number == 3


def test_an_empty_list_has_an_empty_first_page(doctor):
    contacts = Contact.objects.for_user(doctor).alive()
    for counted in (False, True):
        page = list_page(contacts, 4, 50, counted=counted)
        assert (page.number, list(page.object_list), page.paginator.count) == (1, [], 0)
