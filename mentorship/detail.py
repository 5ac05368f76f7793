"""The mentorship page's reads in hand-written statements sent in one round trip (issue 22).

The page showed a mentorship's goals (each with its latest progress note), its recent meetings
(with their notes and action items), its open actions, two counts and its focus areas: seven
queries, where building the querysets, compiling them and turning the rows into model instances
cost more CPU than the rest of the view. Here each read is one statement, all sent together
(``core.statements.run_together``), and each row is a light object with the attributes the page
and its tags (``{% meeting_card %}``, ``{% action_item %}``) read. What the ORM gave these
statements, the orderings and filters, is written out below, and
``tests/mentorship/test_detail_rows.py`` holds each to the queryset it replaces.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.statements import run_together

from .models import GoalStatus

# The page shows this many recent meetings and open actions; the rest are paginated on the
# meetings page, so the page costs the same with 10 meetings or 1,000.
RECENT_MEETINGS = 10
OPEN_ACTIONS = 20

# What ``User.__str__`` gives: the display name, else the email (``ActionItem.for_rows``).
_NAME = "COALESCE(NULLIF({u}.display_name, ''), {u}.email)"

# Goal.Meta.ordering; the latest note by GoalNote.Meta.ordering.
GOALS = (
    "SELECT g.id, g.title, g.detail, g.target_date, g.status,"
    " n.written_on, n.text, n.author_name"
    " FROM mentorship_goal g LEFT JOIN LATERAL ("
    "  SELECT gn.written_on, gn.text, " + _NAME.format(u="u") + " AS author_name"
    "  FROM mentorship_goalnote gn JOIN accounts_user u ON u.id = gn.author_id"
    "  WHERE gn.goal_id = g.id ORDER BY gn.written_on DESC, gn.created_at DESC LIMIT 1"
    " ) n ON true"
    " WHERE g.mentorship_id = %(mentorship)s"
    " ORDER BY g.target_date ASC NULLS LAST, g.title ASC"
)
# Meeting.Meta.ordering, the most recent first.
_RECENT = (
    "SELECT m.id FROM mentorship_meeting m WHERE m.mentorship_id = %(mentorship)s"
    " ORDER BY m.held_on DESC, m.created_at DESC LIMIT %(meetings)s"
)
MEETINGS = (
    "SELECT m.id, m.held_on, m.agenda FROM mentorship_meeting m"
    " WHERE m.mentorship_id = %(mentorship)s"
    " ORDER BY m.held_on DESC, m.created_at DESC LIMIT %(meetings)s"
)
# MeetingNote.objects.visible_to(user), in MeetingNote.Meta.ordering.
MEETING_NOTES = (
    "SELECT n.meeting_id, n.text, n.private, " + _NAME.format(u="u") + ""
    " FROM mentorship_meetingnote n JOIN accounts_user u ON u.id = n.author_id"
    f" WHERE n.meeting_id IN ({_RECENT}) AND (NOT n.private OR n.author_id = %(user)s)"
    " ORDER BY n.created_at ASC"
)
_ACTION = (
    "SELECT a.id, a.meeting_id, a.title, a.assignee_id, a.due_on, a.done_on, "
    + _NAME.format(u="u")
    + " FROM mentorship_actionitem a LEFT JOIN accounts_user u ON u.id = a.assignee_id"
)
# ActionItem.objects.for_rows() in ActionItem.Meta.ordering.
MEETING_ACTIONS = (
    _ACTION + f" WHERE a.meeting_id IN ({_RECENT})"
    " ORDER BY a.done_on DESC NULLS FIRST, a.due_on ASC, a.title ASC"
)
# The open ones due soonest.
OPEN_ACTION_ROWS = (
    _ACTION + " WHERE a.mentorship_id = %(mentorship)s AND a.done_on IS NULL"
    " ORDER BY a.due_on ASC NULLS LAST, a.title ASC LIMIT %(actions)s"
)
# The meeting count, the open action count and the focus areas' labels (in Term's ordering).
COUNTS = (
    "SELECT (SELECT COUNT(*) FROM mentorship_meeting m WHERE m.mentorship_id = %(mentorship)s),"
    " (SELECT COUNT(*) FROM mentorship_actionitem a"
    "  WHERE a.mentorship_id = %(mentorship)s AND a.done_on IS NULL),"
    " ARRAY(SELECT t.label FROM mentorship_mentorship_focus_areas l"
    "  JOIN core_term t ON t.id = l.term_id WHERE l.mentorship_id = %(mentorship)s"
    "  ORDER BY t.kind ASC, t.sort_order ASC, t.label ASC)"
)

_GOAL_STATUS = dict(GoalStatus.choices)


class Rows(list):
    """A list that answers ``.all()``, as the related managers the tags read did."""

    def all(self):
        return self


@dataclass(slots=True)
class Note:
    """A goal's or a meeting's note; ``author`` is the writer's name (``User.__str__``)."""

    text: str
    author: str
    written_on: object = None
    private: bool = False


@dataclass(slots=True)
class Goal:
    pk: object
    title: str
    detail: str
    target_date: object
    status: str
    latest: Note | None

    def get_status_display(self) -> str:
        return _GOAL_STATUS.get(self.status, self.status)


@dataclass
class Action:
    """What ``{% action_item %}`` and ``{% action_text %}`` read of an action item."""

    pk: object
    meeting_id: object
    title: str
    assignee_id: object
    due_on: object
    done_on: object
    assignee_name: str | None

    @property
    def assignee(self):
        return self.assignee_name


@dataclass(slots=True)
class Meeting:
    pk: object
    held_on: object
    agenda: str
    notes: Rows
    action_items: Rows


@dataclass(slots=True)
class PageRows:
    goals: list[Goal]
    meetings: list[Meeting]
    open_actions: list[Action]
    meeting_count: int
    open_count: int
    focus: list[str]


def page_rows(mentorship_id, user_id) -> PageRows:
    """The mentorship page's goals, recent meetings, open actions, counts and focus areas."""
    params = {
        "mentorship": mentorship_id,
        "user": user_id,
        "meetings": RECENT_MEETINGS,
        "actions": OPEN_ACTIONS,
    }
    goals, meetings, notes, actions, open_rows, counts = run_together(
        [
            (GOALS, params),
            (MEETINGS, params),
            (MEETING_NOTES, params),
            (MEETING_ACTIONS, params),
            (OPEN_ACTION_ROWS, params),
            (COUNTS, params),
        ]
    )
    by_id = {pk: Meeting(pk, held_on, agenda, Rows(), Rows()) for pk, held_on, agenda in meetings}
    for meeting_id, text, private, author in notes:
        by_id[meeting_id].notes.append(Note(text, author, private=private))
    for row in actions:
        by_id[row[1]].action_items.append(Action(*row))
    meeting_count, open_count, focus = counts[0]
    return PageRows(
        goals=[
            Goal(pk, title, detail, target, status, None if on is None else Note(text, by, on))
            for pk, title, detail, target, status, on, text, by in goals
        ],
        meetings=list(by_id.values()),
        open_actions=[Action(*row) for row in open_rows],
        meeting_count=meeting_count,
        open_count=open_count,
        focus=focus,
    )
