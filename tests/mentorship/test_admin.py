"""Staff see mentorships and the directory in the admin, never the text of a private note."""

import pytest
from django.urls import reverse

from mentorship.models import MeetingNote
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(factories.StaffFactory())
    return client


@pytest.fixture
def notes(doctor):
    meeting = factories.MeetingFactory(mentorship=factories.MentorshipFactory(owner=doctor))
    return (
        factories.MeetingNoteFactory(meeting=meeting, text="shared thoughts", private=False),
        factories.MeetingNoteFactory(meeting=meeting, text="my secret worry", private=True),
    )


def test_staff_never_see_a_private_notes_text_in_the_list_search_or_its_page(staff_client, notes):
    shared, private = notes
    changelist = reverse("admin:mentorship_meetingnote_changelist")

    listing = staff_client.get(changelist).content.decode()
    searched = staff_client.get(changelist, {"q": "secret"}).content.decode()
    page = staff_client.get(reverse("admin:mentorship_meetingnote_change", args=[private.pk]))

    assert "secret" not in listing and "shared thoughts" not in listing
    assert "0 results" in searched or "secret" not in searched
    assert page.status_code == 200
    assert "my secret worry" not in page.content.decode()
    assert "not shown, even to staff" in page.content.decode()
    shared_page = reverse("admin:mentorship_meetingnote_change", args=[shared.pk])
    assert "shared thoughts" in staff_client.get(shared_page).content.decode()


def test_notes_are_read_only_to_staff_but_can_be_deleted(staff_client, notes):
    _, private = notes
    change = reverse("admin:mentorship_meetingnote_change", args=[private.pk])

    staff_client.post(change, {"text": "rewritten", "private": ""})
    assert staff_client.get(reverse("admin:mentorship_meetingnote_add")).status_code == 403
    staff_client.post(
        reverse("admin:mentorship_meetingnote_delete", args=[private.pk]), {"post": "yes"}
    )

    assert not MeetingNote.objects.filter(text="rewritten").exists()
    assert not MeetingNote.objects.filter(pk=private.pk).exists()


def test_staff_search_and_filter_mentorships_and_profiles(staff_client, doctor):
    factories.MentorshipFactory(owner=doctor, status="paused")
    factories.MentorProfileFactory(owner=doctor, headline="Happy to help with exams")

    mentorships = staff_client.get(
        reverse("admin:mentorship_mentorship_changelist"),
        {"status__exact": "paused", "q": doctor.email},
    )
    profiles = staff_client.get(
        reverse("admin:mentorship_mentorprofile_changelist"), {"published__exact": "1"}
    )

    assert mentorships.context["cl"].result_count == 1
    assert "Happy to help with exams" in profiles.content.decode()


@pytest.mark.parametrize(
    "model",
    [
        "mentorship",
        "meeting",
        "meetingnote",
        "goal",
        "actionitem",
        "opportunity",
        "mentorprofile",
        "mentorrequest",
        "mentorblock",
        "referee",
    ],
)
def test_every_mentorship_admin_page_opens_for_staff_and_not_for_a_doctor(client, doctor, model):
    url = reverse(f"admin:mentorship_{model}_changelist")
    client.force_login(doctor)
    assert client.get(url).status_code == 302  # to the admin login: doctors are not staff
    client.force_login(factories.StaffFactory())
    assert client.get(url).status_code == 200
