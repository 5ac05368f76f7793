"""Demo events: a dozen believable Australian meetings and the demo doctor's attendance."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from decimal import Decimal

from django.utils import timezone

from contacts.models import Contact
from core.models import Term
from core.organisations import OrganisationMatcher

from . import people_met
from .attendance import set_attendance
from .models import CPD_FIELDS, Event, EventSeries
from .services import set_specialties

# title, kind, series, organiser, specialties, days from today, days long (0 = timed, hours),
# start hour, timezone, venue, city, state, CPD hours (edu, review, outcomes), website, online
EVENTS = [
    (
        "RACP Congress",
        "conference",
        "RACP Congress",
        "Royal Australasian College of Physicians",
        ["physician", "paediatrics"],
        75,
        3,
        None,
        "Australia/Melbourne",
        "Melbourne Convention and Exhibition Centre",
        "Melbourne",
        "VIC",
        (15, 2, 1),
        "https://www.racp.edu.au/",
        "",
    ),
    (
        "RACP Congress (last year)",
        "conference",
        "RACP Congress",
        "Royal Australasian College of Physicians",
        ["physician", "paediatrics"],
        -290,
        3,
        None,
        "Australia/Brisbane",
        "Brisbane Convention and Exhibition Centre",
        "Brisbane",
        "QLD",
        (15, 2, 1),
        "https://www.racp.edu.au/",
        "",
    ),
    (
        "Advanced Life Support (ALS2) course",
        "skills_course",
        "",
        "Australian Resuscitation Council",
        ["emergency_medicine", "intensive_care_medicine", "physician"],
        21,
        2,
        None,
        "Australia/Sydney",
        "Royal Prince Alfred Hospital Education Centre",
        "Sydney",
        "NSW",
        (14, 0, 0),
        "",
        "",
    ),
    (
        "Medicine grand round: heart failure with preserved EF",
        "grand_rounds",
        "",
        "RPA Hospital",
        ["physician"],
        6,
        0,
        12,
        "Australia/Sydney",
        "RPA Lecture Theatre 1",
        "Sydney",
        "NSW",
        (1, 0, 0),
        "",
        "https://example.org/rpa-grand-round",
    ),
    (
        "ACEM Annual Scientific Meeting",
        "conference",
        "ACEM ASM",
        "Australasian College for Emergency Medicine",
        ["emergency_medicine"],
        130,
        4,
        None,
        "Australia/Adelaide",
        "Adelaide Convention Centre",
        "Adelaide",
        "SA",
        (18, 2, 2),
        "https://acem.org.au/",
        "",
    ),
    (
        "RMO Society trivia and networking night",
        "rmo_society",
        "",
        "RPA RMO Society",
        [],
        12,
        0,
        18,
        "Australia/Sydney",
        "The Royal Hotel, Darlington",
        "Sydney",
        "NSW",
        (0, 0, 0),
        "",
        "",
    ),
    (
        "Journal club: SGLT2 inhibitors beyond diabetes",
        "journal_club",
        "",
        "Westmead Hospital",
        ["physician"],
        -20,
        0,
        7,
        "Australia/Sydney",
        "Westmead Education Block",
        "Sydney",
        "NSW",
        (1, 0, 0),
        "",
        "",
    ),
    (
        "Clinical audit masterclass",
        "workshop",
        "",
        "Royal Australasian College of Physicians",
        ["physician", "general_practice"],
        45,
        0,
        9,
        "Australia/Sydney",
        "",
        "",
        "",
        (0, 3, 3),
        "",
        "https://example.org/audit-masterclass",
    ),
    (
        "RACGP GP27 conference",
        "conference",
        "RACGP GP conference",
        "Royal Australian College of General Practitioners",
        ["general_practice"],
        200,
        3,
        None,
        "Australia/Perth",
        "Perth Convention and Exhibition Centre",
        "Perth",
        "WA",
        (12, 3, 3),
        "https://www.racgp.org.au/",
        "",
    ),
    (
        "Leadership for registrars",
        "leadership_program",
        "",
        "Medical Leaders Network",
        [],
        95,
        2,
        None,
        "Australia/Brisbane",
        "Brisbane Marriott",
        "Brisbane",
        "QLD",
        (10, 0, 0),
        "",
        "",
    ),
    (
        "Surgical M&M: complications review",
        "mm_meeting",
        "",
        "Princess Alexandra Hospital",
        ["surgery"],
        9,
        0,
        7,
        "Australia/Brisbane",
        "PAH Surgical Seminar Room",
        "Brisbane",
        "QLD",
        (0, 1, 0),
        "",
        "",
    ),
    (
        "IMG networking evening",
        "social",
        "",
        "Australian Medical Association NSW",
        [],
        -60,
        0,
        18,
        "Australia/Sydney",
        "AMA House",
        "Sydney",
        "NSW",
        (0, 0, 0),
        "",
        "",
    ),
]


def seed_events(today: dt.date | None = None) -> list[Event]:
    """The published demo events (one per title)."""
    today = today or timezone.localdate()
    terms = {(t.kind, t.code): t for t in Term.objects.filter(kind__in=["event_kind", "specialty"])}
    organisers = OrganisationMatcher()
    created = []
    for (
        title,
        kind,
        series,
        organiser,
        specialties,
        offset,
        days,
        hour,
        tz_name,
        venue,
        city,
        state,
        cpd,
        website,
        online,
    ) in EVENTS:
        if Event.objects.filter(title=title, owner__isnull=True).exists():
            continue
        tz = zoneinfo.ZoneInfo(tz_name)
        day = today + dt.timedelta(days=offset)
        if days:
            starts_at = dt.datetime.combine(day, dt.time(), tzinfo=tz)
            ends_at = starts_at + dt.timedelta(days=days)
        else:
            starts_at = dt.datetime.combine(day, dt.time(hour), tzinfo=tz)
            ends_at = starts_at + dt.timedelta(hours=1 if hour < 12 else 2)
        event = Event.objects.create(
            title=title,
            kind=terms[("event_kind", kind)],
            series=EventSeries.objects.get_or_create(name=series)[0] if series else None,
            organiser_term=(college := organisers.match(organiser)),
            organiser="" if college else organiser,
            starts_at=starts_at,
            ends_at=ends_at,
            timezone=tz_name,
            all_day=bool(days),
            venue=venue,
            city=city,
            state=state,
            website=website,
            online_url=online,
            published=True,
            early_bird_deadline=day - dt.timedelta(days=40) if days >= 3 else None,
            registration_deadline=day - dt.timedelta(days=7) if days else None,
            abstract_deadline=day - dt.timedelta(days=60) if kind == "conference" else None,
            **{name: Decimal(hours) for name, hours in zip(CPD_FIELDS, cpd, strict=True)},
        )
        set_specialties(
            event=event,
            terms=[terms[("specialty", s)] for s in specialties if ("specialty", s) in terms],
        )
        created.append(event)
    return created


def seed(doctor) -> None:
    """Published events, and the demo doctor's plans, attendance and people met."""
    seed_events()
    if doctor.private_events.exists():
        return
    by_title = {e.title: e for e in Event.objects.filter(owner__isnull=True)}
    plans = {
        "RACP Congress": "registered",
        "Advanced Life Support (ALS2) course": "attending",
        "Medicine grand round: heart failure with preserved EF": "interested",
        "Clinical audit masterclass": "interested",
        "RACP Congress (last year)": "attended",
        "Journal club: SGLT2 inhibitors beyond diabetes": "attended",
        "IMG networking evening": "attended",
    }
    for title, status in plans.items():
        if title in by_title:
            set_attendance(user=doctor, event=by_title[title], status=status)
    # People met at the past events: a handful at the congress, a few at the smaller ones.
    contacts = list(Contact.objects.for_user(doctor).alive().order_by("family_name", "given_name"))
    met = {
        "RACP Congress (last year)": contacts[0:8:2] + contacts[40:44],
        "IMG networking evening": contacts[2:3] + contacts[60:63],
        "Journal club: SGLT2 inhibitors beyond diabetes": contacts[80:82],
    }
    for title, people in met.items():
        for contact in people if title in by_title else []:
            people_met.record_met(user=doctor, event=by_title[title], contact=contact)
    now = timezone.now()
    Event.objects.create(
        title="Cardiology department dinner",
        kind=Term.objects.get(kind="event_kind", code="social"),
        owner=doctor,
        starts_at=now + dt.timedelta(days=16),
        ends_at=now + dt.timedelta(days=16, hours=3),
        timezone="Australia/Sydney",
        venue="Ormeggio at The Spit",
        city="Sydney",
        state="NSW",
    )
