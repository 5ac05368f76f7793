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


# The lived-in part of the network: about 140 more colleagues, generated (deterministically) from
# these names, spread over the specialties and career stages of core/vocabulary.json and the
# hospitals above and below. Together with PEOPLE, NETWORK_SIZE contacts.
NETWORK_SIZE = 150
GIVEN_NAMES = [
    "Olivia",
    "Charlotte",
    "Amelia",
    "Isla",
    "Mia",
    "Ava",
    "Chloe",
    "Sophie",
    "Emily",
    "Ella",
    "Zoe",
    "Lucy",
    "Ruby",
    "Matilda",
    "Sarah",
    "Jessica",
    "Georgia",
    "Jack",
    "Oliver",
    "William",
    "Noah",
    "Thomas",
    "Henry",
    "Lachlan",
    "Ethan",
    "Samuel",
    "Daniel",
    "Benjamin",
    "Lucas",
    "Joshua",
    "Arjun",
    "Rohan",
    "Ananya",
    "Wei",
    "Jia",
    "Hiroshi",
    "Yuki",
    "Minh",
    "Linh",
    "Omar",
    "Leila",
    "Yusuf",
    "Zara",
    "Nikolai",
    "Eleni",
    "Giorgos",
    "Chiara",
    "Marco",
    "Aroha",
    "Tane",
    "Kirra",
    "Jarrah",
    "Siobhan",
    "Declan",
    "Ngozi",
    "Kwame",
    "Ines",
    "Mateo",
    "Aisha",
    "Ravi",
]
FAMILY_NAMES = [
    "Jones",
    "Williams",
    "Wilson",
    "Taylor",
    "Johnson",
    "White",
    "Martin",
    "Anderson",
    "Thompson",
    "Tran",
    "Thomas",
    "Harris",
    "Lee",
    "Ryan",
    "Robinson",
    "Kelly",
    "King",
    "Davies",
    "Wright",
    "Wang",
    "Li",
    "Zhang",
    "Liu",
    "Singh",
    "Kumar",
    "Iyer",
    "Reddy",
    "Le",
    "Pham",
    "Ho",
    "Kaur",
    "Papadopoulos",
    "Russo",
    "Costa",
    "Ibrahim",
    "Hassan",
    "Ali",
    "Murphy",
    "O'Brien",
    "Walsh",
    "McDonald",
    "Campbell",
    "Stewart",
    "Mitchell",
    "Hughes",
    "Edwards",
    "Cooper",
    "Tanaka",
    "Sato",
    "Kim",
    "Park",
    "Ngata",
    "Te Awa",
    "Okonkwo",
    "Mensah",
    "Fernandes",
    "Silva",
    "Novak",
]
MORE_ORGANISATIONS = [
    ("Royal North Shore Hospital", "hospital", "Sydney", "NSW"),
    ("St Vincent's Hospital Sydney", "hospital", "Sydney", "NSW"),
    ("John Hunter Hospital", "hospital", "Newcastle", "NSW"),
    ("The Alfred", "hospital", "Melbourne", "VIC"),
    ("Monash Medical Centre", "hospital", "Melbourne", "VIC"),
    ("Royal Brisbane and Women's Hospital", "hospital", "Brisbane", "QLD"),
    ("Townsville University Hospital", "hospital", "Townsville", "QLD"),
    ("Royal Adelaide Hospital", "hospital", "Adelaide", "SA"),
    ("Fiona Stanley Hospital", "hospital", "Perth", "WA"),
    ("Royal Hobart Hospital", "hospital", "Hobart", "TAS"),
    ("Royal Darwin Hospital", "hospital", "Darwin", "NT"),
    ("The Canberra Hospital", "hospital", "Canberra", "ACT"),
    ("Dubbo Base Hospital", "hospital", "Dubbo", "NSW"),
    ("Bondi Junction Medical Practice", "practice", "Sydney", "NSW"),
]
DEPARTMENTS = {
    "physician": ["Cardiology", "General Medicine", "Respiratory Medicine", "Nephrology"],
    "surgery": ["General Surgery", "Orthopaedics", "Vascular Surgery", "Neurosurgery"],
    "emergency_medicine": ["Emergency Department"],
    "intensive_care_medicine": ["Intensive Care Unit"],
    "anaesthesia": ["Anaesthetics", "Perioperative Medicine"],
    "paediatrics": ["Paediatrics", "Neonatology"],
    "psychiatry": ["Mental Health", "Consultation-Liaison Psychiatry"],
    "general_practice": ["General Practice"],
}
# Career stages that are registrars or juniors (the rest are senior).
JUNIOR = {"intern", "pgy2", "resident", "senior_resident", "unaccredited_registrar"}
TRAINEE = {"basic_trainee", "advanced_trainee", "gp_registrar", "provisional_fellow"}
PLACES = [
    "Hospital café",
    "Grand round",
    "Level 4 tea room",
    "Doctors' lounge",
    "Ward round",
    "Zoom",
    "Teams",
    "Journal club",
    "ICC Sydney",
    "Education centre",
    "Car park, night shift handover",
]
NOTES = [
    "Talked about the advanced training application.",
    "Wants to co-author the audit.",
    "Offered to review my CV.",
    "Interested in the rural rotation.",
    "Recommended a course on echo.",
    "Swapped notes on the exam study group.",
    "Asked about the research registrar job.",
    "Caught up about the new roster.",
    "",
]


def seed_contacts(doctor: User, terms: dict) -> None:
    """NETWORK_SIZE contacts with a year of interactions, written in bulk (a handful of queries
    per table, not a few per row), then made consistent by the same functions the contact
    services call after they write: people counts, "last contacted", search vectors, when keeping
    in touch falls due and the dashboard's cached picture (``refresh_last_interaction`` and
    ``editing.refresh_derived``)."""
    from contacts.models import Contact

    if Contact.objects.for_user(doctor).exists():
        return
    rng = random.Random(2026)
    today = timezone.localdate()
    orgs = _organisations(doctor)
    tags = _tags(doctor)
    contacts, emails, positions = _people(doctor, terms, orgs, rng, today)
    _write_network(doctor, terms, tags, contacts, emails, positions, rng, today)


def _organisations(doctor: User) -> list:
    from contacts.models import Organisation

    return Organisation.objects.bulk_create(
        Organisation(owner=doctor, name=n, kind=k, city=c, state=s, country="AU")
        for n, k, c, s in ORGANISATIONS + MORE_ORGANISATIONS
    )


def _tags(doctor: User) -> list:
    from contacts.models import Tag

    names = ["research", "cardiology", "RMO society", "IMG network", "teaching", "rural", "ED"]
    return Tag.objects.bulk_create(Tag(owner=doctor, name=name) for name in names)


def _people(doctor, terms, orgs, rng, today):
    """The contacts (PEOPLE first, then generated ones), each with a work email and a position."""
    from contacts.models import Contact, ContactEmail, Position

    specialties = [t for (kind, _), t in terms.items() if kind == "specialty"]
    stages = [t for (kind, code), t in terms.items() if kind == "career_stage"]
    stages = [t for t in stages if t.code not in ("medical_student", "non_practising")]
    taken = {(given, family) for _, given, family, *_ in PEOPLE}
    rows = [
        (
            prefix,
            given,
            family,
            terms.get(("specialty", sp)),
            terms.get(("career_stage", st)),
            org,
            dept,
            close,
        )
        for prefix, given, family, sp, st, org, dept, close in PEOPLE
    ]
    while len(rows) < NETWORK_SIZE:
        given, family = rng.choice(GIVEN_NAMES), rng.choice(FAMILY_NAMES)
        if (given, family) in taken:
            continue
        taken.add((given, family))
        # Most of a junior doctor's network is physicians, surgeons and ED: weight them.
        specialty = rng.choice(
            specialties
            + [terms.get(("specialty", "physician"))] * 6
            + [terms.get(("specialty", "emergency_medicine"))] * 3
            + [terms.get(("specialty", "surgery"))] * 3
        )
        stage = rng.choice(stages)
        senior = stage.code not in JUNIOR | TRAINEE
        prefix = rng.choice(["Prof", "A/Prof", "Dr", "Dr", "Dr"]) if senior else "Dr"
        org = min(int(rng.expovariate(0.25)), len(orgs) - 1)  # most at a few hospitals
        dept = rng.choice(DEPARTMENTS.get(specialty.code, [specialty.label]))
        closeness = rng.choice([None, 1, 2, 2, 3, 3, 4, 5])
        rows.append((prefix, given, family, specialty, stage, org, dept, closeness))
    contacts, emails, positions = [], [], []
    for prefix, given, family, specialty, stage, org, dept, closeness in rows:
        contact = Contact(
            owner=doctor,
            prefix=prefix,
            given_name=given,
            family_name=family,
            specialty=specialty,
            career_stage=stage,
            city=orgs[org].city,
            state=orgs[org].state,
            country="AU",
            closeness=closeness,
            cadence_days=rng.choice([None, None, 30, 90, 90, 180, 365]),
            how_we_met=rng.choice(
                [
                    "Grand rounds",
                    "RMO society trivia night",
                    "ED term",
                    "RACP Congress",
                    "Medical school",
                    "Night shift",
                    "Journal club",
                    "",
                ]
            ),
            notes=rng.choice(
                [
                    "Interested in **research** collaboration. Remember: no patient details here.",
                    "Great teacher; ask about the echo course.",
                    "",
                ]
            ),
        )
        contacts.append(contact)
        local = f"{given}.{family}".lower().replace("'", "").replace(" ", "")
        emails.append(
            ContactEmail(
                contact=contact, email=f"{local}@health.example.org", label="work", is_primary=True
            )
        )
        senior = stage is not None and stage.code not in JUNIOR | TRAINEE
        positions.append(
            Position(
                contact=contact,
                organisation=orgs[org],
                department=dept,
                title="Consultant"
                if senior
                else (
                    "Registrar" if stage and stage.code in TRAINEE else "Resident Medical Officer"
                ),
                start_date=today - dt.timedelta(days=rng.randint(100, 1500)),
            )
        )
    return contacts, emails, positions


def _write_network(doctor, terms, tags, contacts, emails, positions, rng, today) -> None:
    from contacts.editing import refresh_derived
    from contacts.interactions import refresh_last_interaction, store_people
    from contacts.models import Contact, ContactEmail, Interaction, Position

    Contact.objects.bulk_create(contacts)
    ContactEmail.objects.bulk_create(emails)
    Position.objects.bulk_create(positions)
    Contact.tags.through.objects.bulk_create(
        Contact.tags.through(contact_id=contact.pk, tag_id=tag.pk)
        for contact in contacts
        for tag in rng.sample(tags, k=rng.choice([0, 0, 1, 1, 2]))
    )
    kinds = {code: t for (kind, code), t in terms.items() if kind == "interaction_kind"}
    relationships = [t for (kind, _), t in terms.items() if kind == "relationship_kind"]
    Contact.relationship_kinds.through.objects.bulk_create(
        Contact.relationship_kinds.through(contact_id=contact.pk, term_id=kind.pk)
        for contact in contacts
        for kind in rng.sample(relationships, k=rng.choice([0, 1, 1, 2]))
    )
    # A year of interactions: the closer the colleague, the more often; about one in six with
    # two or three people at once (the network picture's links).
    interactions, links = [], []
    everyday = [kinds[c] for c in ("in_person", "meal", "call", "message", "email", "video")]
    work = [kinds[c] for c in ("grand_rounds", "teaching", "collaboration", "referral")]
    for contact in contacts:
        for _ in range(rng.randint(0, 2 * (contact.closeness or 0) + 1)):
            interaction = Interaction(
                owner=doctor,
                kind=rng.choice(everyday + work),
                occurred_on=today - dt.timedelta(days=int(rng.triangular(1, 365, 1))),
                place=rng.choice(PLACES),
                note=rng.choice(NOTES),
            )
            interactions.append(interaction)
            others = rng.sample(contacts, k=rng.choice([0, 0, 0, 0, 0, 1, 2]))
            links += [(interaction, person) for person in {contact, *others}]
    Interaction.objects.bulk_create(interactions)
    Interaction.contacts.through.objects.bulk_create(
        # dated as store_people (below) would date them, so it has nothing left to rewrite
        Interaction.contacts.through(
            interaction_id=i.pk, contact_id=c.pk, occurred_on=i.occurred_on
        )
        for i, c in links
    )
    store_people([i.pk for i in interactions])
    refresh_last_interaction([c.pk for c in contacts])
    refresh_derived(contacts=contacts)
