import datetime as dt

import pytest
from django.urls import reverse

from mentorship import due as mentorship_due
from reminders import due
from tests import factories

START, UNTIL = dt.date(2026, 3, 1), dt.date(2026, 3, 8)


def test_the_next_meeting_comes_due_by_the_cadence_for_both_members(doctor):
    mentorship = factories.SharedMentorshipFactory(owner=doctor, cadence_days=30)
    factories.MeetingFactory(mentorship=mentorship, held_on=dt.date(2026, 2, 1))

    items = list(mentorship_due.meetings_due([doctor.pk, mentorship.member_id], START, UNTIL))

    assert {i.owner_id for i in items} == {doctor.pk, mentorship.member_id}
    assert {i.due_on for i in items} == {dt.date(2026, 3, 3)}
    assert {i.kind for i in items} == {"mentorship_meeting"}
    titles = {i.owner_id: i.title for i in items}
    assert titles[mentorship.member_id] == f"Meet {doctor}"


def test_no_meeting_is_due_for_paused_or_recently_met_mentorships(doctor):
    recent = factories.MentorshipFactory(owner=doctor, cadence_days=30)
    factories.MeetingFactory(mentorship=recent, held_on=dt.date(2026, 2, 25))
    factories.MentorshipFactory(owner=doctor, cadence_days=7, status="paused")

    assert list(mentorship_due.meetings_due([doctor.pk], START, UNTIL)) == []


def test_open_action_items_come_due_for_their_assignee_with_one_click_actions(doctor):
    mentorship = factories.SharedMentorshipFactory(owner=doctor)
    mine = factories.ActionItemFactory(
        mentorship=mentorship, assignee=doctor, due_on=dt.date(2026, 3, 2)
    )
    factories.ActionItemFactory(
        mentorship=mentorship, assignee=doctor, due_on=dt.date(2026, 3, 2), done_on=START
    )
    factories.ActionItemFactory(
        mentorship=mentorship, assignee=mentorship.member, due_on=dt.date(2026, 3, 2)
    )
    factories.ActionItemFactory(mentorship=mentorship, assignee=doctor, due_on=dt.date(2026, 4, 1))

    items = list(mentorship_due.action_items_due([doctor.pk], START, UNTIL))

    assert [i.action_ref for i in items] == [f"mentorship.actionitem:{mine.pk}"]
    due.perform(doctor, items[0].action_ref, "snooze", dt.date(2026, 3, 20))
    assert list(mentorship_due.action_items_due([doctor.pk], START, UNTIL)) == []
    due.perform(doctor, items[0].action_ref, "done")
    mine.refresh_from_db()
    assert mine.is_done


def test_a_third_user_cannot_act_on_someone_elses_action_item(doctor, outsider):
    item = factories.ActionItemFactory(mentorship=factories.MentorshipFactory(owner=doctor))

    with pytest.raises(LookupError):
        due.perform(outsider, f"mentorship.actionitem:{item.pk}", "done")


def test_both_sources_are_registered():
    assert {"mentorship_meeting", "action_item"} <= set(due.sources())


def test_the_due_sources_use_a_constant_number_of_queries(doctor, django_assert_max_num_queries):
    for _ in range(5):
        mentorship = factories.SharedMentorshipFactory(
            owner=doctor, cadence_days=7, started_on=dt.date(2026, 1, 1)
        )
        factories.ActionItemFactory(mentorship=mentorship, due_on=dt.date(2026, 3, 1))

    # One query per source: mentorships with their last meeting; open items with names.
    with django_assert_max_num_queries(2):
        items = list(mentorship_due.meetings_due([doctor.pk], START, UNTIL))
        items += list(mentorship_due.action_items_due([doctor.pk], START, UNTIL))
    assert len(items) == 10
    assert reverse("mentorship:detail", args=[mentorship.pk]) in {i.url for i in items}


def test_in_a_private_mentorship_the_owner_is_reminded_to_chase_their_actions(doctor, outsider):
    mentorship = factories.MentorshipFactory(owner=doctor, contact__given_name="Priya")
    theirs = factories.ActionItemFactory(
        mentorship=mentorship, assignee=None, title="Send the CV", due_on=dt.date(2026, 3, 2)
    )
    factories.ActionItemFactory(mentorship=mentorship, assignee=None, due_on=None)
    factories.ActionItemFactory(
        mentorship=mentorship, assignee=None, due_on=dt.date(2026, 3, 2), done_on=START
    )

    items = list(mentorship_due.action_items_due([doctor.pk, outsider.pk], START, UNTIL))

    assert [(i.owner_id, i.action_ref) for i in items] == [
        (doctor.pk, f"mentorship.actionitem:{theirs.pk}")
    ]
    assert items[0].title.startswith("Chase ") and items[0].title.endswith(": Send the CV")
    assert "Priya" in items[0].title
    with pytest.raises(LookupError):
        due.perform(outsider, items[0].action_ref, "done")
    due.perform(doctor, items[0].action_ref, "done")
    assert list(mentorship_due.action_items_due([doctor.pk], START, UNTIL)) == []


def test_the_owners_own_action_in_a_private_mentorship_comes_due_once(doctor):
    mentorship = factories.MentorshipFactory(owner=doctor)
    factories.ActionItemFactory(mentorship=mentorship, assignee=doctor, due_on=START)

    items = list(mentorship_due.action_items_due([doctor.pk], START, UNTIL))

    assert len(items) == 1 and not items[0].title.startswith("Chase")


def test_a_shared_mentorships_member_is_reminded_of_their_own_actions_not_the_owner(doctor):
    mentorship = factories.SharedMentorshipFactory(owner=doctor)
    factories.ActionItemFactory(mentorship=mentorship, assignee=mentorship.member, due_on=START)

    items = list(mentorship_due.action_items_due([doctor.pk, mentorship.member_id], START, UNTIL))

    assert [i.owner_id for i in items] == [mentorship.member_id]


def test_a_chase_item_shows_on_the_owners_dashboard_list(doctor):
    mentorship = factories.MentorshipFactory(owner=doctor)
    factories.ActionItemFactory(
        mentorship=mentorship, assignee=None, title="Book the sim lab", due_on=START
    )

    groups = due.due_for(doctor, START)

    assert any("Book the sim lab" in i.title for g in groups.groups() for i in g[2])
