"""The network graph's edge table (``collaboration.NetworkEdge``) stays right after every writer
of the facts it reads, stays with its doctor, and the graph's JSON reads it in a fixed number of
queries."""

import gzip
import json
from collections import Counter, defaultdict

import pytest
from django.urls import reverse

from collaboration import edges, network, services
from collaboration.forms import IntroductionForm
from collaboration.models import EdgeKind, NetworkEdge, NetworkNode
from collaboration.publications import ParsedReference, import_references
from contacts.interactions import delete_interaction, log_interaction, update_interaction
from contacts.merging import merge_contacts
from contacts.models import Contact
from contacts.services import delete_for_staff, delete_forever, restore_contacts, trash_contacts
from events import people_met
from events.services import delete_event
from tests.factories import (
    CollaboratorFactory,
    ContactFactory,
    EventFactory,
    InteractionFactory,
    IntroductionFactory,
    PersonMetFactory,
    PrivateEventFactory,
    ProjectFactory,
    term,
)

pytestmark = pytest.mark.django_db


def stored(owner) -> set[tuple[frozenset, int, int]]:
    """The owner's edges as (pair, kind, weight), once their link counts per contact
    (``NetworkNode``) are checked against them."""
    rows = list(NetworkEdge.objects.for_user(owner))
    expected: dict[object, Counter] = defaultdict(Counter)
    for edge in rows:
        for end in (edge.source_id, edge.target_id):
            expected[end][NetworkNode.KIND_COLUMNS[edge.kind]] += 1
            expected[end]["links"] += 1
    columns = [*NetworkNode.KIND_COLUMNS.values(), "links"]
    counted = {
        node["contact_id"]: Counter({k: v for k, v in node.items() if k in columns and v})
        for node in NetworkNode.objects.for_user(owner).values("contact_id", *columns)
    }
    assert counted == expected
    return {(frozenset((e.source_id, e.target_id)), e.kind, e.weight) for e in rows}


def pair(a, b) -> frozenset:
    return frozenset((a.pk, b.pk))


def test_adding_removing_and_deleting_project_members_keeps_shared_project_edges(doctor):
    a, b, c = (ContactFactory(owner=doctor) for _ in range(3))
    first, second = ProjectFactory(owner=doctor), ProjectFactory(owner=doctor)
    for project in (first, second):
        services.add_collaborator(project=project, contact=a, role="lead")
        services.add_collaborator(project=project, contact=b, role="member")
    services.add_collaborator(project=first, contact=c, role="member")
    project = EdgeKind.PROJECT
    assert stored(doctor) == {(pair(a, b), project, 2), (pair(a, c), project, 1),
                              (pair(b, c), project, 1)}  # fmt: skip

    services.add_collaborator(project=first, contact=c, role="lead")  # a new role adds nothing
    services.remove_collaborator(collaborator=first.memberships.get(contact=c))
    assert stored(doctor) == {(pair(a, b), project, 2)}
    services.delete_project(project=second)
    assert stored(doctor) == {(pair(a, b), project, 1)}


def test_recording_and_deleting_an_introduction_keeps_its_edge(doctor):
    a, b = ContactFactory(owner=doctor), ContactFactory(owner=doctor)
    form = IntroductionForm(
        {"introducer": str(b.pk), "direction": "made", "introduced": str(a.pk)}, user=doctor
    )
    assert form.is_valid(), form.errors
    introduction = services.record_introduction(owner=doctor, form=form)
    assert stored(doctor) == {(pair(a, b), EdgeKind.INTRODUCTION, 1)}
    services.delete_introduction(introduction=introduction)
    assert stored(doctor) == set()


def test_importing_publications_links_the_authors_who_are_contacts(doctor):
    ContactFactory(owner=doctor, given_name="Priya", family_name="Raman")
    ContactFactory(owner=doctor, given_name="Tom", family_name="Okafor")
    references = [
        ParsedReference(number=n, title=f"Paper {n}", authors=["Priya Raman", "Tom Okafor"])
        for n in (1, 2)
    ]
    assert import_references(user=doctor, references=references) == 2
    [(_, kind, weight)] = stored(doctor)
    assert (kind, weight) == (EdgeKind.CO_AUTHOR, 2)


def test_people_met_at_one_event_are_linked_until_forgotten_or_the_event_goes(doctor):
    a, b = ContactFactory(owner=doctor), ContactFactory(owner=doctor)
    event = PrivateEventFactory(owner=doctor)
    people_met.record_met(user=doctor, event=event, contact=a)
    met_b, _ = people_met.record_met(user=doctor, event=event, contact=b)
    assert stored(doctor) == {(pair(a, b), EdgeKind.SAME_EVENT, 1)}
    people_met.forget_met(person=met_b)
    assert stored(doctor) == set()
    people_met.record_met(user=doctor, event=event, contact=b)
    delete_event(event=event)
    assert stored(doctor) == set()


def test_interactions_link_their_people_as_they_are_logged_changed_and_deleted(doctor):
    a, b, c = (ContactFactory(owner=doctor) for _ in range(3))
    meal = term("interaction_kind", "meal")
    first = log_interaction(doctor, [a, b], kind="meal")
    log_interaction(doctor, [a, b, c], kind="meal")
    met = EdgeKind.MET_TOGETHER
    assert stored(doctor) == {(pair(a, b), met, 2), (pair(a, c), met, 1), (pair(b, c), met, 1)}

    update_interaction(first, contacts=[a], kind=meal, occurred_on=first.occurred_on)
    assert (pair(a, b), met, 1) in stored(doctor)
    update_interaction(first, contacts=[b, c], kind=meal, occurred_on=first.occurred_on)
    assert (pair(b, c), met, 2) in stored(doctor)
    delete_interaction(first)
    assert stored(doctor) == {(pair(a, b), met, 1), (pair(a, c), met, 1), (pair(b, c), met, 1)}


def test_trashed_people_leave_the_graph_and_come_back_when_restored(doctor):
    a, b = ContactFactory(owner=doctor), ContactFactory(owner=doctor)
    IntroductionFactory(owner=doctor, introducer=a, introduced=b)
    trash_contacts(owner=doctor, ids=[b.pk])
    assert stored(doctor) == set()
    assert network.graph_data(doctor)["nodes"] == []
    restore_contacts(owner=doctor, ids=[b.pk])
    assert stored(doctor) == {(pair(a, b), EdgeKind.INTRODUCTION, 1)}
    trash_contacts(owner=doctor, ids=[b.pk])
    delete_forever(owner=doctor, ids=[b.pk])
    assert stored(doctor) == set()


def test_deleting_a_linked_contact_for_good_lowers_the_counts_of_the_people_linked_to_them(
    doctor,
):
    hub, a, b = (ContactFactory(owner=doctor) for _ in range(3))
    InteractionFactory(owner=doctor, contacts=[hub, a, b])
    assert NetworkNode.objects.get(contact=hub).links == 2
    delete_for_staff(contacts=Contact.objects.filter(pk=a.pk))  # alive, not from the Trash
    assert stored(doctor) == {(pair(hub, b), EdgeKind.MET_TOGETHER, 1)}
    assert NetworkNode.objects.get(contact=hub).links == 1


def test_merging_moves_the_duplicates_links_to_the_kept_contact(doctor):
    keep, duplicate, colleague, other = (ContactFactory(owner=doctor) for _ in range(4))
    InteractionFactory(owner=doctor, contacts=[duplicate, colleague])
    InteractionFactory(owner=doctor, contacts=[keep, colleague])
    InteractionFactory(owner=doctor, contacts=[keep, duplicate, other])  # one person after
    CollaboratorFactory(project=ProjectFactory(owner=doctor), contact=duplicate)

    merge_contacts(owner=doctor, keep=keep, duplicate=duplicate, take=set())

    met = EdgeKind.MET_TOGETHER
    assert stored(doctor) == {(pair(keep, colleague), met, 2), (pair(keep, other), met, 1)}


def test_rebuilding_gives_the_same_edges_as_the_writers_kept(doctor, outsider):
    a, b, c = (ContactFactory(owner=doctor) for _ in range(3))
    project = ProjectFactory(owner=doctor)
    CollaboratorFactory(project=project, contact=a)
    CollaboratorFactory(project=project, contact=b)
    IntroductionFactory(owner=doctor, introducer=c, introduced=a)
    event = EventFactory()
    PersonMetFactory(owner=doctor, event=event, contact=b)
    PersonMetFactory(owner=doctor, event=event, contact=c)
    InteractionFactory(owner=doctor, contacts=[a, b, c])
    IntroductionFactory(owner=outsider)
    kept = stored(doctor)
    assert len(kept) == 6  # a project, an introduction, an event, three met together

    NetworkEdge.objects.all().delete()
    edges.rebuild_edges()  # what the migration runs
    assert stored(doctor) == kept
    assert len(stored(outsider)) == 1


def test_another_doctors_facts_never_make_an_edge_between_my_contacts(doctor, outsider):
    mine = [ContactFactory(owner=doctor) for _ in range(2)]
    event = EventFactory()
    for contact in mine:
        PersonMetFactory(owner=doctor, event=event, contact=contact)
    PersonMetFactory(owner=outsider, event=event)
    InteractionFactory(owner=outsider, contacts=[ContactFactory(owner=outsider) for _ in range(2)])
    assert len(stored(doctor)) == 1 and len(stored(outsider)) == 1
    # A refresh asked for with someone else's ids finds nothing of theirs.
    edges.refresh_edges_for(outsider.pk, [c.pk for c in mine])
    assert len(stored(outsider)) == 1 and len(stored(doctor)) == 1


def _hub_and_spokes(doctor, spokes: int):
    hub = ContactFactory(owner=doctor, given_name="Hana", family_name="Hub")
    people = [ContactFactory(owner=doctor) for _ in range(spokes)]
    project = ProjectFactory(owner=doctor)
    CollaboratorFactory(project=project, contact=hub)
    for person in people[: spokes // 2]:
        CollaboratorFactory(project=project, contact=person)
    for person in people[spokes // 2 :]:
        IntroductionFactory(owner=doctor, introducer=hub, introduced=person)
    return hub, people


def test_graph_json_is_compact_with_one_legend_and_the_most_connected_first(doctor_client, doctor):
    hub, people = _hub_and_spokes(doctor, 6)
    response = doctor_client.get(reverse("collaboration:graph_data"), HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    raw = gzip.decompress(response.content)
    assert b", " not in raw and b": " not in raw  # no padding between values
    data = json.loads(raw)
    assert set(data) == {
        "nodes", "edges", "groups", "edge_kinds", "edge_labels", "total", "focus", "unmatched"
    }  # fmt: skip
    assert data["edge_kinds"] == list(network.EDGE_KINDS)
    assert data["nodes"][0][1] == "Hana Hub" and data["nodes"][0][4] == 6
    assert data["total"] == 7 and data["focus"] is None
    for index, _name, group, _contact_id, connections in data["nodes"]:
        assert isinstance(index, int) and isinstance(group, int) and isinstance(connections, int)
    for _a, _b, kind, weight in data["edges"]:
        assert data["edge_kinds"][kind] in ("project", "introduction") and weight == 1


def test_a_big_network_shows_only_the_most_connected_and_says_how_many_in_all(doctor):
    hub, people = _hub_and_spokes(doctor, 8)
    data = network.graph_data(doctor, network.GraphFilters(limit=3))
    assert len(data["nodes"]) == 3 and data["total"] == 9
    assert data["nodes"][0][3] == str(hub.pk)
    shown = {node[0] for node in data["nodes"]}
    assert all(a in shown and b in shown for a, b, _, _ in data["edges"])


def test_searching_for_a_person_shows_them_and_their_neighbours(doctor_client, doctor):
    hub, people = _hub_and_spokes(doctor, 4)
    loner_friend = ContactFactory(owner=doctor)
    IntroductionFactory(owner=doctor, introducer=people[0], introduced=loner_friend)
    url = reverse("collaboration:graph_data")

    data = doctor_client.get(url, {"q": "Hub"}).json()
    assert data["focus"] == 0 and data["nodes"][0][3] == str(hub.pk)
    assert {n[3] for n in data["nodes"]} == {str(hub.pk), *(str(p.pk) for p in people)}
    assert data["total"] == 5 and data["unmatched"] == ""

    around = doctor_client.get(url, {"focus": str(loner_friend.pk)}).json()
    assert {n[3] for n in around["nodes"]} == {str(loner_friend.pk), str(people[0].pk)}

    nobody = doctor_client.get(url, {"q": "Zzyzx"}).json()
    assert nobody["unmatched"] == "Zzyzx" and nobody["focus"] is None


def test_outsider_gets_404_focusing_on_my_contact_and_finds_none_of_my_people(
    doctor, outsider_client
):
    hub, _ = _hub_and_spokes(doctor, 2)
    url = reverse("collaboration:graph_data")
    assert outsider_client.get(url, {"focus": str(hub.pk)}).status_code == 404
    data = outsider_client.get(url, {"q": "Hub"}).json()
    assert data["nodes"] == [] and data["edges"] == [] and data["unmatched"] == "Hub"
    assert (
        outsider_client.get(reverse("collaboration:graph_list"), {"focus": str(hub.pk)}).status_code
        == 404
    )


@pytest.mark.parametrize("spokes", [2, 40])
def test_graph_data_runs_a_constant_number_of_queries_top_search_and_focus(
    doctor_client, doctor, spokes, django_assert_max_num_queries
):
    hub, _ = _hub_and_spokes(doctor, spokes)
    url = reverse("collaboration:graph_data")
    # session, user, then the people shown and the links between them
    with django_assert_max_num_queries(4):
        assert doctor_client.get(url).status_code == 200
    # ... plus the contact focused on, or the name search
    with django_assert_max_num_queries(5):
        assert doctor_client.get(url, {"focus": str(hub.pk)}).status_code == 200
    with django_assert_max_num_queries(5):
        assert doctor_client.get(url, {"q": "Hub"}).status_code == 200


def test_graph_page_has_a_search_box_and_the_list_follows_the_search(doctor_client, doctor):
    hub, people = _hub_and_spokes(doctor, 2)
    stranger, friend = ContactFactory(owner=doctor), ContactFactory(owner=doctor)
    IntroductionFactory(owner=doctor, introducer=stranger, introduced=friend)
    body = doctor_client.get(reverse("collaboration:graph"), {"q": "Hub"}).content.decode()
    assert 'name="q"' in body and 'id="graph-summary"' in body and "q=Hub" in body
    listed = doctor_client.get(reverse("collaboration:graph_list"), {"q": "Hub"})
    names = [row[0][3] for row in listed.context["page"]]
    assert set(names) == {str(hub.pk), *(str(p.pk) for p in people)}


def test_a_search_matching_several_people_focuses_on_the_best_connected(doctor_client, doctor):
    ContactFactory(owner=doctor, given_name="Aaron", family_name="Hub")  # first by name, no links
    hub, _ = _hub_and_spokes(doctor, 2)
    data = doctor_client.get(reverse("collaboration:graph_data"), {"q": "Hub"}).json()
    assert data["nodes"][data["focus"]][3] == str(hub.pk)
