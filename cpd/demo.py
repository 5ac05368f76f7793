"""Demo CPD for the demo doctor: this year's plan and goals, logged activities in all three
categories (some from last year too), memberships with renewals, and a committee role. Idempotent.

Attended demo events (``events.demo``) add their hours on top, so run this after it.
"""

from __future__ import annotations
"""Demo CPD year for the demo doctor: a plan with goals, logged entries, a membership and a
committee role, so the CPD pages show something. Idempotent."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from contacts.models import Contact

from .models import CommitteeRole, CpdEntry, CpdGoal, CpdPlan, Membership

GOALS = [
    "Keep resuscitation skills current (ALS2)",
    "Finish the heart failure readmissions audit",
    "Get feedback on my ward-round teaching",
]
# activity, provider, days ago, (educational, reviewing performance, measuring outcomes),
# goal index or None, reflection
ENTRIES = [
    (
        "Heart failure readmissions audit, general medicine",
        "Royal Prince Alfred Hospital",
        12,
        (0, 2, 6),
        1,
        "Readmissions within 30 days fell after the discharge checklist; re-audit in six months.",
    ),
    (
        "Peer review of discharge summaries",
        "RPA General Medicine",
        30,
        (0, 4, 0),
        None,
        "Two colleagues reviewed ten of my summaries: I now list changed medicines first.",
    ),
    (
        "Multisource feedback (360°) with reflection",
        "RACP",
        55,
        (0, 3, 0),
        2,
        "Nurses asked for clearer plans at the end of ward rounds.",
    ),
    (
        "eLearning: antimicrobial stewardship",
        "Therapeutic Guidelines",
        70,
        (2, 0, 0),
        None,
        "",
    ),
    (
        "Morbidity and mortality meeting: case presentation",
        "RPA Department of Medicine",
        90,
        (1, 2, 1),
        None,
        "Presented a delayed sepsis diagnosis; the unit now escalates lactate above 2.",
    ),
    (
        "Journal reading: heart failure guidelines",
        "",
        110,
        (5, 0, 0),
        None,
        "Read the 2024 heart failure guideline update and summarised it for the team.",
    ),
]
LAST_YEAR = [
    ("Basic training audit: VTE prophylaxis", "RPA General Medicine", (0, 4, 8)),
    ("Physician education day", "RACP", (12, 0, 0)),
    ("Supervisor meetings and case reviews", "RPA General Medicine", (0, 14, 0)),
]


def _hours(values) -> dict:
    names = ("cpd_educational", "cpd_reviewing_performance", "cpd_measuring_outcomes")
    return {name: Decimal(str(hours)) for name, hours in zip(names, values, strict=True)}


def seed(doctor, today: dt.date | None = None) -> None:
    if CpdPlan.objects.for_user(doctor).exists():
        return
    today = today or timezone.localdate()
    new_year = dt.date(today.year, 1, 1)
    plan = CpdPlan.objects.create(
        owner=doctor,
        year=today.year,
        summary="Consolidate acute medicine and start leading quality improvement on the ward.",
    )
    goals = [CpdGoal.objects.create(owner=doctor, plan=plan, description=g) for g in GOALS]
    for activity, provider, days_ago, hours, goal, reflection in ENTRIES:
from . import services
from .models import CommitteeRole, CpdEntry, Membership

ENTRIES = [
    # activity, provider, days ago, educational, reviewing performance, measuring outcomes
    ("Advanced Life Support refresher", "Resuscitation Council", 40, "8", "0", "0"),
    ("Peer review of discharge summaries", "Royal Prince Alfred Hospital", 25, "0", "6", "0"),
    ("Audit of sepsis bundle compliance", "Royal Prince Alfred Hospital", 12, "0", "0", "5.5"),
    ("Journal club: heart failure trials", "Department of Medicine", 5, "2", "1", "0"),
]


def seed(doctor) -> None:
    if CpdEntry.objects.for_user(doctor).exists():
        return
    today = timezone.localdate()
    year = today.year
    plan = services.plan_for(doctor, year)
    plan.summary = "Build confidence in point-of-care ultrasound and audit my ward's sepsis care."
    plan.save(update_fields=["summary", "updated_at"])
    ultrasound = services.add_goal(
        user=doctor, year=year, description="Complete a point-of-care ultrasound course"
    )
    services.add_goal(user=doctor, year=year, description="Present an audit at grand rounds")
    for index, (activity, provider, days, edu, review, outcomes) in enumerate(ENTRIES):
        CpdEntry.objects.create(
            owner=doctor,
            activity=activity,
            provider=provider,
            # Within this year even early in January: the year page is the demo's point.
            date=max(today - dt.timedelta(days=days_ago), new_year),
            goal=goals[goal] if goal is not None else None,
            reflection=reflection,
            **_hours(hours),
        )
    for index, (activity, provider, hours) in enumerate(LAST_YEAR):
        CpdEntry.objects.create(
            owner=doctor,
            activity=activity,
            provider=provider,
            date=dt.date(today.year - 1, 3 + 3 * index, 15),
            **_hours(hours),
        )
    _memberships(doctor, today)


def _memberships(doctor, today: dt.date) -> None:
    Membership.objects.create(
        owner=doctor,
        organisation="Medical Board of Australia (AHPRA)",
        kind="registration",
        number="MED0002345678",
        renewal_date=dt.date(today.year if today.month < 9 else today.year + 1, 9, 30),
    )
            # Within this CPD year, so the year page shows them all.
            date=max(today - dt.timedelta(days=days), dt.date(year, 1, 1)),
            cpd_educational=Decimal(edu),
            cpd_reviewing_performance=Decimal(review),
            cpd_measuring_outcomes=Decimal(outcomes),
            reflection="Useful; will change how I hand over." if index == 0 else "",
            goal=ultrasound if index == 3 else None,
        )
    Membership.objects.create(
        owner=doctor,
        organisation="Royal Australasian College of Physicians",
        kind="trainee",
        renewal_date=today + dt.timedelta(days=20),
    )
    Membership.objects.create(
        owner=doctor,
        organisation="Australian Medical Association (NSW)",
        kind="member",
        renewal_date=today + dt.timedelta(days=150),
    )
    role = CommitteeRole.objects.create(
        owner=doctor,
        committee="RMO Society committee",
        organisation="Royal Prince Alfred Hospital",
        role="Secretary",
        start_date=today - dt.timedelta(days=200),
        end_date=today + dt.timedelta(days=165),
        number="RACP-104233",
        renewal_date=dt.date(year, 12, 31),
    )
    Membership.objects.create(
        owner=doctor,
        organisation="Medical Board of Australia",
        kind="registration",
        number="MED0001234567",
        renewal_date=dt.date(year, 9, 30) if today < dt.date(year, 9, 30) else None,
    )
    role = CommitteeRole.objects.create(
        owner=doctor,
        committee="Resident Medical Officer Society",
        organisation="Royal Prince Alfred Hospital",
        role="Education officer",
        start_date=today - dt.timedelta(days=200),
    )
    role.contacts.set(Contact.objects.for_user(doctor).alive().order_by("family_name")[:2])
