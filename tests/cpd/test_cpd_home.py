"""The doctor's CPD home on their profile: this year's hours against the rules, the next renewal,
and the way into the CPD pages."""

import datetime as dt

import pytest
from django.urls import reverse

from cpd.models import CpdPlan, Membership
from tests.factories import CpdEntryFactory

pytestmark = pytest.mark.django_db


def _profile(client) -> str:
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_profile_shows_this_years_cpd_hours_against_the_requirement(
    doctor, doctor_client, today
):
    CpdEntryFactory(
        owner=doctor,
        date=today,
        cpd_educational=13,
        cpd_reviewing_performance=2,
        cpd_measuring_outcomes=0,
    )
    body = _profile(doctor_client)
    assert "CPD home" in body
    assert "15 of 50 hours" in body
    assert "1 of 6 requirements met" in body  # educational only (no plan yet)
    assert "Measuring outcomes: 5 h to go" in body
    assert "A written professional development plan for the year: " in body


def test_the_profile_links_to_the_cpd_year_memberships_and_printable_record(doctor_client, today):
    body = _profile(doctor_client)
    for url in (
        reverse("cpd:year", args=[today.year]),
        reverse("cpd:entry_create"),
        reverse("cpd:memberships"),
        reverse("cpd:print", args=[today.year]),
    ):
        assert f'href="{url}"' in body


def test_the_profile_shows_the_next_renewal(doctor, doctor_client, today):
    lapsed = today - dt.timedelta(days=1)
    Membership.objects.create(
        owner=doctor, organisation="AHPRA", kind="registration", renewal_date=lapsed
    )
    Membership.objects.create(
        owner=doctor, organisation="RACP", kind="trainee", renewal_date=today + dt.timedelta(40)
    )
    Membership.objects.create(
        owner=doctor, organisation="AMA", kind="member", renewal_date=today + dt.timedelta(90)
    )
    body = _profile(doctor_client)
    renewal = (today + dt.timedelta(40)).strftime("%d/%m/%Y")
    assert f"Next renewal: Trainee, RACP, {renewal}." in body


def test_a_complete_year_says_the_requirements_are_met_once_the_plan_is_written(
    doctor, doctor_client, today
):
    CpdEntryFactory(
        owner=doctor,
        date=today,
        cpd_educational=25,
        cpd_reviewing_performance=15,
        cpd_measuring_outcomes=10,
    )
    assert "You meet the Medical Board's CPD requirements" not in _profile(doctor_client)
    CpdPlan.objects.create(owner=doctor, year=today.year, summary="Sharpen echo reporting.")
    assert "You meet the Medical Board's CPD requirements" in _profile(doctor_client)


def test_the_outsiders_profile_counts_none_of_the_doctors_hours(doctor, outsider_client, today):
    CpdEntryFactory(owner=doctor, date=today, cpd_educational=30)
    Membership.objects.create(owner=doctor, organisation="Secret College", renewal_date=today)
    body = _profile(outsider_client)
    assert "0 of 50 hours" in body
    assert "Secret College" not in body


def test_the_cpd_home_runs_the_same_queries_however_many_entries(
    doctor, doctor_client, django_assert_num_queries, django_assert_max_num_queries, today
):
    CpdEntryFactory(owner=doctor, date=today)
    _profile(doctor_client)  # the first visit gives the doctor an inbound address, once
    with django_assert_max_num_queries(20) as few:
        _profile(doctor_client)
    CpdEntryFactory.create_batch(20, owner=doctor, date=today)
    with django_assert_num_queries(len(few)):
        _profile(doctor_client)


def test_the_demo_doctor_has_a_cpd_year_memberships_and_a_committee_role_seeded_once(client, today):
    from django.core.management import call_command

    from accounts.models import User
    from cpd.models import CommitteeRole, CpdEntry, CpdPlan
    from cpd.progress import year_progress

    call_command("seed_demo")
    call_command("seed_demo")
    demo = User.objects.get(email="demo@netmed.local")
    plan = CpdPlan.objects.for_user(demo).get()
    assert plan.year == today.year and plan.goals.count() == 3
    assert CpdEntry.objects.for_user(demo).in_year(today.year).count() == 6
    assert CpdEntry.objects.for_user(demo).in_year(today.year - 1).count() == 3
    assert Membership.objects.for_user(demo).count() == 3
    assert CommitteeRole.objects.for_user(demo).get().contacts.count() == 2
    progress = year_progress(demo, today.year)
    assert all(progress.by_category.values()) and not progress.complete

    client.force_login(demo)
    assert "Heart failure readmissions audit" in client.get(reverse("cpd:index")).content.decode()
    assert "Next renewal: Trainee, Royal Australasian College" in _profile(client)
