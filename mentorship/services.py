"""Writes that touch several rows or have side effects: meetings (and their interactions), status
changes, completion, action items."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from contacts.interactions import log_interaction, update_interaction

from .models import ActionItem, Goal, GoalNote, Meeting, MeetingNote, Mentorship, Status


@transaction.atomic
def save_mentorship(*, owner, form) -> Mentorship:
    """Create or update a mentorship from a ``MentorshipForm``; stamps the status dates."""
    mentorship = form.save(commit=False)
    if mentorship._state.adding:
        mentorship.owner = owner
    _stamp_status(mentorship, mentorship.status)
    if mentorship.member_id and "my_contact" in form.cleaned_data:
        # Each member's own contact row for the other; never the other member's to set.
        field = "contact" if mentorship.owner_id == form.user.pk else "member_contact"
        setattr(mentorship, field, form.cleaned_data["my_contact"])
    mentorship.save()
    form.save_m2m()
    return mentorship


def _stamp_status(mentorship: Mentorship, status: str) -> None:
    today = timezone.localdate()
    if status == Status.ACTIVE:
        mentorship.started_on = mentorship.started_on or today
        mentorship.paused_on = None
    elif status == Status.PAUSED:
        mentorship.paused_on = mentorship.paused_on or today
    elif status == Status.COMPLETED:
        mentorship.ended_on = mentorship.ended_on or today
        if mentorship.started_on and mentorship.ended_on < mentorship.started_on:
            mentorship.ended_on = mentorship.started_on


def change_status(*, mentorship: Mentorship, status: str) -> Mentorship:
    """Move to proposed / active / paused (completion goes through ``complete_mentorship``)."""
    if status not in (Status.PROPOSED, Status.ACTIVE, Status.PAUSED):
        raise ValueError(status)
    mentorship.status = status
    _stamp_status(mentorship, status)
    mentorship.save(update_fields=["status", "started_on", "paused_on", "updated_at"])
    return mentorship


def complete_mentorship(
    *, mentorship: Mentorship, outcome_summary: str, ended_on: dt.date | None = None
) -> Mentorship:
    """End a mentorship with its reflection. Either member of a shared one may do this."""
    mentorship.status = Status.COMPLETED
    mentorship.outcome_summary = outcome_summary
    mentorship.ended_on = ended_on
    _stamp_status(mentorship, Status.COMPLETED)
    mentorship.save(update_fields=["status", "outcome_summary", "ended_on", "updated_at"])
    return mentorship


@transaction.atomic
def record_meeting(
    *, user, mentorship: Mentorship, held_on: dt.date, agenda: str, note: str = "", private=True
) -> Meeting:
    """A meeting, its first note, and a "mentoring" interaction on the timeline of each member who
    keeps a contact row for the other person."""
    meeting = Meeting.objects.create(
        mentorship=mentorship, held_on=held_on, agenda=agenda, created_by=user
    )
    if note.strip():
        MeetingNote.objects.create(meeting=meeting, author=user, text=note, private=private)
    summary = f"Mentorship meeting. {agenda}".strip()[:500]
    for member, contact in ((mentorship.owner, mentorship.contact),) + (
        ((mentorship.member, mentorship.member_contact),) if mentorship.member_id else ()
    ):
        if contact is not None and contact.deleted_at is None and contact.owner_id == member.pk:
            meeting.interactions.add(
                log_interaction(
                    member, [contact], kind="mentoring", occurred_on=held_on, note=summary
                )
            )
    return meeting


@transaction.atomic
def update_meeting(*, meeting: Meeting, held_on: dt.date, agenda: str) -> Meeting:
    """Change a meeting's date and agenda. The interactions it logged move to the new date, so
    each member's "last contacted" stays right (their notes are left as the doctor wrote them)."""
    meeting.held_on, meeting.agenda = held_on, agenda
    meeting.save(update_fields=["held_on", "agenda"])
    for interaction in meeting.interactions.select_related("kind").prefetch_related("contacts"):
        if interaction.occurred_on != held_on:
            update_interaction(
                interaction,
                contacts=interaction.contacts.all(),
                kind=interaction.kind,
                occurred_on=held_on,
                place=interaction.place,
                note=interaction.note,
            )
    return meeting


def add_goal_note(*, user, goal: Goal, text: str, written_on: dt.date | None = None) -> GoalNote:
    note = GoalNote.objects.create(
        goal=goal, author=user, text=text, written_on=written_on or timezone.localdate()
    )
    if goal.status == "not_started":
        goal.status = "in_progress"
        goal.save(update_fields=["status"])
    return note


def set_action_done(*, item: ActionItem, done: bool) -> ActionItem:
    item.done_on = timezone.localdate() if done else None
    item.save(update_fields=["done_on"])
    return item


def snooze_action(*, item: ActionItem, until: dt.date) -> ActionItem:
    item.snoozed_until = until
    item.save(update_fields=["snoozed_until"])
    return item
