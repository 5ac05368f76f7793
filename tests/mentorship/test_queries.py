"""Query budgets at two data sizes: the count must not grow with the rows."""

import pytest
from django.urls import reverse

from bench.mentorship import seed_busy_mentorship, seed_profiles
from core.models import Term


def _directory_params():
    return {
        "focus": Term.objects.get(kind="mentorship_focus", code="training_exams").pk,
        "format": "online",
        "q": "Mentor",
    }


@pytest.mark.parametrize("profiles", [4, 40])
def test_the_directory_costs_the_same_at_any_size(
    doctor_client, profiles, django_assert_max_num_queries
):
    seed_profiles(profiles, prefix=f"q{profiles}")
    # session + user, count, page of profiles (with owner and their terms joined), three
    # prefetches (specialties, focus areas, career stages), three filter dropdowns.
    with django_assert_max_num_queries(12):
        response = doctor_client.get(reverse("mentorship:directory"), _directory_params())
    assert response.status_code == 200


@pytest.mark.parametrize("meetings,actions", [(3, 10), (40, 200)])
def test_the_mentorship_page_costs_the_same_at_any_size(
    client, doctor, meetings, actions, django_assert_max_num_queries
):
    mentorship = seed_busy_mentorship(doctor, meetings, actions)
    client.force_login(doctor)
    # session + user, mentorship, and in one round trip (mentorship.detail) its goals with their
    # latest notes, recent meetings with notes and actions, open actions, counts, focus areas.
    with django_assert_max_num_queries(4):
        response = client.get(reverse("mentorship:detail", args=[mentorship.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("meetings", [3, 40])
def test_the_meetings_page_costs_the_same_at_any_size(
    client, doctor, meetings, django_assert_max_num_queries
):
    mentorship = seed_busy_mentorship(doctor, meetings, meetings * 5)
    client.force_login(doctor)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("mentorship:meeting_list", args=[mentorship.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("mentorships", [2, 15])
def test_the_mentorship_list_costs_the_same_at_any_size(
    client, doctor, mentorships, django_assert_max_num_queries
):
    from tests import factories

    for _ in range(mentorships):
        factories.MentorshipFactory(owner=doctor)
        factories.SharedMentorshipFactory(member=doctor)
    client.force_login(doctor)
    # session + user, mentorships with last meeting and counts, focus areas.
    with django_assert_max_num_queries(6):
        response = client.get(reverse("mentorship:list"))
    assert response.status_code == 200
