"""Projects shared with a contact, and introductions they were part of, on the contact's timeline
(contacts.timeline). A project sits at its start date (or the day it was recorded, when it has
none); an introduction at the day it happened (or the day it was recorded)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.html import escape

from contacts.models import full_name
from contacts.timeline import TimelineEntry, TimelineQuery, register_query
from core.reversing import url_pattern
from core.statements import current_zone

from .models import Collaborator, IntroductionDirection, Project


def _project_dates(start_date, end_date) -> str:
    if start_date and end_date:
        return f"{start_date:%d/%m/%Y} – {end_date:%d/%m/%Y}"
    if start_date:
        return f"from {start_date:%d/%m/%Y}"
    return ""


def _labels(model, field: str):
    """``get_<field>_display`` for a value read without the model."""
    labels = dict(model._meta.get_field(field).flatchoices)
    return lambda value: force_str(labels.get(value, value), strings_only=True)


# Each project the contact is on, on its start date or else the day it was recorded (in the
# doctor's time zone); ``{day}`` is that day.
_PROJECTS_SQL = """
SELECT p.id, p.title, p.kind, p.status, p.start_date, p.end_date, p.created_at, c.role, {day}
  FROM collaboration_collaborator c
  JOIN collaboration_project p ON p.id = c.project_id
 WHERE c.contact_id = %(contact)s AND p.owner_id = %(owner)s{before}
 ORDER BY {day} DESC, p.created_at DESC
 LIMIT %(limit)s"""
_PROJECT_DAY = "COALESCE(p.start_date, (p.created_at AT TIME ZONE %(zone)s)::date)"


def _params(contact, limit: int, before) -> dict:
    return {
        "contact": contact.pk,
        "owner": contact.owner_id,
        "zone": current_zone(),
        "limit": limit,
        "before": before,
    }


@register_query("collaboration.projects")
def shared_projects(contact, limit: int, before=None) -> TimelineQuery:
    """The projects this contact is on, newest first. One statement."""
    sql = _PROJECTS_SQL.format(
        day=_PROJECT_DAY,
        before=f"\n   AND {_PROJECT_DAY} <= %(before)s" if before is not None else "",
    )
    return TimelineQuery(sql, _params(contact, limit, before), _project_entries)


def _project_entries(rows: list[tuple]) -> list[TimelineEntry]:
    project_url = url_pattern("collaboration:project_detail").format
    kind, status = _labels(Project, "kind"), _labels(Project, "status")
    role_label = _labels(Collaborator, "role")
    entries = []
    for pk, title, kind_code, status_code, start, end, created_at, role, day in rows:
        details = [kind(kind_code), status(status_code), _project_dates(start, end)]
        entries.append(
            TimelineEntry(
                kind="project",
                occurred_on=day,
                title=f"{title} ({role_label(role)})",
                body=escape(" · ".join(d for d in details if d)),
                url=project_url(pk),
                sort_key=created_at.isoformat(),
            )
        )
    return entries


# Each introduction the contact was part of, either side, with both people's names, on the day
# it happened or else the day it was recorded (in the doctor's time zone).
_INTRODUCTIONS_SQL = """
SELECT n.direction, n.introducer_id, n.note, n.created_at, {day},
       a.prefix, a.given_name, a.family_name, b.prefix, b.given_name, b.family_name
  FROM collaboration_introduction n
  JOIN contacts_contact a ON a.id = n.introducer_id
  JOIN contacts_contact b ON b.id = n.introduced_id
 WHERE n.owner_id = %(owner)s
   AND (n.introducer_id = %(contact)s OR n.introduced_id = %(contact)s){before}
 ORDER BY {day} DESC, n.created_at DESC
 LIMIT %(limit)s"""
_INTRODUCTION_DAY = "COALESCE(n.introduced_on, (n.created_at AT TIME ZONE %(zone)s)::date)"


def _introduction_title(direction: str, is_introducer: bool, introducer: str, introduced: str):
    if direction == IntroductionDirection.MADE:
        return f"You introduced them to {introduced if is_introducer else introducer}"
    if is_introducer:
        return f"Introduced you to {introduced}"
    return f"Introduced to you by {introducer}"


@register_query("collaboration.introductions")
def introductions(contact, limit: int, before=None) -> TimelineQuery:
    """Introductions this contact was part of, either side, newest first. One statement."""
    sql = _INTRODUCTIONS_SQL.format(
        day=_INTRODUCTION_DAY,
        before=f"\n   AND {_INTRODUCTION_DAY} <= %(before)s" if before is not None else "",
    )

    def entries(rows: list[tuple]) -> list[TimelineEntry]:
        url = reverse("collaboration:introduction_list")
        return [
            TimelineEntry(
                kind="introduction",
                occurred_on=day,
                title=_introduction_title(
                    direction,
                    introducer_id == contact.pk,
                    full_name(*row[:3]) or "(no name)",
                    full_name(*row[3:]) or "(no name)",
                ),
                body=escape(note[:300]),
                url=url,
                sort_key=created_at.isoformat(),
            )
            for direction, introducer_id, note, created_at, day, *row in rows
        ]

    return TimelineQuery(sql, _params(contact, limit, before), entries)
