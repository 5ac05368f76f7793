"""A mentorship meeting shows once on the contact's timeline: the meeting, linking the
interaction it logged (which keeps "last contacted" right)."""

import datetime as dt

from django.urls import reverse

from contacts.timeline import timeline
from mentorship import services
from tests import factories


def _meeting(mentorship, user, agenda="Exam plan"):
    return services.record_meeting(
        user=user, mentorship=mentorship, held_on=dt.date(2026, 2, 3), agenda=agenda
    )


def test_a_logged_meeting_shows_once_as_the_meeting_linking_its_interaction(doctor):
    mentorship = factories.MentorshipFactory(owner=doctor)
    meeting = _meeting(mentorship, doctor)
    interaction = meeting.interactions.get()

    entries = timeline(mentorship.contact, 10)

    assert [e.kind for e in entries] == ["mentorship_meeting"]
    assert entries[0].url == reverse("mentorship:meeting_detail", args=[meeting.pk])
    assert reverse("contacts:interaction_edit", args=[interaction.pk]) in entries[0].body


def test_other_interactions_with_the_contact_still_show(doctor):
    from contacts.interactions import log_interaction

    mentorship = factories.MentorshipFactory(owner=doctor)
    _meeting(mentorship, doctor)
    log_interaction(doctor, [mentorship.contact], kind="call", occurred_on=dt.date(2026, 2, 1))

    kinds = [e.kind for e in timeline(mentorship.contact, 10)]

    assert sorted(kinds) == ["interaction", "mentorship_meeting"]


def test_the_member_of_a_shared_mentorship_sees_the_meeting_once_on_their_own_contact(doctor):
    member = factories.UserFactory()
    their_contact = factories.ContactFactory(owner=member)
    mentorship = factories.SharedMentorshipFactory(
        owner=doctor, member=member, member_contact=their_contact
    )
    meeting = _meeting(mentorship, doctor)
    theirs = meeting.interactions.get(owner=member)

    entries = timeline(their_contact, 10)

    assert [e.kind for e in entries] == ["mentorship_meeting"]
    assert reverse("contacts:interaction_edit", args=[theirs.pk]) in entries[0].body


def test_the_contact_page_shows_the_meeting_once_and_the_outsider_gets_neither(
    client, doctor, outsider
):
    mentorship = factories.MentorshipFactory(owner=doctor)
    meeting = _meeting(mentorship, doctor, agenda="Rotations")
    interaction = meeting.interactions.get()
    client.force_login(doctor)

    body = client.get(reverse("contacts:detail", args=[mentorship.contact.pk])).content.decode()

    assert body.count("Mentorship meeting") == 1
    assert reverse("contacts:interaction_edit", args=[interaction.pk]) in body
    client.force_login(outsider)
    assert client.get(reverse("contacts:detail", args=[mentorship.contact.pk])).status_code == 404
    url = reverse("contacts:interaction_edit", args=[interaction.pk])
    assert client.get(url).status_code == 404


def test_meetings_logged_before_the_link_existed_are_linked_by_the_migration(doctor):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("mentorship.migrations.0005_link_logged_interactions")
    mentorship = factories.MentorshipFactory(owner=doctor)
    meeting = _meeting(mentorship, doctor, agenda="Old meeting")
    logged = meeting.interactions.get()
    meeting.interactions.clear()
    other = _meeting(factories.MentorshipFactory(owner=doctor), doctor, agenda="Old meeting")
    other.interactions.clear()

    migration.link_logged_interactions(apps, None)

    assert list(meeting.interactions.all()) == [logged]
    assert other.interactions.count() == 1 and other.interactions.get() != logged
    assert [e.kind for e in timeline(mentorship.contact, 10)] == ["mentorship_meeting"]


def test_moving_a_meetings_date_moves_its_interaction_and_last_contacted(client, doctor, outsider):
    mentorship = factories.MentorshipFactory(owner=doctor)
    meeting = _meeting(mentorship, doctor)
    url = reverse("mentorship:meeting_edit", args=[meeting.pk])
    client.force_login(outsider)
    assert client.post(url, {"held_on": "2026-01-01", "agenda": "x"}).status_code == 404

    client.force_login(doctor)
    client.post(url, {"held_on": "2026-02-10", "agenda": "Moved"})

    meeting.refresh_from_db()
    mentorship.contact.refresh_from_db()
    assert (meeting.held_on, meeting.agenda) == (dt.date(2026, 2, 10), "Moved")
    assert meeting.interactions.get().occurred_on == dt.date(2026, 2, 10)
    assert mentorship.contact.last_interaction_at == dt.date(2026, 2, 10)


def test_moving_a_meeting_redates_the_links_of_the_interaction_it_logged(doctor):
    from contacts.models import InteractionContact

    mentorship = factories.MentorshipFactory(owner=doctor)
    meeting = _meeting(mentorship, doctor)

    services.update_meeting(meeting=meeting, held_on=dt.date(2026, 3, 4), agenda="Exam plan")

    links = InteractionContact.objects.filter(interaction__in=meeting.interactions.all())
    assert list(links.values_list("occurred_on", flat=True)) == [dt.date(2026, 3, 4)]
