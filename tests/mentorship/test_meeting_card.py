"""``{% meeting_card %}`` (``mentorship/_meeting.html``) draws what the template it replaced drew
(kept in templates_before/), for meetings with and without an agenda, notes and actions."""

import datetime as dt
from pathlib import Path

import pytest
from django.template import engines

from tests.factories import (
    ActionItemFactory,
    MeetingFactory,
    MeetingNoteFactory,
    MentorshipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ENGINE = engines["django"]
OLD = ENGINE.from_string((Path(__file__).parent / "templates_before" / "_meeting.html").read_text())
TODAY = dt.date(2027, 5, 12)


def _meetings():
    mentorship = MentorshipFactory()
    owner = mentorship.owner
    other = UserFactory(display_name='Dr <b>Other</b> & "co"')
    bare = MeetingFactory(mentorship=mentorship, agenda="")
    long = MeetingFactory(mentorship=mentorship, agenda="Plan <exams> & " + "rotations " * 20)
    MeetingNoteFactory(meeting=long, author=owner, text="Line one\nline <two> & three")
    MeetingNoteFactory(meeting=long, author=other, text="Private\r\nthought", private=True)
    ActionItemFactory(mentorship=mentorship, meeting=long, assignee=owner, title="Mine <b>")
    ActionItemFactory(
        mentorship=mentorship,
        meeting=long,
        assignee=other,
        due_on=TODAY - dt.timedelta(days=3),
        done_on=TODAY,
    )
    ActionItemFactory(
        mentorship=mentorship, meeting=long, assignee=None, due_on=TODAY - dt.timedelta(days=1)
    )
    return owner, other, [bare, long]


def test_a_meeting_card_draws_what_the_template_drew():
    owner, other, meetings = _meetings()
    new = ENGINE.get_template("mentorship/_meeting.html")
    for meeting in meetings:
        for context in ({"user": owner, "today": TODAY}, {"user": other}, {}):
            values = {"meeting": meeting, **context}
            assert new.render(values) == OLD.render(values)
    drawn = new.render({"meeting": meetings[1], "user": owner, "today": TODAY})
    assert drawn.count("<li ") == 3 and "(private)" in drawn and "Line one<br>line" in drawn
