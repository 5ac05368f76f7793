"""Writes for projects, collaborators and introductions."""

from __future__ import annotations

from django.db import transaction

from .edges import refresh_edges_for
from .models import Collaborator, Introduction, Presentation, Project


def save_project(*, owner, form) -> Project:
    """Create or update a project from a valid ``ProjectForm``."""
    project = form.save(commit=False)
    if project.owner_id is None:
        project.owner = owner
    project.save()
    return project


@transaction.atomic
def add_collaborator(*, project: Project, contact, role: str) -> Collaborator:
    """Add a contact to a project, or change their role if they are already on it."""
    collaborator, created = Collaborator.objects.update_or_create(
        project=project, contact=contact, defaults={"role": role}
    )
    if created:
        refresh_edges_for(project.owner_id, [contact.pk])
    return collaborator


@transaction.atomic
def remove_collaborator(*, collaborator: Collaborator) -> None:
    """Take a contact off a project (and out of its shared-project links)."""
    collaborator.delete()
    refresh_edges_for(collaborator.project.owner_id, [collaborator.contact_id])


@transaction.atomic
def delete_project(*, project: Project) -> None:
    """Delete a project with its memberships; its people lose the link it made between them."""
    members = list(project.memberships.values_list("contact_id", flat=True))
    project.delete()
    refresh_edges_for(project.owner_id, members)


@transaction.atomic
def record_introduction(*, owner, form) -> Introduction:
    introduction = form.save(commit=False)
    introduction.owner = owner
    introduction.save()
    refresh_edges_for(owner.pk, [introduction.introducer_id, introduction.introduced_id])
    return introduction


@transaction.atomic
def delete_introduction(*, introduction: Introduction) -> None:
    introduction.delete()
    refresh_edges_for(
        introduction.owner_id, [introduction.introducer_id, introduction.introduced_id]
    )


def save_presentation(*, owner, form, project: Project | None = None) -> Presentation:
    """Create or update a presentation from a valid ``PresentationForm`` (of ``project``, when
    given); a talk at a calendar event with no date of its own takes the event's first day."""
    presentation = form.save(commit=False)
    presentation.owner = owner
    if project is not None:
        presentation.project = project
    if presentation.event and not presentation.presented_on:
        presentation.presented_on = presentation.event.first_day
    presentation.save()
    return presentation
