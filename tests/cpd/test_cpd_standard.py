"""The Medical Board's CPD standard as data: what a year asks of a doctor at their career stage,
the plan, the topics CPD homes ask for, the CPD home on the profile, and yearly renewals."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from core.models import Term
from core.vocabulary import cpd_rules, sources
from cpd import rules
from cpd.due import NOTICE_DAYS, renewals
from cpd.models import CpdEntry, CpdGoal, CpdPlan, Membership
from cpd.progress import year_progress
from tests.factories import CpdEntryFactory

pytestmark = pytest.mark.django_db

FULL_YEAR = {"cpd_educational": 25, "cpd_reviewing_performance": 15, "cpd_measuring_outcomes": 10}


def _stage(doctor, code: str, *, program: bool = False) -> None:
    doctor.career_stage = Term.objects.get(kind="career_stage", code=code)
    doctor.in_accredited_program = program
    doctor.save()


def _full_year(doctor, year: int, *, plan: bool = True) -> None:
    CpdEntryFactory(owner=doctor, date=dt.date(year, 3, 1), **FULL_YEAR)
    if plan:
        CpdPlan.objects.create(owner=doctor, year=year, summary="Audit my discharge letters.")


def test_the_hours_come_from_the_shipped_rules_each_with_its_source():
    by_code = {rule.code: rule for rule in rules.hours_rules()}
    assert by_code["total"].hours == Decimal("50")
    assert by_code["educational"].hours == Decimal("12.5")
    assert by_code["review_and_outcomes"].categories == (
        "reviewing_performance",
        "measuring_outcomes",
    )
    assert by_code["measuring_outcomes"].hours == Decimal("5")
    assert all(rule.source_url.startswith("https://") for rule in by_code.values())


def test_changing_the_rules_file_changes_the_requirement(doctor, year, monkeypatch):
    shipped = cpd_rules()
    changed = {
        **shipped,
        "requirements": [{**shipped["requirements"][0], "hours": "60"}],
    }
    monkeypatch.setattr(rules, "cpd_rules", lambda: changed)
    _full_year(doctor, year)
    progress = year_progress(doctor, year)
    assert progress.needed == Decimal("60")
    assert not progress.complete


def test_every_career_stage_rule_names_known_stages_and_a_source():
    stages = set(Term.objects.filter(kind="career_stage").values_list("code", flat=True))
    for rule in cpd_rules()["career_stages"]:
        assert set(rule["stages"]) <= stages, rule["code"]
        assert rule["status"] in {rules.EXEMPT, rules.TRAINING_PROGRAM}
        assert sources()[rule["source"]]["url"].startswith("https://")


@pytest.mark.parametrize(
    ("stage", "program", "status"),
    [
        ("intern", False, rules.EXEMPT),
        ("pgy2", True, rules.EXEMPT),
        ("pgy2", False, rules.REQUIRED),
        ("advanced_trainee", True, rules.TRAINING_PROGRAM),
        ("gp_registrar", True, rules.TRAINING_PROGRAM),
        ("provisional_fellow", True, rules.TRAINING_PROGRAM),
        ("unaccredited_registrar", True, rules.REQUIRED),
        ("advanced_trainee", False, rules.REQUIRED),
        ("staff_specialist", False, rules.REQUIRED),
        ("non_practising", False, rules.EXEMPT),
        (None, False, rules.REQUIRED),
    ],
)
def test_what_the_year_asks_depends_on_the_career_stage_and_program(stage, program, status):
    assert rules.obligation_for(career_stage=stage, accredited_program=program).status == status


def test_an_intern_is_told_they_are_exempt_not_shown_shortfalls(doctor, doctor_client, year):
    _stage(doctor, "intern")
    body = doctor_client.get(reverse("cpd:year", args=[year])).content.decode()
    assert "exempt" in body
    assert "of 50 hours so far" not in body
    profile = doctor_client.get(reverse("accounts:profile")).content.decode()
    assert "h to go" not in profile and "requirements met" not in profile


def test_a_trainee_in_an_accredited_program_meets_cpd_through_it(doctor, doctor_client, year):
    _stage(doctor, "advanced_trainee", program=True)
    progress = year_progress(doctor, year)
    assert progress.obligation.status == rules.TRAINING_PROGRAM
    assert not progress.complete
    body = doctor_client.get(reverse("cpd:year", args=[year])).content.decode()
    assert "requirements of their training program" in body
    assert "of 50 hours so far" not in body


def test_a_trainee_outside_an_accredited_program_is_shown_the_shortfall(
    doctor, doctor_client, year
):
    _stage(doctor, "advanced_trainee", program=False)
    body = doctor_client.get(reverse("cpd:year", args=[year])).content.decode()
    assert "0 of 50 hours so far" in body


def test_the_hours_alone_do_not_meet_the_requirements_without_a_plan(doctor, doctor_client, year):
    _full_year(doctor, year, plan=False)
    progress = year_progress(doctor, year)
    assert progress.hours_met and not progress.has_plan and not progress.complete
    body = doctor_client.get(reverse("cpd:year", args=[year])).content.decode()
    assert "You meet the Medical Board's CPD requirements" not in body
    assert "write your professional development plan" in body


def test_an_empty_plan_is_no_plan_but_a_goal_makes_one(doctor, year):
    _full_year(doctor, year, plan=False)
    plan = CpdPlan.objects.create(owner=doctor, year=year, summary="")
    assert not year_progress(doctor, year).has_plan
    CpdGoal.objects.create(owner=doctor, plan=plan, description="Run a journal club")
    assert year_progress(doctor, year).complete


def test_anothers_plan_does_not_count(doctor, outsider, year):
    _full_year(doctor, year, plan=False)
    CpdPlan.objects.create(owner=outsider, year=year, summary="Mine, not theirs.")
    assert not year_progress(doctor, year).has_plan


def test_a_doctor_tags_an_activity_with_the_topics_cpd_homes_ask_for(
    doctor, doctor_client, outsider, year
):
    response = doctor_client.post(
        reverse("cpd:entry_create"),
        {
            "activity": "Aboriginal health cultural safety workshop",
            "date": f"{year}-02-10",
            "cpd_educational": "3",
            "cpd_reviewing_performance": "0",
            "cpd_measuring_outcomes": "0",
            "topics": ["cultural_safety", "health_inequity"],
        },
    )
    assert response.status_code == 302
    assert CpdEntry.objects.get(owner=doctor).topics == ["cultural_safety", "health_inequity"]
    topics = {t.code: t.activities for t in year_progress(doctor, year).topics}
    assert topics == {"cultural_safety": 1, "health_inequity": 1, "professionalism_ethics": 0}
    body = doctor_client.get(reverse("cpd:year", args=[year])).content.decode()
    assert "✔ Culturally safe practice: 1 activity" in body
    assert "○ Professionalism and ethical practice: none logged yet" in body
    doctor_client.force_login(outsider)
    body = doctor_client.get(reverse("cpd:year", args=[year])).content.decode()
    assert "○ Culturally safe practice: none logged yet" in body


def test_an_unknown_topic_is_refused(doctor, doctor_client, year):
    response = doctor_client.post(
        reverse("cpd:entry_create"),
        {
            "activity": "Golf",
            "date": f"{year}-02-10",
            "cpd_educational": "3",
            "cpd_reviewing_performance": "0",
            "cpd_measuring_outcomes": "0",
            "topics": ["golf"],
        },
    )
    assert response.status_code == 200
    assert not CpdEntry.objects.filter(owner=doctor).exists()


def test_the_outsiders_topics_count_none_of_the_doctors_activities(doctor, outsider, year):
    CpdEntryFactory(owner=doctor, date=dt.date(year, 2, 1), topics=["cultural_safety"])
    assert all(t.activities == 0 for t in year_progress(outsider, year).topics)


def test_the_doctor_chooses_a_cpd_home_and_their_program_on_the_profile(
    doctor, doctor_client, outsider
):
    racp = Term.objects.get(kind="college", code="RACP")
    response = doctor_client.post(
        reverse("accounts:profile"),
        {
            "display_name": "Dr Owner",
            "cpd_home": racp.pk,
            "in_accredited_program": "on",
            "timezone": "Australia/Sydney",
            "digest_frequency": "weekly",
            "digest_weekday": 0,
            "digest_hour": 7,
            "country": "AU",
        },
    )
    assert response.status_code == 302
    doctor.refresh_from_db()
    assert doctor.cpd_home == racp and doctor.in_accredited_program
    body = doctor_client.get(reverse("accounts:profile")).content.decode()
    assert "Your CPD home: Royal Australasian College of Physicians." in body
    doctor_client.force_login(outsider)
    body = doctor_client.get(reverse("accounts:profile")).content.decode()
    assert "Royal Australasian College of Physicians." not in body


def test_an_association_that_is_no_cpd_home_cannot_be_chosen(doctor, doctor_client):
    asmof = Term.objects.get(kind="association", code="ASMOF")
    response = doctor_client.post(
        reverse("accounts:profile"),
        {
            "display_name": "Dr Owner",
            "cpd_home": asmof.pk,
            "timezone": "Australia/Sydney",
            "digest_frequency": "weekly",
            "digest_weekday": 0,
            "digest_hour": 7,
            "country": "AU",
        },
    )
    assert response.status_code == 200
    doctor.refresh_from_db()
    assert doctor.cpd_home is None


def test_a_yearly_membership_comes_round_every_year(doctor, today):
    soon = today + dt.timedelta(days=10)  # next renewal; on 31/12 that is next year's
    if (soon.month, soon.day) == (2, 29):
        soon += dt.timedelta(days=1)  # a day every year has
    first = soon.replace(year=soon.year - 2)
    membership = Membership.objects.create(owner=doctor, organisation="RACP", renewal_date=first)
    assert membership.next_renewal(today) == soon
    items = list(renewals([doctor.pk], today, today + dt.timedelta(days=7)))
    assert [i.due_on for i in items] == [today]  # within the month's notice
    assert items[0].detail == f"Renewal date {soon:%d/%m/%Y}"


def test_a_yearly_renewal_is_reminded_a_month_before_its_day_next_year(doctor, today):
    passed = today - dt.timedelta(days=1)
    Membership.objects.create(owner=doctor, organisation="AMA", renewal_date=passed)
    next_due = passed.replace(year=passed.year + 1)
    notice = next_due - dt.timedelta(days=NOTICE_DAYS)
    assert list(renewals([doctor.pk], today, notice - dt.timedelta(days=1))) == []
    items = list(renewals([doctor.pk], notice, notice))
    assert [i.due_on for i in items] == [notice]


def test_a_one_off_renewal_is_not_reminded_again_once_past(doctor, today):
    Membership.objects.create(
        owner=doctor,
        organisation="Course",
        renewal_date=today - dt.timedelta(days=1),
        renews_annually=False,
    )
    later = today + dt.timedelta(days=330)
    assert list(renewals([doctor.pk], later, later + dt.timedelta(days=60))) == []


def test_a_29_february_renewal_falls_on_28_february_in_other_years(doctor):
    membership = Membership(renewal_date=dt.date(2024, 2, 29))
    assert membership.next_renewal(dt.date(2025, 1, 1)) == dt.date(2025, 2, 28)
    assert membership.next_renewal(dt.date(2028, 1, 1)) == dt.date(2028, 2, 29)


def test_the_profile_shows_the_next_yearly_renewal(doctor, doctor_client, today):
    Membership.objects.create(
        owner=doctor, organisation="RACP", kind="fellow", renewal_date=today - dt.timedelta(300)
    )
    body = doctor_client.get(reverse("accounts:profile")).content.decode()
    first = today - dt.timedelta(300)
    due = first.replace(year=first.year + 1)
    assert f"Next renewal: Fellow, RACP, {due:%d/%m/%Y}." in body


def test_the_memberships_page_says_which_renew_every_year(doctor, outsider, client):
    Membership.objects.create(owner=doctor, organisation="RACP", renewal_date=dt.date(2027, 3, 1))
    client.force_login(doctor)
    assert "renews every year on 1 March" in client.get(reverse("cpd:memberships")).content.decode()
    client.force_login(outsider)
    assert "renews every year" not in client.get(reverse("cpd:memberships")).content.decode()
