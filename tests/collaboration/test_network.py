import datetime as dt
import gzip
import json

import pytest
from django.urls import reverse

from collaboration import network
from contacts.interactions import log_interaction
from contacts.services import trash_contacts
from tests.factories import (
    CollaboratorFactory,
    ContactFactory,
    EventFactory,
    InteractionFactory,
    IntroductionFactory,
    MentorshipFactory,
    OrganisationFactory,
    PersonMetFactory,
    PositionFactory,
    ProjectFactory,
    PublicationFactory,
    SharedMentorshipFactory,
    trash,
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


def test_organisation_page_marks_former_positions_and_fills_what_is_missing(
    doctor_client, doctor, outsider, today
):
    hospital = OrganisationFactory(owner=doctor, name="Westmead Hospital")
    PositionFactory(
        contact__owner=doctor,
        contact__given_name="Ada",
        contact__family_name="Former",
        organisation=hospital,
        department="",
        title="Registrar",
        start_date=dt.date(2019, 2, 1),
        end_date=today - dt.timedelta(days=1),
    )
    PositionFactory(
        contact__owner=doctor,
        contact__given_name="Bo",
        contact__family_name="Current",
        organisation=hospital,
        department="",
        title="",
        start_date=None,
        end_date=today,
    )
    gone = PositionFactory(
        contact__owner=doctor, contact__family_name="Binned", organisation=hospital
    )
    trash_contacts(owner=doctor, ids=[gone.contact.pk])
    [department] = network.organisation_directory(doctor, hospital)
    assert (department.name, department.total) == ("No department recorded", 2)
    rows = department.rows
    assert [(r.name, r.former, r.title, r.dates, r.last_contacted) for r in rows] == [
        ("Bo Current", False, "—", f"? – {today:%m/%Y}", "never"),
        (
            "Ada Former",
            True,
            "Registrar",
            f"02/2019 – {today - dt.timedelta(days=1):%m/%Y}",
            "never",
        ),
    ]
    body = doctor_client.get(reverse("collaboration:organisation_detail", args=[hospital.pk]))
    assert "Ada Former</a> <small>(former)</small>" in body.content.decode()
    assert "Binned" not in body.content.decode()
    assert network.organisation_directory(outsider, hospital) == []


def _staff(doctor, hospital, department: str, count: int, *, start_year: int = 2000) -> list:
    """``count`` current positions in ``department``, the latest start first (as listed)."""
    return [
        PositionFactory(
            contact__owner=doctor,
            contact__given_name=f"Person {n:03}",
            contact__family_name=(department or "Unplaced").split()[0],
            organisation=hospital,
            department=department,
            start_date=dt.date(start_year + count - n, 1, 1),
            end_date=None,
        )
        for n in range(count)
    ]


def test_organisation_directory_lists_each_departments_first_people_and_its_total_in_one_query(
    doctor, django_assert_num_queries
):
    hospital = OrganisationFactory(owner=doctor)
    emergency = _staff(doctor, hospital, "Emergency", 4)
    _staff(doctor, hospital, "", 1)
    _staff(doctor, hospital, "Cardiology", 2)
    PositionFactory(organisation=OrganisationFactory(owner=doctor), contact__owner=doctor)

    with django_assert_num_queries(1):
        departments = network.organisation_directory(doctor, hospital, preview=3)

    assert [(d.name, d.total, len(d.rows), d.hidden) for d in departments] == [
        ("Cardiology", 2, 2, 0),
        ("Emergency", 4, 3, 1),
        ("No department recorded", 1, 1, 0),
    ]
    assert [row.name for row in departments[1].rows] == [
        p.contact.display_name for p in emergency[:3]
    ]


@pytest.fixture
def two_at_a_time(monkeypatch):
    """Departments that show two people, and add two at a time: five take three steps."""
    monkeypatch.setattr(network, "DEPARTMENT_PREVIEW", 2)
    monkeypatch.setattr(network, "DEPARTMENT_STEP", 2)


def _hospital_of_five(doctor, department: str) -> tuple[list[str], str]:
    """Five people in ``department`` of a hospital: their names as listed, and its page."""
    hospital = OrganisationFactory(owner=doctor, name="Westmead Hospital")
    people = [p.contact.display_name for p in _staff(doctor, hospital, department, 5)]
    return people, reverse("collaboration:organisation_detail", args=[hospital.pk])


@pytest.mark.usefixtures("two_at_a_time")
def test_show_more_adds_a_departments_next_people_in_place_of_its_link(
    doctor_client, doctor, django_assert_max_num_queries
):
    people, url = _hospital_of_five(doctor, "Renal & Transplant")

    body = doctor_client.get(url).content.decode()
    assert "Renal &amp; Transplant <small>(5)</small>" in body
    assert people[1] in body and people[2] not in body
    assert 'href="?department=Renal%20%26%20Transplant&amp;start=2"' in body
    assert 'hx-get="?department=Renal%20%26%20Transplant&amp;start=2"' in body
    assert "Show more <small>(3 more)</small>" in body

    htmx = {"HTTP_HX_REQUEST": "true"}
    with django_assert_max_num_queries(5):  # session, user, organisation, rows, their total
        first = doctor_client.get(url, {"department": "Renal & Transplant", "start": 2}, **htmx)
    rows = first.content.decode()
    assert first.templates[0].name == "collaboration/_organisation_rows.html"
    assert [name for name in people if name in rows] == people[2:4]
    assert "start=4" in rows and "(1 more)" in rows
    last = doctor_client.get(url, {"department": "Renal & Transplant", "start": 4}, **htmx)
    assert people[4] in last.content.decode()
    assert "Show more" not in last.content.decode()
    past = doctor_client.get(url, {"department": "Renal & Transplant", "start": 10**30}, **htmx)
    assert past.status_code == 200 and "<tr" not in past.content.decode()


@pytest.mark.usefixtures("two_at_a_time")
def test_without_javascript_show_more_opens_the_departments_page_holding_the_next_person(
    doctor_client, doctor, django_assert_max_num_queries
):
    people, url = _hospital_of_five(doctor, "")

    with django_assert_max_num_queries(5):  # session, user, organisation, total, the page
        response = doctor_client.get(url, {"department": "", "start": 2})

    body = response.content.decode()
    assert response.templates[0].name == "collaboration/organisation_department.html"
    assert "No department recorded <small>(5)</small>" in body
    assert [name for name in people if name in body] == people[2:4]
    assert "Page 2 of 3" in body and "Show more" not in body
    assert doctor_client.get(url, {"department": "Oncology"}).status_code == 404


def test_a_department_is_not_shown_to_another_doctor(doctor, outsider_client):
    hospital = OrganisationFactory(owner=doctor)
    _staff(doctor, hospital, "Emergency", 1)
    url = reverse("collaboration:organisation_detail", args=[hospital.pk])

    assert outsider_client.get(url, {"department": "Emergency"}).status_code == 404
    assert outsider_client.get(url, {"department": "Emergency", "start": 0}).status_code == 404


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


def _edge_kinds(data) -> set[tuple[frozenset, str]]:
    names = {node[0]: node[3] for node in data["nodes"]}
    return {
        (frozenset((names[a], names[b])), data["edge_kinds"][kind])
        for a, b, kind, _weight in data["edges"]
    }


def test_graph_joins_people_met_at_the_same_event_weighted_by_events(doctor):
    a, b, elsewhere = (ContactFactory(owner=doctor) for _ in range(3))
    for event in (EventFactory(), EventFactory()):
        PersonMetFactory(owner=doctor, event=event, contact=a)
        PersonMetFactory(owner=doctor, event=event, contact=b)
    PersonMetFactory(owner=doctor, contact=elsewhere)

    data = network.graph_data(doctor, network.GraphFilters(edge_kinds=("same_event",)))
    assert _edge_kinds(data) == {(frozenset((str(a.pk), str(b.pk))), "same_event")}
    assert data["edges"][0][3] == 2  # two events together
    assert data["edge_labels"] == ["Met at the same event"]


def test_another_doctor_meeting_the_same_people_at_an_event_adds_no_edge(doctor, outsider):
    event = EventFactory()
    mine = ContactFactory(owner=doctor)
    PersonMetFactory(owner=doctor, event=event, contact=mine)
    PersonMetFactory(owner=outsider, event=event)
    PersonMetFactory(owner=outsider, event=event)
    assert network.graph_data(doctor)["edges"] == []
    assert len(network.graph_data(outsider)["edges"]) == 1


def test_met_together_pairs_everyone_at_one_interaction_and_counts_repeats(doctor, outsider):
    a, b, c = (ContactFactory(owner=doctor) for _ in range(3))
    InteractionFactory(owner=doctor, contacts=[a, b, c])
    InteractionFactory(owner=doctor, contacts=[a, b])
    InteractionFactory(owner=doctor, contacts=[c])  # alone: no edge
    InteractionFactory(owner=outsider, contacts=[ContactFactory(owner=outsider) for _ in range(2)])

    data = network.graph_data(doctor, network.GraphFilters(edge_kinds=("met_together",)))
    weights = {
        frozenset((data["nodes"][x][3], data["nodes"][y][3])): w for x, y, _, w in data["edges"]
    }
    ab, ac, bc = (frozenset(map(str, pair)) for pair in ((a.pk, b.pk), (a.pk, c.pk), (b.pk, c.pk)))
    assert weights == {ab: 2, ac: 1, bc: 1}


def test_graph_page_offers_one_set_of_toggles_for_the_kinds_of_connection(doctor_client):
    """The picture's toggles (drawn by network-graph.js, one per kind) are the only set: the
    filter form above it no longer repeats them (the edges parameter still filters the data)."""
    body = doctor_client.get(reverse("collaboration:graph")).content.decode()
    assert 'id="edge-toggles"' in body
    for label in ("Shared projects", "Met at the same event", "Met together"):  # not subnav words
        assert label not in body
    filtered = doctor_client.get(reverse("collaboration:graph_data"), {"edges": "same_event"})
    assert filtered.json()["edge_kinds"] == ["same_event"]


def test_worked_with_most_counts_projects_papers_events_mentorships_and_introductions(doctor):
    colleague, other = ContactFactory(owner=doctor), ContactFactory(owner=doctor)
    CollaboratorFactory(project=ProjectFactory(owner=doctor), contact=colleague)
    publication = PublicationFactory(owner=doctor)
    publication.authors.create(position=1, name="C", contact=colleague)
    for _ in range(2):
        PersonMetFactory(owner=doctor, contact=colleague)
    MentorshipFactory(owner=doctor, contact=colleague)
    IntroductionFactory(owner=doctor, introducer=colleague, introduced=other)

    ranked = network.worked_with_most(doctor)
    assert ranked[:2] == [colleague, other]
    top = ranked[0]
    assert (
        top.project_count,
        top.publication_count,
        top.event_count,
        top.mentorship_count,
        top.introduction_count,
        top.score,
    ) == (1, 1, 2, 1, 1, 6)


def test_worked_with_most_counts_a_shared_mentorship_on_the_members_own_contact(doctor, outsider):
    # The outsider mentors the doctor through the directory; the doctor keeps a contact for them.
    mine = ContactFactory(owner=doctor)
    SharedMentorshipFactory(owner=outsider, member=doctor, member_contact=mine)
    [ranked] = network.worked_with_most(doctor)
    assert ranked == mine and ranked.mentorship_count == 1
    assert network.worked_with_most(outsider) == []


def test_worked_with_most_leaves_out_trashed_contacts_and_other_doctors_work(
    doctor_client, doctor, outsider
):
    trashed = ContactFactory(owner=doctor, family_name="Binned")
    CollaboratorFactory(project=ProjectFactory(owner=doctor), contact=trashed)
    trash(trashed)
    CollaboratorFactory(project=ProjectFactory(owner=outsider))
    PersonMetFactory(owner=outsider)
    assert network.worked_with_most(doctor) == []
    body = doctor_client.get(reverse("collaboration:index")).content.decode()
    assert "Binned" not in body


def test_index_page_shows_each_kind_of_shared_work(doctor_client, doctor):
    colleague = ContactFactory(owner=doctor, family_name="Ramanathan")
    PersonMetFactory(owner=doctor, contact=colleague)
    MentorshipFactory(owner=doctor, contact=colleague)
    body = doctor_client.get(reverse("collaboration:index")).content.decode()
    assert "Ramanathan" in body and '<th scope="col">Events</th>' in body
    assert '<th scope="col">Mentorships</th>' in body


def test_workplaces_list_counts_living_contacts_and_their_last_contact(
    doctor_client, doctor, outsider
):
    hospital = OrganisationFactory(owner=doctor, name="Royal North Shore")
    OrganisationFactory(owner=doctor, name="Concord")
    # Through the services, which keep the counts (contacts.organisation_counts).
    recent = PositionFactory(contact__owner=doctor, organisation=hospital).contact
    log_interaction(doctor, [recent], kind="meal", occurred_on=dt.date(2026, 5, 6))
    PositionFactory(contact__owner=doctor, organisation=hospital)
    gone = PositionFactory(contact__owner=doctor, organisation=hospital).contact
    log_interaction(doctor, [gone], kind="meal", occurred_on=dt.date(2026, 9, 9))
    trash_contacts(owner=doctor, ids=[gone.pk])
    OrganisationFactory(owner=outsider, name="Outsider Private")

    response = doctor_client.get(reverse("collaboration:organisation_list"))
    rows = {o.name: (o.contact_count, o.last_contacted) for o in response.context["page"]}
    assert rows == {"Concord": (0, None), "Royal North Shore": (2, dt.date(2026, 5, 6))}
