"""The timeline's sources answer in hand-written statements sent in one round trip (issue 22).
They must list what the ORM sources they replaced listed: the same entries, in the same order,
on every page, in any time zone. The old sources are kept here, as they were, to compare."""

import datetime as dt
import zoneinfo

import pytest
from django.db import connection
from django.db.models import DateField, F, Func, OuterRef, Q, Subquery
from django.db.models.functions import Cast, Coalesce, TruncDate
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html

from collaboration.models import Collaborator, Introduction, IntroductionDirection
from contacts import timeline
from contacts.interactions import log_interaction
from contacts.listing import url_maker
from contacts.models import Contact, InteractionContact
from contacts.rendering import LazyMarkdown
from events.models import PersonMet
from mentorship import services as mentorship_services
from mentorship.models import Meeting
from reminders.models import FollowUp
from tests import factories
from tests.contacts.test_timeline_paging import a_busy_contact

# --- the sources as they were (487e6dc), read through the ORM ----------------------------------


def _meetings_of(contact):
    return Meeting.objects.filter(
        Q(mentorship__contact=contact, mentorship__owner_id=contact.owner_id)
        | Q(mentorship__member_contact=contact, mentorship__member_id=contact.owner_id)
    )


Logged = Meeting.interactions.through


def old_interactions(contact, limit, before=None):
    from django.contrib.postgres.expressions import ArraySubquery
    from django.db.models.functions import JSONObject

    links = InteractionContact.objects.filter(contact=contact)
    shown = Logged.objects.filter(meeting__in=_meetings_of(contact)).values("interaction_id")
    links = links.exclude(interaction_id__in=shown)
    if before is not None:
        links = links.filter(occurred_on__lte=before)
    others = (
        Contact.objects.filter(interactions=OuterRef("interaction_id"))
        .exclude(pk=contact.pk)
        .values(name=JSONObject(prefix="prefix", given="given_name", family="family_name"))
    )
    links = (
        links.select_related("interaction__kind")
        .annotate(others=ArraySubquery(others))
        .order_by(
            F("occurred_on").desc(nulls_last=True), "-interaction__created_at", "-interaction_id"
        )[:limit]
    )
    entries = []
    edit_url = url_maker("contacts:interaction_edit")
    for link in links:
        row = link.interaction
        names = [
            str(Contact(prefix=o["prefix"], given_name=o["given"], family_name=o["family"]))
            for o in link.others
        ]
        title = row.kind.label + (f" at {row.place}" if row.place else "")
        if names:
            title += " with " + ", ".join(names)
        entries.append(
            timeline.TimelineEntry(
                kind="interaction",
                occurred_on=row.occurred_on,
                title=title,
                body=LazyMarkdown(row.note),
                url=edit_url(row.pk),
                sort_key=row.created_at.isoformat(),
            )
        )
    return entries


def old_meetings(contact, limit, before=None):
    logged = Logged.objects.filter(
        meeting=OuterRef("pk"), interaction__owner_id=contact.owner_id
    ).values("interaction_id")[:1]
    meetings = _meetings_of(contact)
    if before is not None:
        meetings = meetings.filter(held_on__lte=before)
    meetings = (
        meetings.only("id", "held_on", "agenda", "created_at", "mentorship_id")
        .annotate(interaction_id=Subquery(logged))
        .order_by("-held_on", "-created_at")[:limit]
    )

    def body(meeting):
        agenda = escape(meeting.agenda[:300])
        if meeting.interaction_id is None:
            return agenda
        return format_html(
            '{} <a href="{}?back={}" class="small-link">logged interaction</a>',
            agenda,
            reverse("contacts:interaction_edit", args=[meeting.interaction_id]),
            contact.pk,
        )

    return [
        timeline.TimelineEntry(
            kind="mentorship_meeting",
            occurred_on=meeting.held_on,
            title="Mentorship meeting",
            body=body(meeting),
            url=reverse("mentorship:meeting_detail", args=[meeting.pk]),
            sort_key=meeting.created_at.isoformat(),
        )
        for meeting in meetings
    ]


def old_people_met(contact, limit, before=None):
    local = Func(F("event__timezone"), F("event__starts_at"), function="timezone")
    met = PersonMet.objects.filter(contact=contact, owner_id=contact.owner_id).alias(
        day=Cast(local, DateField())
    )
    if before is not None:
        met = met.filter(day__lte=before)
    met = met.select_related("event").order_by("-day", "-event__starts_at")[:limit]
    return [
        timeline.TimelineEntry(
            kind="event",
            occurred_on=person.event.first_day,
            title=f"Met at {person.event.title}",
            body=person.event.place,
            url=reverse("events:detail", args=[person.event_id]),
            sort_key=person.created_at.isoformat(),
        )
        for person in met
    ]


def old_follow_ups(contact, limit, before=None):
    rows = FollowUp.objects.filter(contact=contact, owner_id=contact.owner_id).annotate(
        day=Coalesce(TruncDate("done_at"), "due_on")
    )
    if before is not None:
        rows = rows.filter(day__lte=before)
    for follow_up in rows.order_by("-day", "-created_at")[:limit]:
        done = follow_up.done_at is not None
        yield timeline.TimelineEntry(
            kind="follow_up",
            occurred_on=follow_up.day,
            title=f"Follow-up{' done' if done else ''}: {follow_up.what}",
            body=follow_up.note,
            url=reverse("reminders:follow_up_edit", args=[follow_up.pk]),
            sort_key=follow_up.created_at.isoformat(),
        )


def old_projects(contact, limit, before=None):
    memberships = (
        Collaborator.objects.filter(contact=contact, project__owner_id=contact.owner_id)
        .select_related("project")
        .annotate(day=Coalesce(F("project__start_date"), TruncDate("project__created_at")))
        .order_by("-day", "-project__created_at")
    )
    if before is not None:
        memberships = memberships.filter(day__lte=before)
    entries = []
    for membership in memberships[:limit]:
        project = membership.project
        dates = ""
        if project.start_date and project.end_date:
            dates = f"{project.start_date:%d/%m/%Y} – {project.end_date:%d/%m/%Y}"
        elif project.start_date:
            dates = f"from {project.start_date:%d/%m/%Y}"
        details = [project.get_kind_display(), project.get_status_display(), dates]
        entries.append(
            timeline.TimelineEntry(
                kind="project",
                occurred_on=membership.day,
                title=f"{project.title} ({membership.get_role_display()})",
                body=escape(" · ".join(d for d in details if d)),
                url=reverse("collaboration:project_detail", args=[project.pk]),
                sort_key=project.created_at.isoformat(),
            )
        )
    return entries


def old_introductions(contact, limit, before=None):
    rows = (
        Introduction.objects.filter(owner_id=contact.owner_id)
        .filter(Q(introducer=contact) | Q(introduced=contact))
        .select_related("introducer", "introduced")
        .annotate(day=Coalesce(F("introduced_on"), TruncDate("created_at")))
        .order_by("-day", "-created_at")
    )
    if before is not None:
        rows = rows.filter(day__lte=before)

    def title(introduction):
        if introduction.direction == IntroductionDirection.MADE:
            is_introducer = introduction.introducer_id == contact.pk
            other = introduction.introduced if is_introducer else introduction.introducer
            return f"You introduced them to {other}"
        if introduction.introducer_id == contact.pk:
            return f"Introduced you to {introduction.introduced}"
        return f"Introduced to you by {introduction.introducer}"

    return [
        timeline.TimelineEntry(
            kind="introduction",
            occurred_on=row.day,
            title=title(row),
            body=escape(row.note[:300]),
            url=reverse("collaboration:introduction_list"),
            sort_key=row.created_at.isoformat(),
        )
        for row in rows[:limit]
    ]


OLD_SOURCES = {
    "interactions": old_interactions,
    "events.people_met": old_people_met,
    "mentorship_meetings": old_meetings,
    "reminders.follow_ups": old_follow_ups,
    "collaboration.projects": old_projects,
    "collaboration.introductions": old_introductions,
}


# --- a contact with every kind of entry, and the awkward cases of each --------------------------


def a_rich_contact(doctor):
    contact = a_busy_contact(doctor, days=8)
    today = timezone.localdate()
    nameless = factories.ContactFactory(owner=doctor, prefix="", given_name="", family_name="")
    plain = factories.ContactFactory(owner=doctor, prefix="", given_name="Ana", family_name="Ng")
    other = factories.ContactFactory(owner=doctor, given_name="Zoe", family_name="Adams")
    # Interactions with others, a place, Markdown and empty notes, on days shared with the rest.
    for back, people, note, place in [
        (0, [plain, other], "**Audit** plan:\n\n- one\n- two", "Westmead"),
        (3, [nameless], "", ""),
        (3, [other, plain, nameless], "<script>x</script> [a](https://example.org)", "RPA"),
        (40, [], "Long ago.", "Concord"),
    ]:
        log_interaction(
            doctor,
            [contact, *people],
            kind="call",
            occurred_on=today - dt.timedelta(days=back),
            place=place,
            note=note,
        )
    # A meeting of a mentorship with this contact (its logged interaction shows as the meeting),
    # and a shared mentorship in which this contact is the doctor's row for the other member.
    mentorship = factories.MentorshipFactory(owner=doctor, contact=contact)
    mentorship_services.record_meeting(
        user=doctor, mentorship=mentorship, held_on=today - dt.timedelta(days=6), agenda="A & B"
    )
    mentor = factories.UserFactory()
    shared = factories.SharedMentorshipFactory(
        owner=mentor, member=doctor, member_contact=contact, contact=None
    )
    mentorship_services.record_meeting(
        user=mentor, mentorship=shared, held_on=today - dt.timedelta(days=9), agenda="x" * 400
    )
    factories.MeetingFactory(mentorship=mentorship, held_on=today - dt.timedelta(days=9))
    # Follow-ups done late in the evening (another day in Sydney than in UTC) and open ones.
    late = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=2), dt.time(23, 30)))
    factories.FollowUpFactory(
        owner=doctor, contact=contact, what="Send <b>it</b>", note="a note", done_at=late
    )
    factories.FollowUpFactory(
        owner=doctor, contact=contact, due_on=today - dt.timedelta(days=12), note="x & y"
    )
    # Events met at in other time zones, and one online only.
    perth = zoneinfo.ZoneInfo("Australia/Perth")
    for back, zone, online in [(5, perth, ""), (1, perth, "https://meet.example.org")]:
        day = today - dt.timedelta(days=back)
        event = factories.EventFactory(
            starts_at=dt.datetime.combine(day, dt.time(23, 30), tzinfo=perth),
            timezone=str(zone),
            venue="" if online else "Crown",
            city="" if online else "Perth",
            state="" if online else "WA",
            online_url=online,
        )
        factories.PersonMetFactory(owner=doctor, contact=contact, event=event)
    # Projects: start and end dates, a start only, none (sits on the day it was recorded).
    for start, end, kind, status, role in [
        (today - dt.timedelta(days=30), today, "audit", "completed", "lead"),
        (None, None, "research", "active", "member"),
        (today - dt.timedelta(days=3), None, "teaching", "active", "co_investigator"),
    ]:
        project = factories.ProjectFactory(
            owner=doctor, start_date=start, end_date=end, kind=kind, status=status
        )
        factories.CollaboratorFactory(project=project, contact=contact, role=role)
    # Introductions either side, received and made, dated and not.
    for introducer, introduced, direction, on in [
        (contact, other, "received", None),
        (other, contact, "received", today - dt.timedelta(days=1)),
        (contact, plain, "made", today - dt.timedelta(days=3)),
        (nameless, contact, "made", None),
    ]:
        factories.IntroductionFactory(
            owner=doctor,
            introducer=introducer,
            introduced=introduced,
            direction=direction,
            introduced_on=on,
            note="Over <lunch> " * 40,
        )
    # Someone else's rows about their own contacts never show.
    a_busy_contact(factories.UserFactory(), days=2)
    return contact


def seen(entries) -> list[tuple]:
    return [(e.kind, e.occurred_on, e.title, str(e.body), e.url, e.sort_key) for e in entries]


def walk(contact, size: int) -> list[list[tuple]]:
    pages, cursor = [], None
    while True:
        page, cursor = timeline.timeline_page(contact, size, cursor)
        pages.append((seen(page), cursor))
        if cursor is None:
            return pages


@pytest.mark.parametrize("zone", ["Australia/Sydney", "America/New_York", "Asia/Kolkata"])
def test_the_statements_list_what_the_orm_sources_listed_on_every_page(doctor, zone, monkeypatch):
    contact = a_rich_contact(doctor)
    with timezone.override(zone):
        new = {size: walk(contact, size) for size in (1, 3, 7, 20, 500)}
        sources = timeline.sources()
        assert set(OLD_SOURCES) <= set(sources)
        monkeypatch.setattr(timeline, "_SOURCES", {**sources, **OLD_SOURCES})
        old = {size: walk(contact, size) for size in (1, 3, 7, 20, 500)}
    assert new == old
    everything = new[500][0][0]
    assert len(everything) > 60
    assert {kind for kind, *_ in everything} == {
        "interaction",
        "note",
        "follow_up",
        "event",
        "project",
        "introduction",
        "mentorship_meeting",
    }


def test_each_source_called_alone_lists_what_it_lists_in_the_batch(doctor):
    contact = a_rich_contact(doctor)
    for name, source in timeline.sources().items():
        if name in OLD_SOURCES:
            for before in (None, timezone.localdate() - dt.timedelta(days=3)):
                assert seen(source(contact, 50, before)) == seen(
                    OLD_SOURCES[name](contact, 50, before)
                ), name


def test_the_sources_are_asked_in_one_round_trip(doctor):
    contact = a_rich_contact(doctor)
    with CaptureQueriesContext(connection) as first:
        _, cursor = timeline.timeline_page(contact, 5)
    with CaptureQueriesContext(connection) as deep:
        timeline.timeline_page(contact, 5, cursor)
    assert len(first.captured_queries) == len(deep.captured_queries) == 1
