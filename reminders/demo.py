"""Demo follow-ups and keep-in-touch defaults for the demo doctor. Idempotent."""

import datetime as dt

from django.utils import timezone

from contacts import due_dates
from contacts.models import Contact
from core.models import Term

from .models import CadenceDefault, FollowUp


def seed(doctor) -> None:
    if FollowUp.objects.for_user(doctor).exists():
        return
    people = list(Contact.objects.for_user(doctor).alive().order_by("family_name")[:6])
    today = timezone.localdate()
    plans = [
        ("Send the audit draft for comments", -2, None),
        ("Ask about the cardiology registrar roster", 0, None),
        ("Thank for the grand rounds invitation", 3, None),
        ("Monthly catch-up with my mentor", 10, 4),
        ("Check in about the college exam", 30, None),
    ]
    for index, (what, days, repeat) in enumerate(plans):
        FollowUp.objects.create(
            owner=doctor,
            what=what,
            due_on=today + dt.timedelta(days=days),
            contact=people[index] if index < len(people) else None,
            repeat_weeks=repeat,
        )
    FollowUp.objects.create(
        owner=doctor, what="Renew RACP membership", due_on=today + dt.timedelta(days=5)
    )
    for code, days in [("mentor", 30), ("former_colleague", 365), ("supervisor", 90)]:
        kind = Term.objects.filter(kind="relationship_kind", code=code).first()
        if kind:
            CadenceDefault.objects.get_or_create(
                owner=doctor, relationship_kind=kind, defaults={"cadence_days": days}
            )
    if people:
        mentor = Term.objects.filter(kind="relationship_kind", code="mentor").first()
        if mentor:
            people[0].relationship_kinds.add(mentor)
        # A birthday this week, so the dashboard shows one.
        birthday = today + dt.timedelta(days=2)
        Contact.objects.filter(pk=people[-1].pk).update(
            birthday_day=birthday.day, birthday_month=birthday.month, birthday_year=1985
        )
    due_dates.refresh(owner_ids=[doctor.pk])
