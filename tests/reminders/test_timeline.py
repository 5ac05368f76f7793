import datetime as dt

import pytest

from contacts import timeline
from reminders import follow_ups
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_contacts_follow_ups_appear_on_their_timeline_and_only_theirs(doctor):
    contact, other = factories.ContactFactory(owner=doctor), factories.ContactFactory(owner=doctor)
    factories.FollowUpFactory(owner=doctor, contact=contact, what="Ask about the fellowship")
    done = factories.FollowUpFactory(
        owner=doctor, contact=contact, what="Send the paper", due_on=dt.date(2026, 1, 5)
    )
    follow_ups.complete_follow_up(follow_up=done)
    factories.FollowUpFactory(owner=doctor, contact=other, what="Someone else's")

    titles = [e.title for e in timeline.timeline(contact, 10) if e.kind == "follow_up"]

    assert "Follow-up: Ask about the fellowship" in titles
    assert "Follow-up done: Send the paper" in titles
    assert not any("Someone else" in t for t in titles)
