"""Staff find accounts by what support asks about: verified email, MFA, a deletion request,
career stage and specialty."""

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import StaffFactory, UserFactory, term

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory(email="support@netmed.example"))
    return client


def _emails(staff_client, **filters) -> set[str]:
    response = staff_client.get(reverse("admin:accounts_user_changelist"), filters)
    assert response.status_code == 200
    return {user.email for user in response.context["cl"].result_list}


def test_staff_filter_users_by_verified_email_mfa_and_deletion_request(staff_client):
    UserFactory(email="verified@example.org")
    unverified = UserFactory(email="unverified@example.org")
    EmailAddress.objects.filter(user=unverified).update(verified=False)
    leaving = UserFactory(email="leaving@example.org", deletion_requested_at=timezone.now())

    assert "unverified@example.org" in _emails(staff_client, email_verified="no")
    assert "verified@example.org" not in _emails(staff_client, email_verified="no")
    assert _emails(staff_client, has_mfa="yes") == {"support@netmed.example"}
    assert _emails(staff_client, deletion_requested_at__isempty="0") == {leaving.email}
    body = staff_client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert "email verified" in body and "MFA" in body


def test_staff_filter_users_by_career_stage_and_specialty(staff_client):
    physician, surgeon = term("specialty", "physician"), term("specialty", "surgery")
    UserFactory(email="physician@example.org", specialty=physician)
    UserFactory(email="surgeon@example.org", specialty=surgeon, career_stage=term("career_stage"))

    assert _emails(staff_client, specialty__id__exact=physician.pk) == {"physician@example.org"}
    stage = term("career_stage").pk
    assert _emails(staff_client, career_stage__id__exact=stage) == {"surgeon@example.org"}


def test_the_user_list_runs_as_many_queries_for_13_users_as_for_3(
    staff_client, django_assert_num_queries
):
    UserFactory.create_batch(3, specialty=term("specialty", "physician"))
    staff_client.get(reverse("admin:accounts_user_changelist"))  # warm the session
    with CaptureQueriesContext(connection) as few:
        staff_client.get(reverse("admin:accounts_user_changelist"))
    UserFactory.create_batch(10, specialty=term("specialty", "physician"))
    # Stage, specialty, verified email and MFA come in the page's one query, not one per row.
    with django_assert_num_queries(len(few)):
        staff_client.get(reverse("admin:accounts_user_changelist"))
