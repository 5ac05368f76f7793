"""A mentor's capacity: counted against the people they mentor now, enforced on acceptance."""

import pytest
from django.urls import reverse

from mentorship import directory
from mentorship.models import MentorProfile, MentorRequest, Mentorship
from tests import factories


@pytest.fixture
def consultant(db):
    return factories.UserFactory(display_name="Prof Full")


@pytest.fixture
def full_profile(consultant):
    """Capacity 1, taken by one current mentee."""
    factories.SharedMentorshipFactory(owner=consultant, side="mentor")
    return factories.MentorProfileFactory(
        owner=consultant, capacity=1, headline="Physician, full now"
    )


def test_accepting_a_request_at_capacity_says_why_and_leaves_it_waiting(
    client, doctor, consultant, full_profile
):
    request = factories.MentorRequestFactory(owner=doctor, mentor=consultant)
    client.force_login(consultant)

    response = client.post(reverse("mentorship:request_accept", args=[request.pk]), follow=True)

    body = response.content.decode()
    assert "You mentor 1 person now and your capacity is 1" in body
    assert "raise your capacity" in body
    request.refresh_from_db()
    assert request.status == "pending"
    assert not Mentorship.objects.filter(member=doctor).exists()


def test_a_place_freed_by_completing_a_mentorship_lets_the_mentor_accept(
    doctor, consultant, full_profile
):
    request = factories.MentorRequestFactory(owner=doctor, mentor=consultant)
    Mentorship.objects.filter(owner=consultant).update(status="completed")

    mentorship = directory.accept_request(mentor=consultant, request_id=request.pk)

    assert mentorship.member == doctor


def test_private_mentees_count_and_completed_or_mentor_side_ones_do_not(consultant):
    profile = factories.MentorProfileFactory(owner=consultant, capacity=3)
    factories.MentorshipFactory(owner=consultant, side="mentor")  # a private mentee: counts
    factories.MentorshipFactory(owner=consultant, side="mentor", status="completed")
    factories.MentorshipFactory(owner=consultant, side="mentee")  # their own mentor
    # Someone else's record that they are mentored by the consultant: counts.
    factories.SharedMentorshipFactory(member=consultant, side="mentee")

    assert MentorProfile.objects.with_mentees().get(pk=profile.pk).mentees == 2
    assert profile.places_left == 1


def test_the_directory_says_not_taking_mentees_when_full_and_the_filter_leaves_them_out(
    doctor_client, full_profile
):
    factories.MentorProfileFactory(capacity=2, headline="Surgeon with room")
    url = reverse("mentorship:directory")

    body = doctor_client.get(url).content.decode()
    filtered = doctor_client.get(url, {"has_capacity": "on"}).content.decode()
    profile_page = doctor_client.get(
        reverse("mentorship:directory_profile", args=[full_profile.pk])
    ).content.decode()

    assert "Not taking mentees now" in body
    assert "Room for 2 more mentees" in body
    assert "Physician, full now" not in filtered and "Surgeon with room" in filtered
    assert "Not taking mentees now" in profile_page
    assert "no place free now" in profile_page


def test_the_mentor_sees_how_many_they_mentor_on_their_profile(client, consultant, full_profile):
    client.force_login(consultant)

    body = client.get(reverse("mentorship:my_profile")).content.decode()

    assert "You mentor 1 person now" in body
    assert "not taking mentees" in body


def test_an_outsider_cannot_accept_even_when_the_mentor_is_full(
    outsider_client, doctor, consultant, full_profile
):
    request = factories.MentorRequestFactory(owner=doctor, mentor=consultant)

    response = outsider_client.post(reverse("mentorship:request_accept", args=[request.pk]))

    assert response.status_code == 404
    assert MentorRequest.objects.get().status == "pending"
