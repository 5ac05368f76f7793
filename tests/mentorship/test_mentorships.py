import datetime as dt

from django.urls import reverse
from django.utils import timezone

from contacts.models import Interaction
from contacts.timeline import timeline
from mentorship.models import ActionItem, Meeting, Mentorship
from tests import factories


def test_the_empty_list_says_how_to_start(doctor_client):
    response = doctor_client.get(reverse("mentorship:list"))

    assert response.status_code == 200
    assert b"find a mentor in the directory" in response.content


def test_the_list_shows_current_and_past_with_last_meeting_and_overdue_markers(
    doctor, doctor_client
):
    current = factories.MentorshipFactory(owner=doctor, cadence_days=14)
    factories.MeetingFactory(mentorship=current, held_on=dt.date(2026, 1, 5))
    factories.ActionItemFactory(mentorship=current, due_on=dt.date(2026, 1, 6))
    factories.MentorshipFactory(owner=doctor, status="completed", ended_on=timezone.localdate())

    body = doctor_client.get(reverse("mentorship:list")).content.decode()

    assert "Current" in body and "Past" in body
    assert "05/01/2026" in body
    assert "Overdue since 19/01/2026" in body
    assert "(1 overdue)" in body


def test_a_doctor_records_a_mentorship_with_a_contact(doctor, doctor_client):
    contact = factories.ContactFactory(owner=doctor)
    focus = factories.term("mentorship_focus", "training_exams")

    response = doctor_client.post(
        reverse("mentorship:create"),
        {
            "contact": contact.pk,
            "side": "mentee",
            "focus_areas": [focus.pk],
            "status": "active",
            "cadence_days": 30,
            "meeting_frequency": "monthly",
            "preferred_channel": "video",
        },
    )

    mentorship = Mentorship.objects.get()
    assert response.status_code == 302
    assert mentorship.owner == doctor and mentorship.contact == contact
    assert mentorship.started_on == timezone.localdate()
    assert list(mentorship.focus_areas.all()) == [focus]


def test_the_mentorship_form_offers_only_the_doctors_own_contacts(doctor, doctor_client):
    theirs = factories.ContactFactory()

    response = doctor_client.post(
        reverse("mentorship:create"), {"contact": theirs.pk, "side": "mentee", "status": "active"}
    )

    assert response.status_code == 200
    assert not Mentorship.objects.exists()


def test_logging_a_meeting_logs_a_mentoring_interaction_on_the_contacts_timeline(
    doctor, doctor_client
):
    mentorship = factories.MentorshipFactory(owner=doctor)

    response = doctor_client.post(
        reverse("mentorship:meeting_create", args=[mentorship.pk]),
        {"held_on": "2026-02-03", "agenda": "Exam plan", "note": "Going well", "private": "on"},
    )

    meeting = Meeting.objects.get()
    assert response.status_code == 302
    interaction = Interaction.objects.get()
    assert interaction.kind.code == "mentoring"
    assert list(interaction.contacts.all()) == [mentorship.contact]
    mentorship.contact.refresh_from_db()
    assert mentorship.contact.last_interaction_at == dt.date(2026, 2, 3)
    entries = [e for e in timeline(mentorship.contact, 10) if e.kind == "mentorship_meeting"]
    assert [e.url for e in entries] == [reverse("mentorship:meeting_detail", args=[meeting.pk])]


def test_a_shared_meeting_logs_an_interaction_only_for_the_member_with_a_contact_row(doctor):
    from mentorship import services

    member = factories.UserFactory()
    contact_of_owner = factories.ContactFactory(owner=member)
    mentorship = factories.SharedMentorshipFactory(
        owner=doctor, member=member, member_contact=contact_of_owner
    )

    services.record_meeting(
        user=member, mentorship=mentorship, held_on=dt.date(2026, 3, 1), agenda="First"
    )

    interaction = Interaction.objects.get()
    assert interaction.owner == member
    assert list(interaction.contacts.all()) == [contact_of_owner]


def test_the_mentorship_page_shows_goal_progress_and_open_actions(doctor, doctor_client):
    mentorship = factories.MentorshipFactory(owner=doctor)
    factories.GoalFactory(mentorship=mentorship, status="achieved")
    factories.GoalFactory(mentorship=mentorship, status="in_progress")
    factories.ActionItemFactory(mentorship=mentorship, title="Book the exam")

    body = doctor_client.get(reverse("mentorship:detail", args=[mentorship.pk])).content.decode()

    assert "1 of 2 goals achieved" in body
    assert "Book the exam" in body


def test_adding_a_goal_and_a_progress_note(doctor, doctor_client):
    mentorship = factories.MentorshipFactory(owner=doctor)
    doctor_client.post(
        reverse("mentorship:goal_create", args=[mentorship.pk]), {"title": "Pass part 1"}
    )
    goal = mentorship.goals.get()

    doctor_client.post(
        reverse("mentorship:goal_note_create", args=[goal.pk]),
        {"written_on": "2026-02-01", "text": "Booked the exam"},
    )

    goal.refresh_from_db()
    assert goal.status == "in_progress"
    assert goal.notes.get().author == doctor


def test_an_action_item_is_added_at_a_meeting_and_ticked_off_with_htmx(doctor, doctor_client):
    mentorship = factories.SharedMentorshipFactory(owner=doctor)
    meeting = factories.MeetingFactory(mentorship=mentorship)

    doctor_client.post(
        reverse("mentorship:action_create", args=[meeting.pk]),
        {"title": "Send CV", "who": "them", "due_on": "2026-04-01"},
    )
    item = ActionItem.objects.get()
    response = doctor_client.post(
        reverse("mentorship:action_toggle", args=[item.pk]), HTTP_HX_REQUEST="true"
    )

    item.refresh_from_db()
    assert item.assignee == mentorship.member
    assert item.is_done
    assert response.status_code == 200 and b"Reopen" in response.content
    assert b"<html" not in response.content


def test_completing_a_mentorship_saves_the_reflection(doctor, doctor_client):
    mentorship = factories.MentorshipFactory(owner=doctor, started_on=dt.date(2026, 1, 1))
    too_early = doctor_client.post(
        reverse("mentorship:complete", args=[mentorship.pk]),
        {"ended_on": "2025-12-30", "outcome_summary": "x"},
    )
    assert "choose that date or later" in too_early.content.decode()

    doctor_client.post(
        reverse("mentorship:complete", args=[mentorship.pk]),
        {"ended_on": "2026-06-30", "outcome_summary": "Got onto the training program."},
    )

    mentorship.refresh_from_db()
    assert mentorship.status == "completed"
    assert mentorship.ended_on == dt.date(2026, 6, 30)
    body = doctor_client.get(reverse("mentorship:detail", args=[mentorship.pk])).content
    assert b"Got onto the training program." in body


def test_either_member_can_end_a_shared_mentorship_but_not_delete_it(client, doctor):
    mentorship = factories.SharedMentorshipFactory(owner=doctor)
    client.force_login(mentorship.member)

    client.post(reverse("mentorship:delete", args=[mentorship.pk]))
    client.post(reverse("mentorship:complete", args=[mentorship.pk]), {"outcome_summary": "Done."})

    assert Mentorship.objects.get().status == "completed"


def test_the_outsider_gets_404_for_a_private_mentorship(doctor, outsider_client):
    mentorship = factories.MentorshipFactory(owner=doctor)

    assert (
        outsider_client.get(reverse("mentorship:detail", args=[mentorship.pk])).status_code == 404
    )


def test_each_member_links_their_own_contact_row_to_a_shared_mentorship(client, doctor):
    mentorship = factories.SharedMentorshipFactory(owner=doctor)
    member = mentorship.member
    contact = factories.ContactFactory(owner=member)
    client.force_login(member)

    client.post(
        reverse("mentorship:edit", args=[mentorship.pk]),
        {"status": "active", "my_contact": contact.pk, "cadence_days": 30},
    )

    mentorship.refresh_from_db()
    assert mentorship.member_contact == contact
    assert mentorship.contact is None
    assert mentorship.owner == doctor
    assert factories.ContactFactory(owner=doctor).pk != contact.pk
    other = factories.ContactFactory(owner=doctor)
    client.post(
        reverse("mentorship:edit", args=[mentorship.pk]),
        {"status": "active", "my_contact": other.pk},
    )
    mentorship.refresh_from_db()
    assert mentorship.member_contact == contact


def test_the_list_counts_open_actions_right_with_many_meetings(doctor, doctor_client):
    mentorship = factories.MentorshipFactory(owner=doctor)
    for days in (3, 10, 40):
        factories.MeetingFactory(
            mentorship=mentorship, held_on=timezone.localdate() - dt.timedelta(days=days)
        )
    factories.ActionItemFactory(mentorship=mentorship)
    factories.ActionItemFactory(
        mentorship=mentorship, due_on=timezone.localdate() - dt.timedelta(days=1)
    )

    listed = doctor_client.get(reverse("mentorship:list")).context["current"][0]

    assert (listed.open_actions, listed.overdue_actions) == (2, 1)
    assert listed.last_meeting_on == timezone.localdate() - dt.timedelta(days=3)


def test_a_mentorship_with_only_done_actions_lists_none_open_or_overdue(doctor, doctor_client):
    mentorship = factories.MentorshipFactory(owner=doctor)
    factories.MentorshipFactory(owner=doctor, status="proposed")  # no actions at all
    long_ago = timezone.localdate() - dt.timedelta(days=30)
    factories.ActionItemFactory(mentorship=mentorship, due_on=long_ago, done_on=long_ago)

    listed = doctor_client.get(reverse("mentorship:list")).context["current"]

    assert [(m.open_actions, m.overdue_actions) for m in listed] == [(0, 0), (0, 0)]
