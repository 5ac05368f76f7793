"""Demo CPD year for the demo doctor: a plan with goals, logged entries, a membership and a
committee role, so the CPD pages show something. Idempotent."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from contacts.models import Contact

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
