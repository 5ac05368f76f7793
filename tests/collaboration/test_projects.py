import pytest
from django.urls import reverse

from collaboration.models import Collaborator, Project
from tests.factories import CollaboratorFactory, ContactFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_doctor_records_a_research_project_and_adds_a_collaborator(doctor_client, doctor):
    response = doctor_client.post(
        reverse("collaboration:project_create"),
        {
            "kind": "research",
            "title": "Sepsis audit",
            "status": "active",
            "start_date": "2026-02-01",
            "doi": "10.1/abc",
        },
    )
    project = Project.objects.get(owner=doctor, title="Sepsis audit")
    assert response.url == reverse("collaboration:project_detail", args=[project.pk])
    colleague = ContactFactory(owner=doctor)
    doctor_client.post(
        reverse("collaboration:collaborator_add", args=[project.pk]),
        {"contact": colleague.pk, "role": "lead"},
    )
    assert Collaborator.objects.get(project=project).contact == colleague
    page = doctor_client.get(reverse("collaboration:project_detail", args=[project.pk]))
    assert colleague.family_name in page.content.decode()


def test_end_date_before_start_date_is_an_error_beside_the_field(doctor_client, doctor):
    response = doctor_client.post(
        reverse("collaboration:project_create"),
        {
            "kind": "qi",
            "title": "Handover QI",
            "status": "active",
            "start_date": "2026-05-01",
            "end_date": "2026-01-01",
        },
    )
    assert response.status_code == 200
    assert "The end date is before the start date." in response.content.decode()
    assert not Project.objects.filter(owner=doctor).exists()


def test_doctor_cannot_add_another_doctors_contact_to_a_project(doctor_client, doctor, outsider):
    project = ProjectFactory(owner=doctor)
    stranger = ContactFactory(owner=outsider)
    doctor_client.post(
        reverse("collaboration:collaborator_add", args=[project.pk]),
        {"contact": stranger.pk, "role": "lead"},
    )
    assert not Collaborator.objects.filter(project=project).exists()


def test_outsider_gets_404_for_a_project_and_cannot_delete_it(outsider_client, doctor):
    project = ProjectFactory(owner=doctor)
    assert (
        outsider_client.get(reverse("collaboration:project_detail", args=[project.pk])).status_code
        == 404
    )
    assert (
        outsider_client.post(reverse("collaboration:project_delete", args=[project.pk])).status_code
        == 404
    )
    assert Project.objects.filter(pk=project.pk).exists()


def test_project_list_filters_by_kind_and_shows_an_empty_state(doctor_client, doctor):
    response = doctor_client.get(reverse("collaboration:project_list"))
    assert "No projects yet" in response.content.decode()
    ProjectFactory(owner=doctor, kind="teaching", title="Intern tutorials")
    ProjectFactory(owner=doctor, kind="research", title="Registry")
    response = doctor_client.get(reverse("collaboration:project_list"), {"kind": "teaching"})
    body = response.content.decode()
    assert "Intern tutorials" in body and "Registry" not in body


@pytest.mark.parametrize("size", [2, 40])
def test_project_page_runs_a_constant_number_of_queries(
    doctor_client, doctor, size, django_assert_max_num_queries
):
    project = ProjectFactory(owner=doctor)
    for _ in range(size):
        CollaboratorFactory(project=project)
    # session, user, project, memberships+contacts, publications, authors, presentations,
    # the collaborator form's contact choices
    with django_assert_max_num_queries(10):
        response = doctor_client.get(reverse("collaboration:project_detail", args=[project.pk]))
    assert response.status_code == 200
