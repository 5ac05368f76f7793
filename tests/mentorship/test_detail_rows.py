"""The mentorship page reads its rows in hand-written statements (``mentorship.detail``, issue
22): the same goals, latest notes, meetings, notes, actions, counts and focus areas, in the same
order, as the ORM querysets they replaced gave, for either member of a shared mentorship."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import F, Prefetch
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.mentorship import seed_busy_mentorship
from core.models import Term
from mentorship import detail
from mentorship.models import ActionItem, Goal, GoalNote, Meeting, MeetingNote
from tests import factories

START = dt.datetime(2024, 1, 1, 9, tzinfo=dt.UTC)


def _orm_rows(mentorship, user):
    """What the page read through the ORM before ``mentorship.detail``."""
    goals = Goal.objects.filter(mentorship=mentorship).prefetch_related(
        Prefetch("notes", GoalNote.objects.select_related("author"))
    )
    meetings = (
        Meeting.objects.filter(mentorship=mentorship)
        .prefetch_related(
            Prefetch("notes", MeetingNote.objects.visible_to(user).select_related("author")),
            Prefetch("action_items", ActionItem.objects.for_rows()),
        )
        .order_by("-held_on", "-created_at")[: detail.RECENT_MEETINGS]
    )
    open_items = ActionItem.objects.filter(mentorship=mentorship).open()
    opened = open_items.for_rows().order_by(F("due_on").asc(nulls_last=True), "title")
    focus = (
        type(mentorship)
        .focus_areas.through.objects.filter(mentorship_id=mentorship.pk)
        .order_by("term__kind", "term__sort_order", "term__label")
        .values_list("term__label", flat=True)
    )

    def action(a):
        return (a.pk, a.title, a.assignee_id, a.due_on, a.done_on, a.assignee_name)

    def latest(goal):
        note = goal.notes.all()[:1]
        return (note[0].written_on, note[0].text, str(note[0].author)) if note else None

    return {
        "goals": [
            (g.pk, g.title, g.detail, g.target_date, g.status, g.get_status_display(), latest(g))
            for g in goals
        ],
        "meetings": [
            (
                m.pk,
                m.held_on,
                m.agenda,
                [(n.text, n.private, str(n.author)) for n in m.notes.all()],
                [action(a) for a in m.action_items.all()],
            )
            for m in meetings
        ],
        "open": [action(a) for a in opened[: detail.OPEN_ACTIONS]],
        "counts": (
            Meeting.objects.filter(mentorship=mentorship).count(),
            open_items.count(),
            list(focus),
        ),
    }


def _statement_rows(mentorship, user):
    rows = detail.page_rows(mentorship.pk, user.pk)

    def action(a):
        return (a.pk, a.title, a.assignee_id, a.due_on, a.done_on, a.assignee_name)

    def latest(goal):
        note = goal.latest
        return (note.written_on, note.text, note.author) if note else None

    return {
        "goals": [
            (g.pk, g.title, g.detail, g.target_date, g.status, g.get_status_display(), latest(g))
            for g in rows.goals
        ],
        "meetings": [
            (
                m.pk,
                m.held_on,
                m.agenda,
                [(n.text, n.private, n.author) for n in m.notes.all()],
                [action(a) for a in m.action_items.all()],
            )
            for m in rows.meetings
        ],
        "open": [action(a) for a in rows.open_actions],
        "counts": (rows.meeting_count, rows.open_count, rows.focus),
    }


@pytest.fixture
def busy(doctor):
    """A shared mentorship with more meetings and open actions than the page shows, goals with
    and without notes and dates, notes private to either member, actions for nobody and for a
    member with no display name."""
    mentorship = seed_busy_mentorship(doctor, 14, 60)
    member = mentorship.member
    member.display_name = ""
    member.save(update_fields=["display_name"])
    mentorship.focus_areas.set(Term.objects.filter(kind="mentorship_focus")[:3])
    meetings = list(Meeting.objects.filter(mentorship=mentorship).order_by("-held_on"))
    for i, (author, private) in enumerate(
        [(doctor, True), (member, True), (member, False), (doctor, False)]
    ):
        note = MeetingNote.objects.create(
            meeting=meetings[0], author=author, text=f"Note {i}\nline two", private=private
        )
        MeetingNote.objects.filter(pk=note.pk).update(created_at=START + dt.timedelta(hours=i))
    factories.ActionItemFactory(mentorship=mentorship, meeting=meetings[1], assignee=None)
    factories.ActionItemFactory(mentorship=mentorship, assignee=None, due_on=None)
    for i, target in enumerate([None, dt.date(2030, 1, 1), None, dt.date(2029, 5, 1)]):
        goal = factories.GoalFactory(
            mentorship=mentorship,
            title=f"Goal {3 - i}",
            target_date=target,
            status=["achieved", "dropped", "in_progress", "not_started"][i],
            detail="Some <detail>" if i % 2 else "",
        )
        for day in range(i):
            GoalNote.objects.create(
                goal=goal,
                author=[doctor, member][day % 2],
                written_on=dt.date(2024, 3, 1 + day),
                text=f"Progress {day} <b>",
            )
    return mentorship


def test_the_statements_read_what_the_orm_querysets_read_for_either_member(busy):
    for user in (busy.owner, busy.member):
        orm = _orm_rows(busy, user)
        assert _statement_rows(busy, user) == orm
        assert len(orm["meetings"]) == detail.RECENT_MEETINGS
        assert len(orm["open"]) == detail.OPEN_ACTIONS
        assert [g[-1] is not None for g in orm["goals"]].count(True) == 3


def test_an_empty_mentorship_reads_empty_rows(doctor):
    mentorship = factories.MentorshipFactory(owner=doctor)
    assert _statement_rows(mentorship, doctor) == _orm_rows(mentorship, doctor)
    assert _statement_rows(mentorship, doctor)["counts"] == (0, 0, [])


def test_the_rows_come_in_one_round_trip(busy):
    with CaptureQueriesContext(connection) as queries:
        detail.page_rows(busy.pk, busy.owner.pk)
    assert len(queries) == 1


def test_the_page_shows_each_goals_latest_progress_note(busy, client):
    client.force_login(busy.owner)
    response = client.get(reverse("mentorship:detail", args=[busy.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Latest progress (02/03/2024, " in body
    assert "Progress 1 &lt;b&gt;" in body
    assert "Progress 2 &lt;b&gt;" in body
    assert "Note 1" not in body  # the member's private note
    assert "Note 0" in body
