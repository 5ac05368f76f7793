"""Demo data for `manage.py seed_demo`: a believable network for one doctor. Idempotent."""

from __future__ import annotations

import datetime as dt
import random

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.utils import timezone

from accounts.models import User
from collaboration import demo as collaboration_demo
from core.models import Term
from cpd import demo as cpd_demo
from events import demo as events_demo
from mentorship import demo as mentorship_demo
from netmed.devserver import CONSULTANT_LOGIN, DEMO_LOGIN, DEMO_STAFF_TOTP_SECRET, STAFF_LOGIN
from reminders import demo as reminders_demo

ORGANISATIONS = [
    ("Royal Prince Alfred Hospital", "hospital", "Sydney", "NSW"),
    ("Westmead Hospital", "hospital", "Sydney", "NSW"),
    ("The Royal Melbourne Hospital", "hospital", "Melbourne", "VIC"),
    ("Princess Alexandra Hospital", "hospital", "Brisbane", "QLD"),
    ("University of Sydney", "university", "Sydney", "NSW"),
    ("Royal Australasian College of Physicians", "college", "Sydney", "NSW"),
]
PEOPLE = [
    ("Prof", "Anika", "Sharma", "physician", "staff_specialist", 0, "Cardiology", 5),
    ("Dr", "James", "O'Connor", "emergency_medicine", "advanced_trainee", 0, "Emergency", 4),
    ("Dr", "Mei", "Chen", "physician", "basic_trainee", 1, "General Medicine", 3),
    ("A/Prof", "Tom", "Nguyen", "surgery", "staff_specialist", 2, "Colorectal Surgery", 4),
    ("Dr", "Fatima", "Haddad", "psychiatry", "resident", 0, "Consultation-Liaison", 3),
    ("Dr", "Liam", "Smith", "anaesthesia", "vmo", 3, "Anaesthetics", 2),
    ("Dr", "Grace", "Okafor", "general_practice", "gp_registrar", 4, "Rural Clinical School", 3),
    ("Dr", "Sofia", "Rossi", "paediatrics", "fellow", 2, "Neonatology", 2),
    ("Prof", "David", "Walker", "physician", "academic", 4, "Sydney Medical School", 4),
    ("Dr", "Priya", "Patel", "obstetrics_gynaecology", "advanced_trainee", 1, "Women's Health", 3),
    ("Dr", "Ahmed", "Khan", "intensive_care_medicine", "staff_specialist", 3, "ICU", 5),
    ("Dr", "Hannah", "Brown", "radiology", "advanced_trainee", 0, "Medical Imaging", 1),
]


def _user(email: str, password: str, **fields) -> User:
    user, created = User.objects.get_or_create(email=email, defaults=fields)
    if created:
        user.set_password(password)
        user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def enrol_demo_staff_in_totp(staff: User) -> None:
    """Staff need an authenticator app before the admin opens (accounts.middleware). In
    development the demo staff account has one with a published secret, so a newcomer can reach
    the admin (``manage.py demo_totp`` prints the current code). Never in production: there the
    secret would be a known second factor."""
    from allauth.mfa.totp.internal.auth import TOTP

    if not Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(staff, DEMO_STAFF_TOTP_SECRET)


def seed() -> tuple[User, User]:
    terms = {(t.kind, t.code): t for t in Term.objects.all()}
    doctor = _user(
        DEMO_LOGIN[0],
        DEMO_LOGIN[1],
        display_name="Dr Alex Morgan",
        career_stage=terms.get(("career_stage", "resident")),
        specialty=terms.get(("specialty", "physician")),
        workplace="Royal Prince Alfred Hospital",
        city="Sydney",
        state="NSW",
        qualification_country="IN",
    )
    staff = _user(
        STAFF_LOGIN[0],
        STAFF_LOGIN[1],
        display_name="NetMed events team",
        is_staff=True,
        is_superuser=True,
    )
    if settings.DEBUG:
        enrol_demo_staff_in_totp(staff)
    seed_contacts(doctor, terms)
    collaboration_demo.seed(doctor)
    reminders_demo.seed(doctor)
    events_demo.seed(doctor)
    cpd_demo.seed(doctor)
    consultant = _user(
        *CONSULTANT_LOGIN,
        display_name="Prof Sam Reid",
        career_stage=terms.get(("career_stage", "staff_specialist")),
        specialty=terms.get(("specialty", "physician")),
        workplace="Westmead Hospital",
        city="Sydney",
        state="NSW",
    )
    mentorship_demo.seed(doctor, consultant)
    return doctor, staff


def seed_contacts(doctor: User, terms: dict) -> None:
    from contacts import due_dates
    from contacts.interactions import log_interaction
    from contacts.models import Contact, Organisation, Position, Tag
    from contacts.search import refresh_search_vectors

    if Contact.objects.for_user(doctor).exists():
        return
    rng = random.Random(2026)
    orgs = [
        Organisation.objects.create(owner=doctor, name=n, kind=k, city=c, state=s, country="AU")
        for n, k, c, s in ORGANISATIONS
    ]
    tags = {
        name: Tag.objects.create(owner=doctor, name=name)
        for name in ["research", "cardiology", "RMO society", "IMG network", "teaching"]
    }
    today = timezone.localdate()
    for prefix, given, family, specialty, stage, org, dept, closeness in PEOPLE:
        contact = Contact.objects.create(
            owner=doctor,
            prefix=prefix,
            given_name=given,
            family_name=family,
            specialty=terms.get(("specialty", specialty)),
            career_stage=terms.get(("career_stage", stage)),
            city=orgs[org].city,
            state=orgs[org].state,
            country="AU",
            closeness=closeness,
            cadence_days=rng.choice([None, 30, 90, 180]),
            how_we_met=rng.choice(
                ["Grand rounds", "RMO society trivia night", "ED term", "RACP Congress"]
            ),
            notes="Interested in **research** collaboration. Remember: no patient details here.",
        )
        contact.emails.create(
            email=f"{given}.{family}".lower().replace("'", "") + "@health.example.org",
            label="work",
            is_primary=True,
        )
        Position.objects.create(
            contact=contact,
            organisation=orgs[org],
            department=dept,
            title="Consultant" if stage == "staff_specialist" else "Registrar",
            start_date=today - dt.timedelta(days=rng.randint(100, 1500)),
        )
        contact.tags.set(rng.sample(list(tags.values()), k=rng.randint(0, 2)))
        kinds = [t for (kind, _), t in terms.items() if kind == "interaction_kind"]
        for _ in range(rng.randint(0, 4)):
            log_interaction(
                doctor,
                [contact],
                kind=rng.choice(kinds),
                occurred_on=today - dt.timedelta(days=rng.randint(1, 400)),
                note="Caught up.",
            )
    refresh_search_vectors(Contact.objects.for_user(doctor).values_list("pk", flat=True))
    due_dates.refresh(owner_ids=[doctor.pk])
