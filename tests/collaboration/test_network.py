import datetime as dt
import gzip
import json

import pytest
from django.urls import reverse

from collaboration import network
from tests.factories import (
    CollaboratorFactory,
    ContactFactory,
    InteractionFactory,
    IntroductionFactory,
    OrganisationFactory,
    PositionFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


def test_graph_joins_people_who_share_a_project_an_introduction_or_a_meeting(doctor):
    a, b, c, loner = (ContactFactory(owner=doctor) for _ in range(4))
    project = ProjectFactory(owner=doctor)
    CollaboratorFactory(project=project, contact=a)
    CollaboratorFactory(project=project, contact=b)
    IntroductionFactory(owner=doctor, introducer=b, introduced=c)
    InteractionFactory(owner=doctor, contacts=[a, c])

    data = network.graph_data(doctor)
    ids = {node[3]: node[0] for node in data["nodes"]}
    assert set(ids) == {str(a.pk), str(b.pk), str(c.pk)}  # the loner has no edge
    kinds = {(frozenset((e[0], e[1])), data["edge_kinds"][e[2]]) for e in data["edges"]}
    assert (frozenset((ids[str(a.pk)], ids[str(b.pk)])), "project") in kinds
    assert (frozenset((ids[str(b.pk)], ids[str(c.pk)])), "introduction") in kinds
    assert (frozenset((ids[str(a.pk)], ids[str(c.pk)])), "met_together") in kinds


def test_graph_filter_keeps_only_the_chosen_edge_kinds(doctor):
    b, c = ContactFactory(owner=doctor), ContactFactory(owner=doctor)
    IntroductionFactory(owner=doctor, introducer=b, introduced=c)
    data = network.graph_data(doctor, network.GraphFilters(edge_kinds=("project",)))
    assert data["nodes"] == [] and data["edges"] == []


def test_graph_data_endpoint_is_gzipped_json_with_only_the_doctors_people(
    doctor_client, doctor, outsider
):
    IntroductionFactory(owner=outsider)
    for _ in range(5):  # enough JSON for gzip to be worth it (it skips bodies under 200 bytes)
        IntroductionFactory(owner=doctor)
    response = doctor_client.get(reverse("collaboration:graph_data"), HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    data = json.loads(gzip.decompress(response.content))
    assert len(data["nodes"]) == 10 and len(data["edges"]) == 5


def test_graph_list_is_an_accessible_alternative_naming_each_connection(doctor_client, doctor):
    b = ContactFactory(owner=doctor, given_name="Beth", family_name="Ng")
    c = ContactFactory(owner=doctor, given_name="Cal", family_name="Li")
    IntroductionFactory(owner=doctor, introducer=b, introduced=c)
    body = doctor_client.get(reverse("collaboration:graph_list")).content.decode()
    assert "Beth Ng" in body and "Cal Li" in body and "(introduction)" in body


def test_organisation_page_lists_contacts_by_department_with_last_contact(doctor_client, doctor):
    hospital = OrganisationFactory(owner=doctor, name="Westmead Hospital")
    cardio = PositionFactory(contact__owner=doctor, organisation=hospital, department="Cardiology")
    PositionFactory(contact__owner=doctor, organisation=hospital, department="Emergency")
    cardio.contact.last_interaction_at = dt.date(2026, 3, 14)
    cardio.contact.save()
    body = doctor_client.get(
        reverse("collaboration:organisation_detail", args=[hospital.pk])
    ).content.decode()
    assert body.index("Cardiology") < body.index("Emergency")
    assert "14/03/2026" in body


def test_worked_with_most_ranks_by_shared_work(doctor):
    busy, quiet = ContactFactory(owner=doctor), ContactFactory(owner=doctor)
    for _ in range(3):
        CollaboratorFactory(project=ProjectFactory(owner=doctor), contact=busy)
    CollaboratorFactory(project=ProjectFactory(owner=doctor), contact=quiet)
    ranked = list(network.worked_with_most(doctor))
    assert ranked[:2] == [busy, quiet]
    assert ranked[0].project_count == 3


@pytest.mark.parametrize("size", [3, 60])
def test_network_pages_run_a_constant_number_of_queries(
    doctor_client, doctor, size, django_assert_max_num_queries
):
    hospital = OrganisationFactory(owner=doctor)
    project = ProjectFactory(owner=doctor)
    for _ in range(size):
        contact = ContactFactory(owner=doctor)
        PositionFactory(contact=contact, organisation=hospital)
        CollaboratorFactory(project=project, contact=contact)
    # session + user, then one query per page for its rows (plus a count for pagination)
    for name, args in [
        ("collaboration:index", []),
        ("collaboration:organisation_list", []),
        ("collaboration:organisation_detail", [hospital.pk]),
        ("collaboration:graph_data", []),
        ("collaboration:graph_list", []),
    ]:
        with django_assert_max_num_queries(8):
            assert doctor_client.get(reverse(name, args=args)).status_code == 200
