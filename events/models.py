"""Events: the staff-curated calendar, doctors' private events, attendance and people met.

An ``Event`` is either *published* (curated by staff, ``owner`` empty, visible to every signed-in
doctor) or *private* (``owner`` set, visible to that doctor only). A doctor may suggest one of
their private events for publication: it stays private, with ``moderation_status`` "pending",
until staff approve it (which publishes it and clears ``owner``).
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.aggregates import ArrayAgg
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone
from django_countries.fields import CountryField
from timezone_field import TimeZoneField

from core.expressions import AnyOf
from core.models import OwnedModel, OwnedQuerySet, UUIDModel
from core.organisations import LIMIT as LIMIT_ORGANISATIONS
from core.organisations import organisation_name

TERM = "core.Term"
CPD_FIELDS = ("cpd_educational", "cpd_reviewing_performance", "cpd_measuring_outcomes")


def _hours(verbose_name: str, **kwargs) -> models.DecimalField:
    return models.DecimalField(
        verbose_name, max_digits=5, decimal_places=2, default=Decimal("0"), **kwargs
    )


class EventSeries(UUIDModel):
    """The same meeting year after year (the RACP Congress 2025, 2026…)."""

    name = models.CharField(max_length=200, unique=True)
    organiser = models.CharField(max_length=200, blank=True)
    website = models.URLField(max_length=500, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "event series"

    def __str__(self) -> str:
        return self.name


class ModerationStatus(models.TextChoices):
    NONE = "", "Not suggested"
    PENDING = "pending", "Suggested, awaiting review"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Not accepted"


class EventQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Published events plus the user's own private ones. Every event view goes through this,
        so another doctor's private event gives 404 exactly as a missing one does."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(Q(published=True) | Q(owner=user))

    def published(self):
        return self.filter(published=True)

    def upcoming(self, now: dt.datetime | None = None):
        """Not yet ended, soonest first."""
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at", "title")

    def past(self, now: dt.datetime | None = None):
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at", "title")

    def with_specialty_labels(self):
        """Annotates ``specialty_labels`` (a list) from a subquery that PostgreSQL runs for the
        page's rows only. A prefetch would cost a query, and Django builds a queryset per row to
        hold its results."""
        through = Event.specialties.through.objects.filter(event_id=models.OuterRef("pk"))
        labels = through.values("event_id").annotate(
            labels=ArrayAgg("term__label", order_by=("term__sort_order", "term__label"))
        )
        return self.annotate(specialty_labels=models.Subquery(labels.values("labels")))

    def with_specialty_labels_of_ids(self):
        """``with_specialty_labels`` read through the row's own ``specialty_ids``: a primary-key
        lookup of its one to three terms, where the other joins the event's specialties to every
        term (a scan of the vocabulary per row)."""
        from core.models import Term

        terms = Term.objects.filter(
            AnyOf(models.F("pk"), models.OuterRef("specialty_ids"))
        ).order_by("sort_order", "label")
        return self.annotate(specialty_labels=ArraySubquery(terms.values("label")))

    def for_listing(self):
        """What a list row (``{% event_row %}``) shows, in one query, and nothing else: whole
        rows (descriptions, the series and organiser joined) cost more to build than the 25
        rows take to draw."""
        return (
            self.with_specialty_labels_of_ids()
            .select_related("kind")
            .only(
                "title",
                "kind__label",
                "starts_at",
                "ends_at",
                "timezone",
                "all_day",
                "venue",
                "city",
                "state",
                "online_url",
                "owner",
                *CPD_FIELDS,
            )  # fmt: skip
        )

    def for_page(self):
        """What the event's own page shows: the whole event, its kind, series and organiser."""
        return self.with_specialty_labels().select_related("kind", "series", "organiser_term")

    def with_my_status(self, user):
        """Annotates ``my_status``: the user's attendance status, or None. In the same query
        (PostgreSQL runs the lookup only for the rows of the page, after the LIMIT)."""
        mine = Attendance.objects.filter(owner=user, event=models.OuterRef("pk"))
        return self.annotate(my_status=models.Subquery(mine.values("status")[:1]))

    def pending_moderation(self):
        return self.filter(moderation_status=ModerationStatus.PENDING, published=False)

    def for_staff(self):
        """What the events team may see and publish: the events staff made (no owner, published
        or not) and the suggestions awaiting review. A doctor's other private events are theirs
        alone; the admin, its actions and its searches all start from this."""
        return self.filter(
            Q(owner__isnull=True) | Q(moderation_status=ModerationStatus.PENDING, published=False)
        )


class Event(UUIDModel):
    title = models.CharField(max_length=300)
    kind = models.ForeignKey(
        TERM,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "event_kind"},
    )
    series = models.ForeignKey(
        EventSeries, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    theme = models.CharField(max_length=300, blank=True)
    organiser_term = models.ForeignKey(
        TERM,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to=LIMIT_ORGANISATIONS,
        verbose_name="organiser",
        help_text="The college or association; leave empty and type the name for any other.",
    )
    # Any other organiser (a hospital, an overseas society), or an imported name that is no
    # listed college or association. Empty when ``organiser_term`` is set.
    organiser = models.CharField("other organiser", max_length=200, blank=True)
    specialties = models.ManyToManyField(
        TERM, blank=True, related_name="+", limit_choices_to={"kind": "specialty"}
    )
    description = models.TextField(blank=True)
    starts_at = models.DateTimeField("starts")  # indexed with ends_at (Meta.indexes)
    ends_at = models.DateTimeField("ends", db_index=True)
    timezone = TimeZoneField(default="Australia/Sydney", help_text="Where the event happens.")
    all_day = models.BooleanField(default=False)
    venue = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField("state or region", max_length=100, blank=True)
    country = CountryField(blank=True, default="AU")
    online_url = models.URLField("online link", max_length=500, blank=True)
    website = models.URLField(max_length=500, blank=True)
    cost_note = models.CharField(max_length=300, blank=True)
    cpd_educational = _hours("CPD hours: educational activities")
    cpd_reviewing_performance = _hours("CPD hours: reviewing performance")
    cpd_measuring_outcomes = _hours("CPD hours: measuring outcomes")
    early_bird_deadline = models.DateField(null=True, blank=True)
    registration_deadline = models.DateField(null=True, blank=True)
    abstract_deadline = models.DateField("abstract submission deadline", null=True, blank=True)
    # iCalendar SEQUENCE: bumped by events.services/importing whenever a saved event changes, so
    # calendar clients replace their copy.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    published = models.BooleanField(default=False, db_index=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="private_events",
        help_text="Set for a doctor's private event; empty for staff-curated events.",
    )
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suggested_events",
    )
    moderation_status = models.CharField(
        max_length=10, choices=ModerationStatus.choices, default="", blank=True
    )
    # Staff's reason when they decline a suggestion: shown to the doctor on the event's page and
    # emailed to them (events.emails).
    moderation_note = models.TextField(blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Claimed by the email task, so a retry or a second worker never tells the doctor twice;
    # cleared when the event is suggested again.
    decline_emailed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # ``specialties``' term ids, sorted, so that browse's "in the doctor's fields or open to
    # every specialty" is a test on the row (``&&``, ``= '{}'``) rather than two subqueries over
    # every event's specialties. Kept by ``events.services.store_specialty_ids``, which every
    # writer of ``specialties`` (the event form, the admin, next year's copy, imports) calls.
    specialty_ids = ArrayField(models.BigIntegerField(), default=list, blank=True, editable=False)
    # The source's UID (an .ics UID or a CSV "uid" column), so re-importing updates in place.
    import_uid = models.CharField(max_length=300, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "title"]
        indexes = [
            models.Index(fields=["published", "ends_at"], name="event_published_ends"),
            # Browse's count of the doctor's events: "in my fields" (specialty_ids && …) or
            # "open to every specialty" (= '{}'), a BitmapOr of these two, not every upcoming row.
            GinIndex(fields=["specialty_ids"], name="event_specialty_ids"),
            models.Index(
                fields=["ends_at"], condition=Q(specialty_ids=[]), name="event_no_specialty_ends"
            ),
            models.Index(fields=["owner", "ends_at"], name="event_owner_ends"),
            # Browse lists "not yet ended, soonest first": walking starts_at in order, the scan
            # checks ends_at in the index and skips past events without reading their rows.
            models.Index(fields=["starts_at", "ends_at"], name="event_starts_ends"),
            # The browse default (the doctor's state; ``state__iexact``) and "who might be there"
            # (events of the same organiser, ``organiser__iexact``); expression indexes also give
            # the planner statistics on UPPER(...), without which it guesses 0.5% of rows.
            models.Index(Upper("state"), "ends_at", name="event_state_upper_ends"),
            models.Index(Upper("organiser"), name="event_organiser_upper"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(published=False) | Q(owner__isnull=True),
                name="event_published_has_no_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def organiser_name(self) -> str:
        """The organiser to show. Select ``organiser_term`` with the event (``for_page``
        does) or this costs a query."""
        return organisation_name(self.organiser_term, self.organiser)

    @property
    def is_private(self) -> bool:
        return self.owner_id is not None

    @property
    def is_online(self) -> bool:
        return bool(self.online_url)

    @property
    def has_ended(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def place(self) -> str:
        return place(self.venue, self.city, self.state, self.online_url)

    @property
    def cpd_total(self) -> Decimal:
        return sum((getattr(self, f) for f in CPD_FIELDS), Decimal("0"))

    @property
    def local_start(self) -> dt.datetime:
        return self.starts_at.astimezone(self.timezone)

    @property
    def local_end(self) -> dt.datetime:
        return self.ends_at.astimezone(self.timezone)

    @property
    def first_day(self) -> dt.date:
        return self.local_start.date()

    @property
    def last_day(self) -> dt.date:
        """The last day it runs (all-day events end at midnight after their last day)."""
        return last_day(self.starts_at, self.ends_at, self.all_day, self.timezone)

    @property
    def when_label(self) -> str:
        """When it runs, in its own timezone, en-AU: "Mon 10/05/2027 09:00 – 17:00 (AEST)"."""
        return when_label(self.starts_at, self.ends_at, self.all_day, self.timezone)

    def deadlines(self) -> list[tuple[str, dt.date]]:
        found = [(label, getattr(self, field)) for label, field in DEADLINES]
        return [(label, day) for label, day in found if day]


# An event's deadlines: each one's label and field, in the order they fall.
DEADLINES = (
    ("Early-bird registration", "early_bird_deadline"),
    ("Registration", "registration_deadline"),
    ("Abstract submission", "abstract_deadline"),
)


def place(venue: str, city: str, state: str, online_url: str) -> str:
    """``Event.place`` from the four fields it reads (for rows read without the model)."""
    return ", ".join(p for p in [venue, city, state] if p) or ("Online" if online_url else "")


def last_day(
    starts_at: dt.datetime, ends_at: dt.datetime, all_day: bool, zone: dt.tzinfo
) -> dt.date:
    """``Event.last_day`` from the four fields it reads (for rows read without the model)."""
    end = ends_at.astimezone(zone)
    if all_day:
        end -= dt.timedelta(microseconds=1)
    return max(end.date(), starts_at.astimezone(zone).date())


def when_label(starts_at: dt.datetime, ends_at: dt.datetime, all_day: bool, zone: dt.tzinfo) -> str:
    """``Event.when_label`` from the four fields it reads (for rows read without the model)."""
    day = "%a %d/%m/%Y"
    start = starts_at.astimezone(zone)
    if all_day:
        first = start.strftime(day)
        last = last_day(starts_at, ends_at, all_day, zone).strftime(day)
        return first if first == last else f"{first} – {last}"
    end = ends_at.astimezone(zone)
    until = end.strftime("%H:%M" if end.date() == start.date() else f"{day} %H:%M")
    return f"{start.strftime(day + ' %H:%M')} – {until} ({start.tzname()})"


class SuggestedEvent(Event):
    """The admin's moderation queue: events doctors suggested for publication."""

    class Meta:
        proxy = True
        verbose_name = "suggested event"
        verbose_name_plural = "suggested events (moderation queue)"


class AttendanceStatus(models.TextChoices):
    INTERESTED = "interested", "Interested"
    REGISTERED = "registered", "Registered"
    ATTENDING = "attending", "Attending"
    ATTENDED = "attended", "Attended"


# Statuses that put an event on the doctor's calendar.
PLANNED_STATUSES = ("interested", "registered", "attending")


class AttendanceRole(models.TextChoices):
    DELEGATE = "delegate", "Delegate"
    SPEAKER = "speaker", "Speaker"
    POSTER = "poster", "Poster presenter"
    CHAIR = "chair", "Chair"
    ORGANISER = "organiser", "Organiser"


class Attendance(OwnedModel):
    """One doctor's relation to one event. CPD hours are copied from the event when created."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(
        max_length=12, choices=AttendanceStatus.choices, default=AttendanceStatus.INTERESTED
    )
    role = models.CharField(
        max_length=12, choices=AttendanceRole.choices, default=AttendanceRole.DELEGATE
    )
    notes = models.TextField(blank=True, help_text="About colleagues, never patients.")
    cpd_educational = _hours("CPD hours claimed: educational")
    cpd_reviewing_performance = _hours("CPD hours claimed: reviewing performance")
    cpd_measuring_outcomes = _hours("CPD hours claimed: measuring outcomes")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "event"], name="attendance_owner_event"),
        ]
        indexes = [models.Index(fields=["owner", "status"], name="attendance_owner_status")]

    def __str__(self) -> str:
        return f"{self.get_status_display()}: {self.event}"

    @property
    def cpd_total(self) -> Decimal:
        return sum((getattr(self, f) for f in CPD_FIELDS), Decimal("0"))


class PersonMet(OwnedModel):
    """A contact the doctor met at an event, with the conference interaction that records it."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="people_met")
    attendance = models.ForeignKey(
        Attendance, null=True, blank=True, on_delete=models.SET_NULL, related_name="people_met"
    )
    contact = models.ForeignKey(
        "contacts.Contact", on_delete=models.CASCADE, related_name="events_met_at"
    )
    interaction = models.ForeignKey(
        "contacts.Interaction", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "people met"
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "event", "contact"], name="personmet_owner_event_contact"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contact} at {self.event}"


class CaptureReceipt(OwnedModel):
    """A corridor quick-add the server has received, by the id the phone gave it when it was
    typed (``client_ref``). An entry queued offline may be sent again (a reload, a lost reply,
    two tabs); the second time it finds its receipt and adds no one twice."""

    client_ref = models.UUIDField()
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    contact = models.ForeignKey(
        "contacts.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "client_ref"], name="capturereceipt_owner_client_ref"
            ),
        ]

    def __str__(self) -> str:
        return str(self.client_ref)


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeedQuerySet(OwnedQuerySet):
    def for_token(self, token: str):
        return self.filter(token=token).select_related("owner")


class CalendarFeed(OwnedModel):
    """The secret token in a doctor's calendar subscription URL. Regenerating revokes the old."""

    token = models.CharField(max_length=64, unique=True, default=new_feed_token, editable=False)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner"], name="calendarfeed_one_per_owner")]

    def __str__(self) -> str:
        return f"Calendar feed of {self.owner}"


class EventImport(UUIDModel):
    """A staff upload of events (CSV, .ics or an invitation email), kept while a worker imports
    it (``importing.run_import``): no calendar file is parsed inside a web request (issue 20)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Importing"
        DONE = "done", "Finished"
        FAILED = "failed", "Failed"

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    filename = models.CharField(max_length=255)
    publish = models.BooleanField(default=False)
    dry_run = models.BooleanField(default=True)
    timezone = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    # The upload, kept only until a worker has read it.
    source = models.BinaryField(null=True, blank=True, editable=False)
    # ``ImportResult`` as a dict: counts, rejected rows with their lines, notices.
    result = models.JSONField(default=dict, blank=True)
    failure = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
