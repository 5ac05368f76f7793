"""Who sees a shared mentorship: exactly its two members. Private notes: their writer only."""

import pytest
from django.urls import reverse
from django.urls.converters import UUIDConverter

from mentorship.models import ActionItem, Goal, Meeting, MeetingNote, Mentorship
from tests import factories
from tests.core.test_tenancy import own_routes, urls_for


@pytest.fixture
def shared(doctor):
    """``doctor`` mentors ``member``; a goal, a meeting with a shared and a private note each,
    an action item and a sponsorship opportunity."""
    member = factories.UserFactory(display_name="Dr Member")
    mentorship = factories.SharedMentorshipFactory(owner=doctor, member=member, side="mentor")
    meeting = factories.MeetingFactory(mentorship=mentorship)
    objects = {
        "mentorship": mentorship,
        "goal": factories.GoalFactory(mentorship=mentorship),
        "meeting": meeting,
        "owner_note": factories.MeetingNoteFactory(meeting=meeting, author=doctor, text="open"),
        "owner_private": factories.MeetingNoteFactory(
            meeting=meeting, author=doctor, text="owner secret", private=True
        ),
        "member_private": factories.MeetingNoteFactory(
            meeting=meeting, author=member, text="member secret", private=True
        ),
        "action_item": factories.ActionItemFactory(mentorship=mentorship, assignee=member),
    }
    from mentorship.models import GoalNote, Opportunity

    objects["goal_note"] = GoalNote.objects.create(goal=objects["goal"], author=member, text="x")
    objects["opportunity"] = Opportunity.objects.create(
        mentorship=mentorship, kind="talk", title="Grand rounds"
    )
    return member, objects


def test_a_shared_mentorship_is_visible_to_exactly_its_two_members(doctor, outsider, shared):
    member, objects = shared
    mentorship = objects["mentorship"]

    assert list(Mentorship.objects.for_user(doctor)) == [mentorship]
    assert list(Mentorship.objects.for_user(member)) == [mentorship]
    assert not Mentorship.objects.for_user(outsider).exists()
    for model in (Goal, Meeting, ActionItem):
        assert model.objects.for_user(doctor).count() == 1
        assert model.objects.for_user(member).count() == 1
        assert not model.objects.for_user(outsider).exists()


def test_private_notes_are_visible_to_their_writer_only(doctor, outsider, shared):
    member, _ = shared

    assert set(MeetingNote.objects.for_user(doctor).values_list("text", flat=True)) == {
        "open",
        "owner secret",
    }
    assert set(MeetingNote.objects.for_user(member).values_list("text", flat=True)) == {
        "open",
        "member secret",
    }
    assert not MeetingNote.objects.for_user(outsider).exists()


def test_the_member_sees_the_shared_pages_without_the_owners_private_notes(client, shared):
    member, objects = shared
    client.force_login(member)

    detail = client.get(reverse("mentorship:detail", args=[objects["mentorship"].pk]))
    meeting = client.get(reverse("mentorship:meeting_detail", args=[objects["meeting"].pk]))

    assert detail.status_code == 200 and meeting.status_code == 200
    for body in (detail.content.decode(), meeting.content.decode()):
        assert "member secret" in body
        assert "owner secret" not in body
    assert "They mentor me" in detail.content.decode()


def test_a_member_cannot_delete_another_writers_note(client, shared):
    member, objects = shared
    client.force_login(member)

    for note in ("owner_private", "owner_note"):
        url = reverse("mentorship:meeting_note_delete", args=[objects[note].pk])
        assert client.post(url).status_code == 404
    assert MeetingNote.objects.filter(pk=objects["owner_note"].pk).exists()


def _mentorship_object_urls(objects) -> list[str]:
    world = {name: obj for name, obj in objects.items()}
    urls = []
    for route in own_routes():
        if route.namespace != "mentorship" or not any(
            isinstance(c, UUIDConverter) for c in route.converters.values()
        ):
            continue
        urls += urls_for(route, world)
    return urls


@pytest.mark.django_db
def test_a_third_user_gets_404_on_every_shared_object_url(client, outsider, shared):
    _, objects = shared
    client.force_login(outsider)
    urls = _mentorship_object_urls(objects)

    assert len(urls) > 100
    for url in urls:
        for method in ("get", "post"):
            status = getattr(client, method)(url).status_code
            assert status in (404, 405), f"{method.upper()} {url} gave {status} to a third user"
    assert MeetingNote.objects.count() == 3
    assert Mentorship.objects.get().status == "active"


@pytest.mark.django_db
def test_the_member_can_open_the_shared_objects_pages(client, shared):
    member, objects = shared
    client.force_login(member)
    names = {
        "mentorship:detail": "mentorship",
        "mentorship:meeting_list": "mentorship",
        "mentorship:meeting_detail": "meeting",
        "mentorship:goal_edit": "goal",
        "mentorship:opportunity_edit": "opportunity",
        "mentorship:complete": "mentorship",
        "mentorship:edit": "mentorship",
    }
    for name, key in names.items():
        assert client.get(reverse(name, args=[objects[key].pk])).status_code == 200, name
