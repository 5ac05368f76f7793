"""Projects shared with a contact, and introductions they were part of, on the contact's timeline
(contacts.timeline). A project sits at its start date (or the day it was recorded, when it has
none); an introduction at the day it happened (or the day it was recorded)."""

from __future__ import annotations

from django.db.models import F, Q
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils.html import escape

from contacts.timeline import TimelineEntry, register_source

from .models import Collaborator, Introduction, IntroductionDirection


def _project_dates(project) -> str:
    if project.start_date and project.end_date:
        return f"{project.start_date:%d/%m/%Y} – {project.end_date:%d/%m/%Y}"
    if project.start_date:
        return f"from {project.start_date:%d/%m/%Y}"
    return ""


@register_source("collaboration.projects")
def shared_projects(contact, limit: int, before=None) -> list[TimelineEntry]:
    """The projects this contact is on, newest first. One query."""
    memberships = (
        Collaborator.objects.filter(contact=contact, project__owner_id=contact.owner_id)
        .select_related("project")
        .annotate(day=Coalesce(F("project__start_date"), TruncDate("project__created_at")))
        .order_by("-day", "-project__created_at")
    )
    if before is not None:
        memberships = memberships.filter(day__lte=before)
    memberships = memberships[:limit]
    entries = []
    for membership in memberships:
        project = membership.project
        details = [
            project.get_kind_display(),
            project.get_status_display(),
            _project_dates(project),
        ]
        entries.append(
            TimelineEntry(
                kind="project",
                occurred_on=membership.day,
                title=f"{project.title} ({membership.get_role_display()})",
                body=escape(" · ".join(d for d in details if d)),
                url=reverse("collaboration:project_detail", args=[project.pk]),
                sort_key=project.created_at.isoformat(),
            )
        )
    return entries


def _introduction_title(introduction, contact) -> str:
    if introduction.direction == IntroductionDirection.MADE:
        is_introducer = introduction.introducer_id == contact.pk
        other = introduction.introduced if is_introducer else introduction.introducer
        return f"You introduced them to {other}"
    if introduction.introducer_id == contact.pk:
        return f"Introduced you to {introduction.introduced}"
    return f"Introduced to you by {introduction.introducer}"


@register_source("collaboration.introductions")
def introductions(contact, limit: int, before=None) -> list[TimelineEntry]:
    """Introductions this contact was part of, either side, newest first. One query."""
    rows = (
        Introduction.objects.filter(owner_id=contact.owner_id)
        .filter(Q(introducer=contact) | Q(introduced=contact))
        .select_related("introducer", "introduced")
        .annotate(day=Coalesce(F("introduced_on"), TruncDate("created_at")))
        .order_by("-day", "-created_at")
    )
    if before is not None:
        rows = rows.filter(day__lte=before)
    rows = rows[:limit]
    return [
        TimelineEntry(
            kind="introduction",
            occurred_on=row.day,
            title=_introduction_title(row, contact),
            body=escape(row.note[:300]),
            url=reverse("collaboration:introduction_list"),
            sort_key=row.created_at.isoformat(),
        )
        for row in rows
    ]
