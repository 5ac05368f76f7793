"""A doctor adds a talk to a research project at a congress they attended, finds the project on a
collaborator's page, and explores their network picture with its connection toggles and its
search for one person and the people linked to them."""

import re

from playwright.sync_api import expect

from collaboration import network
from tests.factories import (
    AttendanceFactory,
    CollaboratorFactory,
    ContactFactory,
    EventFactory,
    OrganisationFactory,
    PersonMetFactory,
    PositionFactory,
    ProjectFactory,
)


def test_doctor_adds_a_talk_sees_the_project_on_a_colleague_and_toggles_graph_edges(
    doctor_page, doctor
):
    errors = []
    doctor_page.on("pageerror", lambda error: errors.append(str(error)))
    priya = ContactFactory(owner=doctor, given_name="Priya", family_name="Raman", preferred_name="")
    tom = ContactFactory(owner=doctor, given_name="Tom", family_name="Hale", preferred_name="")
    project = ProjectFactory(owner=doctor, title="Heart failure registry")
    CollaboratorFactory(project=project, contact=priya, role="lead")
    CollaboratorFactory(project=project, contact=tom)
    congress = EventFactory(title="CSANZ Annual Scientific Meeting")
    AttendanceFactory(owner=doctor, event=congress, status="attended")
    PersonMetFactory(owner=doctor, event=congress, contact=priya)
    PersonMetFactory(owner=doctor, event=congress, contact=tom)

    doctor_page.goto(f"/network/projects/{project.pk}/")
    doctor_page.get_by_text("Add a presentation").click()
    doctor_page.get_by_label("Title").fill("One-year outcomes")
    option = f"{congress.title} ({congress.first_day:%d/%m/%Y})"
    doctor_page.get_by_label("Event", exact=True).select_option(label=option)
    doctor_page.get_by_role("button", name="Add presentation").click()
    talks = doctor_page.get_by_role("region", name="Presentations")
    expect(talks).to_contain_text("One-year outcomes")
    expect(talks.get_by_role("link", name="CSANZ Annual Scientific Meeting")).to_be_visible()

    doctor_page.goto(f"/contacts/{priya.pk}/")
    expect(doctor_page.get_by_role("region", name="Projects together")).to_contain_text(
        "Heart failure registry"
    )
    expect(doctor_page.locator("#timeline")).to_contain_text("Heart failure registry (Lead)")

    doctor_page.goto("/network/graph/")
    picture = doctor_page.get_by_label(re.compile("^Network picture"))
    expect(picture.locator("a.graph-node")).to_have_count(2)
    expect(picture.locator("line.edge-same_event")).to_have_count(1)
    expect(picture.locator("line.edge-project")).to_have_count(1)
    # Cytoscape only places the people, in a worker: the page itself never loads it.
    assert doctor_page.evaluate("typeof window.cytoscape") == "undefined"
    toggles = doctor_page.get_by_role("group", name="Show connections")
    expect(toggles.get_by_label("Shared projects")).to_be_checked()
    expect(toggles.get_by_label("Met at the same event")).to_be_checked()
    toggles.get_by_label("Met at the same event").uncheck()
    expect(toggles.get_by_label("Met at the same event")).not_to_be_checked()
    expect(picture.locator("line.edge-same_event")).to_be_hidden()
    expect(picture.locator("line.edge-project")).to_be_visible()
    expect(doctor_page.locator("#graph-summary")).to_have_text("2 linked people.")
    home = picture.get_attribute("viewBox")
    doctor_page.get_by_role("button", name="Zoom in").click()
    assert picture.get_attribute("viewBox") != home
    doctor_page.get_by_role("button", name="Fit").click()
    assert picture.get_attribute("viewBox") == home
    # From the keyboard: a person is a link, and the picture can be skipped in one step.
    picture.get_by_role("link", name="Priya Raman").focus()
    expect(picture.get_by_role("link", name="Priya Raman")).to_be_focused()
    expect(doctor_page.get_by_role("link", name="Skip past the picture")).to_have_attribute(
        "href", "#after-network-graph"
    )
    picture.get_by_role("link", name="Tom Hale").locator("circle").click()
    expect(doctor_page).to_have_url(re.compile(f"/contacts/{tom.pk}/$"))
    doctor_page.go_back()

    doctor_page.get_by_label("Find a person").fill("Raman")
    doctor_page.get_by_role("button", name="Apply").click()
    expect(doctor_page.locator("#graph-summary")).to_have_text(
        "Priya Raman and 1 of the 1 people linked to them."
    )
    assert errors == []


def test_show_more_on_a_big_department_adds_its_next_people_to_the_same_table(doctor_page, doctor):
    hospital = OrganisationFactory(owner=doctor, name="Westmead Hospital")
    PositionFactory.create_batch(
        network.DEPARTMENT_PREVIEW + 2,
        contact__owner=doctor,
        organisation=hospital,
        department="Emergency",
    )

    doctor_page.goto(f"/network/organisations/{hospital.pk}/")
    department = doctor_page.get_by_role("region", name="Emergency")
    expect(department.locator("tbody tr:not(.more-row)")).to_have_count(network.DEPARTMENT_PREVIEW)
    department.get_by_role("link", name="Show more (2 more)").click()

    expect(department.locator("tbody tr")).to_have_count(network.DEPARTMENT_PREVIEW + 2)
    expect(department.get_by_role("link", name=re.compile("^Show more"))).to_have_count(0)
    assert doctor_page.url.endswith(f"/network/organisations/{hospital.pk}/")
