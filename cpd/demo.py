"""Demo CPD for the demo doctor: this year's plan and goals, logged activities in all three
categories (some from last year too), memberships with renewals, and a committee role. Idempotent.

Attended demo events (``events.demo``) add their hours on top, so run this after it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from contacts.models import Contact
from core.models import Term

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
    Membership.objects.create(
        owner=doctor,
        organisation_term=Term.objects.get(kind="college", code="RACP"),
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
    )
    role.contacts.set(Contact.objects.for_user(doctor).alive().order_by("family_name")[:2])
