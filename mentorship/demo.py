"""Demo mentorships for the demo doctor: a mentor, a mentee, a sponsor and referees; and a demo
consultant with a published mentor profile, so the directory has someone in it. Idempotent."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from contacts.models import Contact
from core.models import Term

from .models import (
    ActionItem,
    Goal,
    GoalNote,
    Meeting,
    MeetingNote,
    MentorProfile,
    Mentorship,
    Opportunity,
    Referee,
    RefereeAsk,
)


def seed(doctor, consultant) -> None:
    seed_profile(consultant)
    if Mentorship.objects.filter(owner=doctor).exists():
        return
    people = {c.family_name: c for c in Contact.objects.for_user(doctor).alive()}
    if not {"Sharma", "Haddad", "Walker"} <= set(people):
        return
    focus = {t.code: t for t in Term.objects.of_kind("mentorship_focus")}
    today = timezone.localdate()
    mentor = Mentorship.objects.create(
        owner=doctor,
        contact=people["Sharma"],
        side="mentee",
        status="active",
        proposed_on=today - dt.timedelta(days=200),
        started_on=today - dt.timedelta(days=190),
        expectations="Monthly check-in on the road to physician training; honest feedback.",
        meeting_frequency="Monthly, 45 minutes",
        preferred_channel="in_person",
        confidentiality="What we discuss stays between us unless I say otherwise.",
        cadence_days=30,
    )
    mentor.focus_areas.set([focus["training_exams"], focus["career_planning"]])
    exam = Goal.objects.create(
        mentorship=mentor,
        title="Pass the RACP Divisional Written Examination",
        target_date=today + dt.timedelta(days=120),
        status="in_progress",
    )
    GoalNote.objects.create(
        goal=exam, author=doctor, written_on=today - dt.timedelta(days=20), text="Study group set."
    )
    Goal.objects.create(
        mentorship=mentor,
        title="Present a case at grand rounds",
        status="achieved",
        target_date=today - dt.timedelta(days=30),
    )
    for days, agenda in ((150, "Training pathway and exam timeline"), (40, "Study plan review")):
        meeting = Meeting.objects.create(
            mentorship=mentor,
            held_on=today - dt.timedelta(days=days),
            agenda=agenda,
            created_by=doctor,
        )
        MeetingNote.objects.create(
            meeting=meeting, author=doctor, text="Felt encouraged; follow the plan.", private=True
        )
    ActionItem.objects.create(
        mentorship=mentor,
        meeting=meeting,
        title="Send Anika my draft study timetable",
        assignee=doctor,
        due_on=today - dt.timedelta(days=3),
    )
    ActionItem.objects.create(
        mentorship=mentor,
        meeting=meeting,
        title="Introduce me to the exam-prep course convenor",
        due_on=today + dt.timedelta(days=10),
    )
    mentee = Mentorship.objects.create(
        owner=doctor,
        contact=people["Haddad"],
        side="mentor",
        status="active",
        started_on=today - dt.timedelta(days=60),
        expectations="Help Fatima settle into Australian practice.",
        meeting_frequency="Fortnightly coffee",
        preferred_channel="in_person",
        cadence_days=14,
    )
    mentee.focus_areas.set([focus["img_transition"], focus["wellbeing"]])
    Goal.objects.create(mentorship=mentee, title="Understand the AHPRA registration pathway")
    sponsor = Mentorship.objects.create(
        owner=doctor,
        contact=people["Walker"],
        side="sponsor",
        status="active",
        started_on=today - dt.timedelta(days=365),
    )
    Opportunity.objects.create(
        mentorship=sponsor,
        kind="talk",
        title="Invited to speak at the Sydney Medical School research day",
        opened_on=today - dt.timedelta(days=90),
        outcome="successful",
    )
    for family, asks in (("Sharma", 2), ("Khan", 0), ("Walker", 1)):
        if family not in people:
            continue
        referee = Referee.objects.create(
            owner=doctor, contact=people[family], agreed_on=today - dt.timedelta(days=400)
        )
        for n in range(asks):
            RefereeAsk.objects.create(
                referee=referee,
                asked_on=today - dt.timedelta(days=30 + 200 * n),
                application="RACP basic training" if n else "Advanced training 2027",
                outcome="pending" if n == 0 else "successful",
            )


def seed_profile(consultant) -> None:
    if MentorProfile.objects.filter(owner=consultant).exists():
        return
    profile = MentorProfile.objects.create(
        owner=consultant,
        headline="Cardiologist and DPE: training, exams and research",
        about="I like to meet monthly, in person or online. Trainees and IMGs welcome.",
        format="either",
        city="Sydney",
        state="NSW",
        capacity=3,
        published=True,
    )
    terms = {(t.kind, t.code): t for t in Term.objects.filter(active=True)}
    profile.specialties.set([t for k, t in terms.items() if k == ("specialty", "physician")])
    profile.focus_areas.set(
        [terms[("mentorship_focus", c)] for c in ("training_exams", "research", "img_transition")]
    )
    profile.career_stages.set(
        [
            t
            for (kind, code), t in terms.items()
            if kind == "career_stage" and code in ("intern", "resident", "basic_trainee")
        ]
    )
