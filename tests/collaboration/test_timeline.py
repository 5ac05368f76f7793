"""Projects and introductions on the contact page: its timeline and its "Projects together"."""

import datetime as dt

import pytest
from django.urls import reverse

from contacts.timeline import timeline
from tests.factories import (
    CollaboratorFactory,
    ContactFactory,
    IntroductionFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


def test_timeline_shows_a_shared_project_at_its_start_date_with_its_dates_and_role(doctor):
    contact = ContactFactory(owner=doctor)
    project = ProjectFactory(
        owner=doctor,
        title="Sepsis bundle audit",
        kind="audit",
        start_date=dt.date(2025, 3, 1),
        end_date=dt.date(2025, 11, 30),
    )
    CollaboratorFactory(project=project, contact=contact, role="lead")

    [entry] = [e for e in timeline(contact, 10) if e.kind == "project"]
    assert entry.occurred_on == dt.date(2025, 3, 1)
    assert entry.title == "Sepsis bundle audit (Lead)"
    assert "Clinical audit" in entry.body and "01/03/2025 – 30/11/2025" in entry.body
    assert entry.url == reverse("collaboration:project_detail", args=[project.pk])


def test_a_project_without_dates_sits_on_the_day_it_was_recorded(doctor):
    contact = ContactFactory(owner=doctor)
    CollaboratorFactory(project=ProjectFactory(owner=doctor, start_date=None), contact=contact)
    [entry] = [e for e in timeline(contact, 10) if e.kind == "project"]
    assert entry.occurred_on is not None


def test_timeline_names_who_introduced_whom_on_both_contacts(doctor):
    anna = ContactFactory(owner=doctor, given_name="Anna", family_name="Lee", preferred_name="")
    ben = ContactFactory(owner=doctor, given_name="Ben", family_name="Ong", preferred_name="")
    IntroductionFactory(
        owner=doctor, introducer=anna, introduced=ben, introduced_on=dt.date(2026, 2, 3)
    )

    [on_anna] = [e for e in timeline(anna, 10) if e.kind == "introduction"]
    [on_ben] = [e for e in timeline(ben, 10) if e.kind == "introduction"]
    assert on_anna.occurred_on == dt.date(2026, 2, 3)
    assert "Introduced you to" in on_anna.title and "Ben" in on_anna.title
    assert "Introduced to you by" in on_ben.title and "Anna" in on_ben.title


def test_an_introduction_the_doctor_made_reads_from_either_side(doctor):
    anna, ben = ContactFactory(owner=doctor), ContactFactory(owner=doctor)
    IntroductionFactory(owner=doctor, introducer=anna, introduced=ben, direction="made")
    [entry] = [e for e in timeline(ben, 10) if e.kind == "introduction"]
    assert entry.title.startswith("You introduced them to")
    assert anna.family_name in entry.title


def test_another_doctors_project_never_reaches_the_timeline(doctor, outsider):
    contact = ContactFactory(owner=doctor)
    # Bad data (a project of the outsider naming the doctor's contact) must still not show.
    theirs = ProjectFactory(owner=outsider, title="Outsider study")
    CollaboratorFactory(project=theirs, contact=contact)
    IntroductionFactory(owner=outsider, introducer=contact)
    kinds = {e.kind for e in timeline(contact, 10)}
    assert "project" not in kinds and "introduction" not in kinds


def test_contact_page_lists_projects_together_and_shows_them_on_the_timeline(doctor_client, doctor):
    contact = ContactFactory(owner=doctor)
    project = ProjectFactory(owner=doctor, title="Delirium QI", start_date=dt.date(2026, 1, 5))
    CollaboratorFactory(project=project, contact=contact, role="co_investigator")

    body = doctor_client.get(reverse("contacts:detail", args=[contact.pk])).content.decode()
    panel = body.split('id="shared-projects-heading"')[1].split("</section>")[0]
    assert "Delirium QI" in panel and "Co-investigator" in panel and "05/01/2026" in panel
    timeline_html = body.split('id="timeline-heading"')[1]
    assert "Delirium QI (Co-investigator)" in timeline_html


def test_projects_together_links_to_all_of_them_when_there_are_many(doctor_client, doctor):
    contact = ContactFactory(owner=doctor)
    for _ in range(11):
        CollaboratorFactory(project=ProjectFactory(owner=doctor), contact=contact)
    body = doctor_client.get(reverse("contacts:detail", args=[contact.pk])).content.decode()
    assert f"{reverse('collaboration:project_list')}?contact={contact.pk}" in body
    listed = doctor_client.get(reverse("collaboration:project_list"), {"contact": contact.pk})
    assert listed.context["page"].paginator.count == 11


def test_project_list_ignores_another_doctors_contact_in_its_filter(
    doctor_client, doctor, outsider
):
    ProjectFactory(owner=doctor, title="Mine")
    theirs = ContactFactory(owner=outsider)
    CollaboratorFactory(project=ProjectFactory(owner=outsider, title="Theirs"), contact=theirs)
    response = doctor_client.get(reverse("collaboration:project_list"), {"contact": theirs.pk})
    body = response.content.decode()
    assert "Mine" in body and "Theirs" not in body and theirs.family_name not in body


def test_outsider_cannot_open_the_contact_page_with_its_projects(outsider_client, doctor):
    contact = ContactFactory(owner=doctor)
    CollaboratorFactory(project=ProjectFactory(owner=doctor), contact=contact)
    assert outsider_client.get(reverse("contacts:detail", args=[contact.pk])).status_code == 404
