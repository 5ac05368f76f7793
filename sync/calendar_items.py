"""What the doctor's NetMed calendar holds on the DAV server, one calendar object per entry.

Each source reads its rows in one query and gives every entry a stable href, an ETag made from
the rows it shows (a version or a timestamp, so listing the calendar never builds iCalendar
text) and a ``build`` function that writes the entry with ``icalendar`` when a client fetches it.
Timed entries (events) are in the doctor's time zone with its VTIMEZONE; the rest are all-day
dates. The calendar is read-only: NetMed is where these are changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import icalendar
from django.db.models import Q
from django.utils import timezone

from contacts.models import Contact
from cpd.models import Membership
from events import calendar as event_calendar
from events.models import Event
from mentorship.models import ActionItem, Meeting
from reminders.models import FollowUp

PRODID = "-//NetMed//Sync//EN"
UID_DOMAIN = "netmed"
# Repeating entries (birthdays, yearly renewals) reach this far for a time-range search.
FOREVER = 2**31 - 1


@dataclass(frozen=True)
class CalendarEntry:
    href: str
    etag: str
    build: Callable[[], str]
    # (start, end) in Unix seconds, or None to let Radicale work it out from the text.
    time_range: tuple[int, int] | None = None

    @property
    def uid(self) -> str:
        return self.href.removesuffix(".ics") + "@" + UID_DOMAIN


def _etag(*parts: object) -> str:
    return '"' + hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:32] + '"'


def _seconds(day: dt.date) -> int:
    return int(dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC).timestamp())


def _day_range(day: dt.date) -> tuple[int, int]:
    # A whole day anywhere on Earth: a search in any time zone finds it.
    return _seconds(day) - 14 * 3600, _seconds(day + dt.timedelta(days=1)) + 12 * 3600


def _calendar(*components: icalendar.cal.Component) -> str:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    for component in components:
        calendar.add_component(component)
    calendar.add_missing_timezones()
    return calendar.to_ical().decode()


def _all_day(uid: str, summary: str, day: dt.date, stamp: dt.datetime, **extra) -> str:
    item = icalendar.Event()
    item.add("uid", uid)
    item.add("dtstamp", stamp.astimezone(dt.UTC))
    item.add("summary", summary)
    item.add("dtstart", day)
    item.add("dtend", day + dt.timedelta(days=1))
    item.add("transp", "TRANSPARENT")
    for key, value in extra.items():
        item.add(key.replace("_", "-"), value)
    return _calendar(item)


def entries(user, *, now: dt.datetime | None = None) -> list[CalendarEntry]:
    """Every entry of ``user``'s calendar: about one query per source."""
    now = now or timezone.now()
    today = now.astimezone(user.timezone).date()
    found: list[CalendarEntry] = []
    for source in SOURCES:
        found.extend(source(user, now=now, today=today))
    return found


def _events(user, *, now, today) -> Iterator[CalendarEntry]:
    """Events the doctor is interested in, registered for or attending (and their own), with
    their deadlines, in the doctor's own time zone."""
    zone = user.timezone
    for event in event_calendar.feed_events(user):
        stamp = event.updated_at

        def build(event: Event = event) -> str:
            item = event_calendar._vevent(event, event_calendar.site_url())
            if not event.all_day:
                item.pop("dtstart")
                item.pop("dtend")
                item.add("dtstart", event.starts_at.astimezone(zone))
                item.add("dtend", event.ends_at.astimezone(zone))
            return _calendar(item)

        found = (int(event.starts_at.timestamp()), int(event.ends_at.timestamp()))
        if event.all_day:
            found = (found[0] - 14 * 3600, found[1] + 12 * 3600)
        yield CalendarEntry(
            f"event-{event.pk}.ics", _etag(event.sequence, stamp, zone), build, found
        )
        for label, day in event.deadlines():
            code = label.split()[0].lower().replace("-", "")

            def build_deadline(event=event, label=label, day=day, code=code) -> str:
                return _all_day(
                    event_calendar.event_uid(event, code),
                    f"{label} deadline: {event.title}",
                    day,
                    event.updated_at,
                )

            yield CalendarEntry(
                f"event-{event.pk}-{code}.ics",
                _etag(event.sequence, stamp, day),
                build_deadline,
                _day_range(day),
            )


def _follow_ups(user, *, now, today) -> Iterator[CalendarEntry]:
    for follow_up in FollowUp.objects.for_user(user).open().select_related("contact"):
        day = follow_up.snoozed_until or follow_up.due_on
        summary = follow_up.what
        if follow_up.contact_id:
            summary = f"{summary} ({follow_up.contact.display_name})"

        def build(follow_up=follow_up, day=day, summary=summary) -> str:
            extra = {"description": follow_up.note} if follow_up.note else {}
            return _all_day(
                f"follow-up-{follow_up.pk}@{UID_DOMAIN}",
                f"Follow up: {summary}",
                day,
                follow_up.updated_at,
                **extra,
            )

        yield CalendarEntry(
            f"follow-up-{follow_up.pk}.ics",
            _etag(follow_up.updated_at, day, summary),
            build,
            _day_range(day),
        )


CONTACT_FIELDS = (
    "id",
    "given_name",
    "family_name",
    "preferred_name",
    "updated_at",
    "next_due_on",
    "birthday_year",
    "birthday_month",
    "birthday_day",
)


def _contacts(user, *, now, today) -> Iterator[CalendarEntry]:
    """Keep-in-touch due dates and birthdays: one query over the living contacts."""
    rows = (
        Contact.objects.for_user(user)
        .alive()
        .filter(Q(next_due_on__isnull=False) | Q(birthday_month__isnull=False))
        .values_list(*CONTACT_FIELDS)
    )
    for pk, given, family, preferred, stamp, due, year, month, day in rows.iterator(
        chunk_size=2000
    ):
        name = " ".join(p for p in [preferred or given, family] if p) or "(no name)"
        if due:

            def build_due(pk=pk, name=name, due=due, stamp=stamp) -> str:
                return _all_day(
                    f"keep-in-touch-{pk}@{UID_DOMAIN}", f"Keep in touch: {name}", due, stamp
                )

            yield CalendarEntry(
                f"keep-in-touch-{pk}.ics", _etag(due, name), build_due, _day_range(due)
            )
        if month and day:
            first = _birthday(year, month, day)
            if first is None:
                continue

            def build_birthday(pk=pk, name=name, first=first, stamp=stamp) -> str:
                return _all_day(
                    f"birthday-{pk}@{UID_DOMAIN}",
                    f"Birthday: {name}",
                    first,
                    stamp,
                    rrule={"freq": "yearly"},
                )

            yield CalendarEntry(
                f"birthday-{pk}.ics",
                _etag(first, name),
                build_birthday,
                (_seconds(first) - 14 * 3600, FOREVER),
            )


def _birthday(year: int | None, month: int, day: int) -> dt.date | None:
    """The first birthday to show: in the year of birth, else in 2000 (a leap year, so 29
    February repeats when the calendar has one)."""
    try:
        return dt.date(year or 2000, month, day)
    except ValueError:
        return None


def _mentorship(user, *, now, today) -> Iterator[CalendarEntry]:
    meetings = Meeting.objects.for_user(user).select_related("mentorship")
    for meeting in meetings:

        def build(meeting=meeting) -> str:
            extra = {"description": meeting.agenda} if meeting.agenda else {}
            return _all_day(
                f"meeting-{meeting.pk}@{UID_DOMAIN}",
                f"Mentoring meeting: {meeting.mentorship.other_name_for(user)}",
                meeting.held_on,
                meeting.created_at,
                **extra,
            )

        yield CalendarEntry(
            f"meeting-{meeting.pk}.ics",
            _etag(meeting.held_on, meeting.agenda, meeting.created_at),
            build,
            _day_range(meeting.held_on),
        )
    items = (
        ActionItem.objects.for_user(user)
        .open()
        .filter(due_on__isnull=False)
        .filter(Q(assignee=user) | Q(assignee__isnull=True, mentorship__owner=user))
    )
    for item in items:
        day = item.snoozed_until or item.due_on

        def build_item(item=item, day=day) -> str:
            return _all_day(
                f"action-{item.pk}@{UID_DOMAIN}", f"Action: {item.title}", day, item.created_at
            )

        yield CalendarEntry(
            f"action-{item.pk}.ics", _etag(item.title, day), build_item, _day_range(day)
        )


def _renewals(user, *, now, today) -> Iterator[CalendarEntry]:
    memberships = (
        Membership.objects.for_user(user)
        .exclude(renewal_date=None)
        .select_related("organisation_term")
    )
    for membership in memberships:
        day = membership.next_renewal(today)
        if day is None:
            continue
        title = f"Renewal: {membership.organisation_name}"

        def build(membership=membership, day=day, title=title) -> str:
            extra = {"rrule": {"freq": "yearly"}} if membership.renews_annually else {}
            return _all_day(
                f"renewal-{membership.pk}@{UID_DOMAIN}", title, day, membership.updated_at, **extra
            )

        end = FOREVER if membership.renews_annually else _day_range(day)[1]
        yield CalendarEntry(
            f"renewal-{membership.pk}.ics",
            _etag(membership.updated_at, day, title),
            build,
            (_day_range(day)[0], end),
        )


SOURCES = [_events, _follow_ups, _contacts, _mentorship, _renewals]
