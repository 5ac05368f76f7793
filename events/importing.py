"""Importing events from CSV or iCalendar (.ics): the admin's import page and ``import_events``.

Every row is checked before anything is written; rows that fail are reported with their line
number and the reason, the others are saved in one transaction. Re-importing the same file
updates events in place (matched on the row's ``uid``, or title and start when there is none) and
bumps their iCalendar ``SEQUENCE``. The admin's CSV export (``events.exporting``) writes these
columns, with ``uid`` "netmed:<id>" for events made in the admin, so an edited export imports
back onto the same events.

CSV columns (a header row; only ``title`` and ``start`` are required)::

    uid, title, kind, series, theme, organiser, specialties, description, start, end, timezone,
    all_day, venue, city, state, country, online_url, website, cost_note, cpd_educational,
    cpd_reviewing_performance, cpd_measuring_outcomes, early_bird_deadline,
    registration_deadline, abstract_deadline

``kind`` and ``specialties`` take vocabulary codes or labels (specialties separated by ``;``);
``organiser`` is linked to the college or association it names (full name or abbreviation, as
"RACP"), and kept as typed when it names no listed one;
dates are ``YYYY-MM-DD`` or ``DD/MM/YYYY``; ``start``/``end`` with a time (``YYYY-MM-DD HH:MM``)
are in ``timezone`` (default Australia/Sydney), and without one make an all-day event.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import re
import uuid
import zoneinfo
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone as dj_timezone
from django_countries import countries

from core.models import Term
from core.organisations import KINDS as ORGANISER_KINDS
from core.organisations import OrganisationMatcher
from core.queueing import enqueue_on_commit

from .models import CPD_FIELDS, Event, EventImport, EventSeries
from .services import store_specialty_ids
from .timezones import tzid_of, zone_from_tzid, zone_like

logger = logging.getLogger(__name__)

DEFAULT_TIMEZONE = "Australia/Sydney"
DEFAULT_KIND = "conference"
TEXT_FIELDS = {
    "theme": 300,
    "venue": 200,
    "city": 100,
    "state": 100,
    "cost_note": 300,
}
DEADLINES = ("early_bird_deadline", "registration_deadline", "abstract_deadline")


class RowError(ValueError):
    """Why one row cannot be imported; reported to the person importing."""


@dataclass
class Rejection:
    line: int
    reason: str
    title: str = ""


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    # About the file as a whole: how its time zones were read, repeating events expanded.
    notices: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def summary(self) -> str:
        verb = "would be" if self.dry_run else "were"
        same = f", {self.unchanged} unchanged" if self.unchanged else ""
        return (
            f"{self.created} new and {self.updated} updated events {verb} imported{same}; "
            f"{len(self.rejected)} rows rejected."
        )


@dataclass
class ParsedEvent:
    line: int
    key: str
    fields: dict
    series: str = ""
    specialty_ids: list[int] = field(default_factory=list)


class EventVocabulary:
    """Event kinds, specialties and organisers by code and by label (case-insensitive), loaded
    in one query."""

    def __init__(self):
        self.kinds: dict[str, Term] = {}
        self.specialties: dict[str, int] = {}
        terms = list(Term.objects.filter(kind__in=["event_kind", "specialty", *ORGANISER_KINDS]))
        self.organisers = OrganisationMatcher(
            t for t in terms if t.kind in ORGANISER_KINDS and t.active
        )
        for term in (t for t in terms if t.kind not in ORGANISER_KINDS):
            target = self.kinds if term.kind == "event_kind" else self.specialties
            value = term if term.kind == "event_kind" else term.pk
            target[term.code.lower()] = value
            target[term.label.lower()] = value

    def kind(self, raw: str) -> Term:
        found = self.kinds.get((raw or DEFAULT_KIND).strip().lower())
        if found is None:
            raise RowError(f"unknown kind “{raw}”")
        return found

    def organiser(self, raw: str) -> dict:
        """A listed college or association by name or abbreviation; any other name as text."""
        text = raw.strip()[:200]
        term = self.organisers.match(text)
        return {"organiser_term": term, "organiser": "" if term else text}

    def specialty_ids(self, raw: str) -> list[int]:
        ids = []
        for name in filter(None, (p.strip() for p in re.split(r"[;|]", raw or ""))):
            if name.lower() not in self.specialties:
                raise RowError(f"unknown specialty “{name}”")
            ids.append(self.specialties[name.lower()])
        return ids


def receive_import(
    *, staff_user, filename: str, data: bytes, publish: bool, dry_run: bool, timezone: str
) -> EventImport:
    """Keep a staff upload and have a worker import it (``run_import``) once this commits."""
    from .tasks import import_event_upload

    job = EventImport.objects.create(
        created_by=staff_user,
        filename=filename.replace("\x00", "")[:255],
        source=data,
        publish=publish,
        dry_run=dry_run,
        timezone=timezone,
    )
    enqueue_on_commit(import_event_upload, job.pk)
    return job


def run_import(*, import_id) -> EventImport | None:
    """Import a kept upload and record what happened. Safe to run twice, even at once: the row
    is locked for the whole import and left "queued" if the worker dies, so a redelivery
    imports it then; a finished import is left alone."""
    try:
        with transaction.atomic():
            job = (
                EventImport.objects.select_for_update(skip_locked=True)
                .filter(pk=import_id, status=EventImport.Status.QUEUED)
                .first()
            )
            if job is None:
                return None
            result = import_events(
                bytes(job.source or b""),
                filename=job.filename,
                publish=job.publish,
                dry_run=job.dry_run,
                timezone=job.timezone,
            )
            job.result = {**asdict(result), "summary": result.summary}
            job.status = EventImport.Status.DONE
            job.source = None
            job.finished_at = dj_timezone.now()
            job.save()
            return job
    except Exception as exc:  # staff must not watch "Importing…" for ever
        logger.exception("Event import %s failed", import_id)
        EventImport.objects.filter(pk=import_id, status=EventImport.Status.QUEUED).update(
            status=EventImport.Status.FAILED,
            failure=f"The import failed ({type(exc).__name__}); nothing was saved.",
            source=None,
            finished_at=dj_timezone.now(),
        )
        return EventImport.objects.filter(pk=import_id).first()


def import_events(
    data: bytes,
    *,
    filename: str,
    publish: bool = False,
    dry_run: bool = False,
    timezone: str = "",
) -> ImportResult:
    """Import a CSV or .ics file, or an email (.eml) with an invitation in it (chosen by
    ``filename``'s extension, else by content). ``timezone`` places the times a calendar leaves
    floating (no TZID, no UTC); without it such events are refused, never put in Sydney."""
    result = ImportResult(dry_run=dry_run)
    if refusal := _over_a_limit(data):
        result.rejected.append(Rejection(1, refusal))
        return result
    text = data.decode("utf-8-sig", errors="replace")
    if filename.lower().endswith(".eml") or _looks_like_email(text):
        text = calendar_in_email(data)
        if text is None:
            result.rejected.append(Rejection(1, "the email has no calendar invitation in it"))
            return result
        result.notices.append("Read the calendar invitation inside the email.")
    is_ics = filename.lower().endswith((".ics", ".ical")) or text.lstrip().startswith(
        "BEGIN:VCALENDAR"
    )
    vocabulary = EventVocabulary()
    if is_ics:
        parsed, result.rejected = parse_ics(
            text, vocabulary, default_zone=_iana_or_none(timezone), notices=result.notices
        )
    else:
        parsed, result.rejected = parse_csv(text, vocabulary)
    with transaction.atomic():
        result.created, result.updated, result.unchanged = _save(parsed, publish=publish)
        if dry_run:
            transaction.set_rollback(True)
    return result


# Limits that keep one file from holding a worker for long (the staff upload is read by a Celery
# worker, never in the request): icalendar spends about 0.25 ms an event, so 30,000 tiny events
# in 2 MB took 7 s (issue 20).
# A conference's calendar holds hundreds of events; they are counted by their opening lines
# before anything is parsed, so a file over a limit is refused at once. (CSV is read by the
# csv module in linear time; icalendar unfolds folded lines in linear time too.)
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_EVENTS = 2000


def _over_a_limit(data: bytes) -> str:
    """Why ``data`` is refused whole before parsing ("" when it is not)."""
    if len(data) > MAX_FILE_BYTES:
        return (
            f"the file is {len(data) / 1_048_576:.1f} MB; the limit is "
            f"{MAX_FILE_BYTES // 1_048_576} MB: split it into smaller files"
        )
    events = len(re.findall(rb"^BEGIN:VEVENT", data, re.MULTILINE | re.IGNORECASE))
    if events > MAX_EVENTS:
        return f"the file holds {events:,} events; the limit is {MAX_EVENTS:,}: split it"
    return ""


def _iana_or_none(name: str) -> zoneinfo.ZoneInfo | None:
    try:
        return zoneinfo.ZoneInfo(name) if name else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def _looks_like_email(text: str) -> bool:
    head = text.lstrip()[:2000]
    return bool(re.match(r"(?im)^(received|from|mime-version|return-path|message-id):", head))


def calendar_in_email(data: bytes) -> str | None:
    """The text of the first calendar part of an email (an invitation saved from a mail
    client), or None when it has none."""
    import email
    from email import policy

    message = email.message_from_bytes(data, policy=policy.default)
    for part in message.walk():
        name = (part.get_filename() or "").lower()
        if part.get_content_type() in ("text/calendar", "application/ics") or name.endswith(".ics"):
            payload = part.get_payload(decode=True) or b""
            charset = part.get_content_charset() or "utf-8"
            try:
                return payload.decode(charset, errors="replace")
            except LookupError:
                return payload.decode("utf-8", errors="replace")
    return None


# --- CSV -------------------------------------------------------------------------------------


def parse_csv(text: str, vocabulary: EventVocabulary) -> tuple[list[ParsedEvent], list[Rejection]]:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "title" not in [f.strip().lower() for f in reader.fieldnames]:
        return [], [Rejection(1, "the first line must be a header row with a “title” column")]
    parsed, rejected = [], []
    for row in reader:
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if k}
        if not any(row.values()):
            continue
        try:
            parsed.append(_csv_row(row, reader.line_num, vocabulary))
        except RowError as error:
            rejected.append(Rejection(reader.line_num, str(error), row.get("title", "")))
    return parsed, rejected


def _csv_row(row: dict, line: int, vocabulary: EventVocabulary) -> ParsedEvent:
    title = _required(row, "title")
    tz = _timezone(row.get("timezone", ""))
    start, start_has_time = _moment(_required(row, "start"), "start")
    end, end_has_time = _moment(row.get("end") or row["start"], "end")
    all_day = _flag(row.get("all_day", "")) or not start_has_time
    starts_at, ends_at = _span(start, end, tz, all_day=all_day)
    fields = {
        "title": title[:300],
        "kind": vocabulary.kind(row.get("kind", "")),
        "description": row.get("description", ""),
        "starts_at": starts_at,
        "ends_at": ends_at,
        "timezone": tz,
        "all_day": all_day,
        "country": _country(row.get("country", "")),
        "online_url": _url(row.get("online_url", ""), "online_url"),
        "website": _url(row.get("website", ""), "website"),
        **{name: row.get(name, "")[:size] for name, size in TEXT_FIELDS.items()},
        **vocabulary.organiser(row.get("organiser", "")),
        **{name: _hours(row.get(name, ""), name) for name in CPD_FIELDS},
        **{name: _date(row.get(name, ""), name) for name in DEADLINES},
    }
    return ParsedEvent(
        line=line,
        key=row.get("uid") or f"{title}|{starts_at.isoformat()}",
        fields=fields,
        series=row.get("series", "")[:200],
        specialty_ids=vocabulary.specialty_ids(row.get("specialties", "")),
    )


def _required(row: dict, name: str) -> str:
    if not row.get(name):
        raise RowError(f"“{name}” is empty")
    return row[name]


def _timezone(raw: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(raw or DEFAULT_TIMEZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise RowError(f"unknown timezone “{raw}”") from error


def _date(raw: str, name: str) -> dt.date | None:
    if not raw:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    raise RowError(f"“{name}” is not a date (YYYY-MM-DD or DD/MM/YYYY): “{raw}”")


def _moment(raw: str, name: str) -> tuple[dt.datetime | dt.date, bool]:
    """A date (all day) or a naive local date and time."""
    for pattern in ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M:%S"):
        try:
            return dt.datetime.strptime(raw, pattern), True
        except ValueError:
            continue
    return _date(raw, name), False


def _span(start, end, tz, *, all_day: bool) -> tuple[dt.datetime, dt.datetime]:
    """Aware start and end; an all-day event ends at midnight after its last day (as iCalendar)."""
    if all_day:
        first = start.date() if isinstance(start, dt.datetime) else start
        last = end.date() if isinstance(end, dt.datetime) else end
        starts_at = dt.datetime.combine(first, dt.time(), tzinfo=tz)
        ends_at = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=tz)
    else:
        if not isinstance(end, dt.datetime):
            end = dt.datetime.combine(end, dt.time(23, 59))
        starts_at, ends_at = start.replace(tzinfo=tz), end.replace(tzinfo=tz)
    if ends_at < starts_at:
        raise RowError("it ends before it starts")
    return starts_at, ends_at


def _flag(raw: str) -> bool:
    return raw.strip().lower() in {"1", "true", "yes", "y"}


def _hours(raw: str, name: str) -> Decimal:
    try:
        value = Decimal(raw or "0")
    except InvalidOperation as error:
        raise RowError(f"“{name}” is not a number of hours: “{raw}”") from error
    if value < 0 or value >= 1000 or not value.is_finite():
        raise RowError(f"“{name}” must be between 0 and 999 hours")
    return value.quantize(Decimal("0.01"))


_validate_url = URLValidator(schemes=["http", "https"])


def _url(raw: str, name: str) -> str:
    if not raw:
        return ""
    try:
        _validate_url(raw)
    except ValidationError as error:
        raise RowError(f"“{name}” is not a web address: “{raw}”") from error
    if len(raw) > 500:
        raise RowError(f"“{name}” is longer than 500 characters")
    return raw


def _country(raw: str) -> str:
    if not raw:
        return "AU"
    code = countries.by_name(raw) or (raw.upper() if raw.upper() in dict(countries) else "")
    if not code:
        raise RowError(f"unknown country “{raw}”")
    return code


# --- iCalendar -------------------------------------------------------------------------------


# Repeating events are imported as their occurrences from a month ago to a year ahead.
REPEAT_PAST = dt.timedelta(days=31)
REPEAT_AHEAD = dt.timedelta(days=366)
MAX_OCCURRENCES = 200


def parse_ics(
    text: str,
    vocabulary: EventVocabulary,
    *,
    default_zone: zoneinfo.ZoneInfo | None = None,
    notices: list[str] | None = None,
) -> tuple[list[ParsedEvent], list[Rejection]]:
    import icalendar

    notices = notices if notices is not None else []
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except ValueError as error:
        return [], [Rejection(1, f"not an iCalendar file ({error})")]
    # The calendar's own default (Google writes X-WR-TIMEZONE) comes before the importer's.
    file_zone = _iana_or_none(str(calendar.get("X-WR-TIMEZONE", "")).strip())
    zones = _Zones(default_zone=file_zone or default_zone, notices=notices)
    lines = [n for n, raw in enumerate(text.splitlines(), 1) if raw.strip() == "BEGIN:VEVENT"]
    parsed, rejected = [], []
    repeating: dict[str, int] = {}  # UID → line of its series
    for index, component in enumerate(calendar.walk("VEVENT")):
        line = lines[index] if index < len(lines) else 0
        title = str(component.get("SUMMARY", "")).strip()
        if "RRULE" in component or "RDATE" in component or "RECURRENCE-ID" in component:
            uid = str(component.get("UID", "")).strip()
            if "RECURRENCE-ID" not in component or uid not in repeating:
                repeating.setdefault(uid, line)
            continue
        try:
            parsed.append(_ics_event(component, line, title, vocabulary, zones))
        except RowError as error:
            rejected.append(Rejection(line, str(error), title))
    if repeating:
        more, refused = _occurrences(calendar, repeating, vocabulary, zones, notices)
        parsed += more
        rejected += refused
    return parsed, rejected


def _occurrences(calendar, repeating: dict[str, int], vocabulary, zones, notices):
    """Each repeating event's occurrences within the import's horizon, overrides applied
    (recurring-ical-events), as events keyed by their UID and start."""
    import recurring_ical_events
    from django.utils import timezone

    now = timezone.now()
    parsed, rejected, counts = [], [], {}
    try:
        found = recurring_ical_events.of(calendar, skip_bad_series=True).between(
            now - REPEAT_PAST, now + REPEAT_AHEAD
        )
    except Exception as error:  # noqa: BLE001 - the library's errors for a broken series vary
        return [], [
            Rejection(line, f"repeating event not readable ({error})")
            for line in repeating.values()
        ]
    for component in found:
        uid = str(component.get("UID", "")).strip()
        if uid not in repeating:
            continue  # a one-off event in the window, already read on its own
        if counts.get(uid, 0) >= MAX_OCCURRENCES:
            continue
        counts[uid] = counts.get(uid, 0) + 1
        title = str(component.get("SUMMARY", "")).strip()
        line = repeating[uid]
        try:
            event = _ics_event(component, line, title, vocabulary, zones)
        except RowError as error:
            rejected.append(Rejection(line, str(error), title))
            continue
        event.key = f"{uid or title}|{event.fields['starts_at'].astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"
        parsed.append(event)
    for uid, line in repeating.items():
        if uid not in counts:
            notices.append(
                f"The repeating event on line {line} has no occurrence between a month ago "
                "and a year ahead: nothing imported for it."
            )
    if counts:
        total = sum(counts.values())
        notices.append(
            f"{len(counts)} repeating event{'s' if len(counts) != 1 else ''} imported as "
            f"{total} occurrences, from a month ago to a year ahead."
        )
    return parsed, rejected


class _Zones:
    """How this file's times are placed: each TZID resolved once (IANA, Windows, Outlook's
    display names, the file's own VTIMEZONE), and what was assumed said once."""

    def __init__(self, *, default_zone, notices: list[str]):
        self.default_zone = default_zone
        self.notices = notices
        self.resolved: dict[str, zoneinfo.ZoneInfo | None] = {}

    def place(self, value, tzid: str) -> tuple[dt.datetime, zoneinfo.ZoneInfo]:
        """An aware start or end and the zone to show it in."""
        if isinstance(value, dt.datetime) and value.tzinfo is not None and not tzid:
            return value, _zone_key(value.tzinfo) or zoneinfo.ZoneInfo("UTC")  # UTC ("Z")
        if tzid:
            zone = self._resolve(tzid, value)
            if zone is not None:
                if isinstance(value, dt.datetime) and value.tzinfo is not None:
                    return value, zone  # the file's own definition gives the instant
                return value.replace(tzinfo=zone), zone
            if isinstance(value, dt.datetime) and value.tzinfo is not None:
                return value, zoneinfo.ZoneInfo("UTC")
            raise RowError(
                f"its time zone “{tzid}” is not one NetMed knows: choose the time zone for "
                "this file and import again"
            )
        if self.default_zone is None:
            raise RowError(
                "its times name no time zone: choose the time zone for this file and import again"
            )
        return value.replace(tzinfo=self.default_zone), self.default_zone

    def _resolve(self, tzid: str, value) -> zoneinfo.ZoneInfo | None:
        if tzid not in self.resolved:
            zone = zone_from_tzid(tzid)
            how = ""
            if zone is None and isinstance(value, dt.datetime) and value.tzinfo is not None:
                zone, how = zone_like(value.tzinfo, value), "its own definition in the file"
            elif zone is not None and str(zone) != tzid.strip('"'):
                how = "its name"
            if zone is not None and how:
                self.notices.append(f"Time zone “{tzid}” read from {how} as {zone}.")
            self.resolved[tzid] = zone
        return self.resolved[tzid]


def _zone_key(tzinfo) -> zoneinfo.ZoneInfo | None:
    key = getattr(tzinfo, "key", None) or getattr(tzinfo, "zone", None)
    return _iana_or_none(key or ("UTC" if tzinfo is dt.UTC else ""))


def _ics_event(
    component, line: int, title: str, vocabulary: EventVocabulary, zones: _Zones
) -> ParsedEvent:
    if not title:
        raise RowError("no title (SUMMARY)")
    if "DTSTART" not in component:
        raise RowError("no start (DTSTART)")
    if str(component.get("STATUS", "")).upper() == "CANCELLED":
        raise RowError("the event is cancelled")
    try:
        start = component.decoded("DTSTART")
        end = component.decoded("DTEND") if "DTEND" in component else None
        if end is None and "DURATION" in component:
            end = start + component.decoded("DURATION")
    except (ValueError, KeyError, TypeError) as error:
        raise RowError(f"unreadable start or end ({error})") from error
    # icalendar hands back the raw text of a value it cannot read as a date.
    if not isinstance(start, dt.date) or not isinstance(end, dt.date | None):
        raise RowError("unreadable start or end (not a date)")
    all_day = not isinstance(start, dt.datetime)
    if all_day:
        # Dates stay the same dates whatever the zone: the file's, the importer's or the site's.
        tz = zones.default_zone or zoneinfo.ZoneInfo(DEFAULT_TIMEZONE)
        # DTEND of an all-day event is exclusive: the day after the last day.
        last = (end - dt.timedelta(days=1)) if isinstance(end, dt.date) and end > start else start
        starts_at, ends_at = _span(start, last, tz, all_day=True)
    else:
        starts_at, tz = zones.place(start, tzid_of(component, "DTSTART"))
        if isinstance(end, dt.datetime):
            ends_at, _ = zones.place(
                end, tzid_of(component, "DTEND") or tzid_of(component, "DTSTART")
            )
        else:
            ends_at = starts_at
        if ends_at < starts_at:
            raise RowError("it ends before it starts")
    categories = component.get("CATEGORIES")
    kind_name = ""
    if categories is not None:
        cats = categories if isinstance(categories, list) else [categories]
        names = [str(c) for cat in cats for c in getattr(cat, "cats", [cat])]
        kind_name = next((n for n in names if n.lower() in vocabulary.kinds), "")
    url = str(component.get("URL", "")).strip()
    fields = {
        "title": title[:300],
        "kind": vocabulary.kind(kind_name),
        "description": str(component.get("DESCRIPTION", "")),
        "starts_at": starts_at,
        "ends_at": ends_at,
        "timezone": tz,
        "all_day": all_day,
        "venue": str(component.get("LOCATION", "")).strip()[:200],
        "website": url if url.startswith(("http://", "https://")) and len(url) <= 500 else "",
        "country": "AU",
    }
    # ORGANIZER is an address; its common name (CN) is the organiser. Without one the field
    # is left as it is, so a feed that stops naming its organiser does not wipe staff's choice.
    organiser = component.get("ORGANIZER")
    if organiser is not None and str(organiser.params.get("CN", "")).strip():
        fields.update(vocabulary.organiser(str(organiser.params["CN"])))
    uid = str(component.get("UID", "")).strip()
    return ParsedEvent(line=line, key=uid or f"{title}|{starts_at.isoformat()}", fields=fields)


# --- saving ----------------------------------------------------------------------------------


OWN_UID = "netmed:"


def _is_own_uid(key: str) -> bool:
    if not key.startswith(OWN_UID):
        return False
    try:
        uuid.UUID(key.removeprefix(OWN_UID))
    except ValueError:
        return False
    return True


def _save(parsed: list[ParsedEvent], *, publish: bool) -> tuple[int, int]:
    """Create new events and update known ones in a fixed number of queries per batch."""
    by_key: dict[str, ParsedEvent] = {p.key[:300]: p for p in parsed}  # the last row wins
    # NetMed's own export names events made in the admin (no source uid) "netmed:<id>".
    own = {key.removeprefix(OWN_UID): key for key in by_key if _is_own_uid(key)}
    existing = {
        own.get(str(e.pk), e.import_uid): e
        for e in Event.objects.filter(
            Q(import_uid__in=list(by_key)) | Q(pk__in=list(own)), owner__isnull=True
        ).prefetch_related("specialties")
    }
    series = _series({p.series for p in by_key.values() if p.series})
    new, changed, unchanged = [], [], 0
    saved: list[tuple[Event, ParsedEvent]] = []
    for key, item in by_key.items():
        values = {**item.fields, "series": series.get(item.series)}
        if key in existing:
            event = existing[key]
            specialties_before = {term.pk for term in event.specialties.all()}
            if (
                not _differs(event, values)
                and (not item.specialty_ids or set(item.specialty_ids) == specialties_before)
                and (event.published or not publish)
            ):
                unchanged += 1  # the same as before: no new version for calendars to fetch
                continue
            for name, value in values.items():
                setattr(event, name, value)
            event.published = event.published or publish
            changed.append(event)
        else:
            new.append(Event(**values, import_uid=key, published=publish))
            event = new[-1]
        saved.append((event, item))
    Event.objects.bulk_create(new, batch_size=500)
    if changed:
        fields = sorted({k for p in by_key.values() for k in p.fields} | {"series", "published"})
        Event.objects.bulk_update(changed, fields, batch_size=500)
        Event.objects.filter(pk__in=[e.pk for e in changed]).update(sequence=F("sequence") + 1)
    _set_specialties(saved)
    return len(new), len(changed), unchanged


def _differs(event: Event, values: dict) -> bool:
    """Whether importing ``values`` would change the event (related rows compared by id)."""
    for name, value in values.items():
        field = Event._meta.get_field(name)
        if field.is_relation:
            current, value = getattr(event, field.attname), getattr(value, "pk", None)
        else:
            # A time zone compares by its name, whatever kind of tzinfo object holds it.
            current, value = getattr(event, name), value
            if name == "timezone":
                current, value = str(current), str(value)
        if current != value:
            return True
    return False


def _series(names: set[str]) -> dict[str, EventSeries]:
    found = {s.name: s for s in EventSeries.objects.filter(name__in=names)}
    missing = [EventSeries(name=n) for n in names if n not in found]
    EventSeries.objects.bulk_create(missing)
    return {**found, **{s.name: s for s in missing}}


def _set_specialties(saved: list[tuple[Event, ParsedEvent]]) -> None:
    through = Event.specialties.through
    with_specialties = [(e, item) for e, item in saved if item.specialty_ids]
    through.objects.filter(event__in=[e.pk for e, _ in with_specialties]).delete()
    through.objects.bulk_create(
        through(event_id=e.pk, term_id=term_id)
        for e, item in with_specialties
        for term_id in item.specialty_ids
    )
    store_specialty_ids(e.pk for e, _ in with_specialties)
