"""A doctor's continuing professional development (CPD) year, and their memberships and roles.

Hours follow the Medical Board of Australia's three categories; one activity may split its hours
across them. Attended events count in with the hours claimed on their attendance.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.postgres.fields import ArrayField
from django.db import models

from core.models import OwnedModel, OwnedQuerySet
from core.organisations import LIMIT as LIMIT_ORGANISATIONS
from core.organisations import organisation_name
from core.vocabulary import cpd_rules

CATEGORIES = (
    ("educational", "Educational activities"),
    ("reviewing_performance", "Reviewing performance"),
    ("measuring_outcomes", "Measuring outcomes"),
)
# Evidence is kept for at least this many years after the end of its CPD year.
RETENTION_YEARS = cpd_rules()["retention_years"]


def _hours(label: str) -> models.DecimalField:
    return models.DecimalField(label, max_digits=5, decimal_places=2, default=Decimal("0"))


class CpdPlan(OwnedModel):
    """The year's written professional development plan."""

    year = models.PositiveSmallIntegerField()
    summary = models.TextField(blank=True, help_text="What you want to learn or improve.")

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "year"], name="cpdplan_owner_year"),
        ]

    def __str__(self) -> str:
        return f"CPD plan {self.year}"


class CpdGoal(OwnedModel):
    plan = models.ForeignKey(CpdPlan, on_delete=models.CASCADE, related_name="goals")
    description = models.CharField(max_length=300)
    achieved = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.description


class CpdEntryQuerySet(OwnedQuerySet):
    def in_year(self, year: int):
        return self.filter(date__year=year)


def evidence_path(entry: CpdEntry, filename: str) -> str:
    # A random folder per entry: the file's URL cannot be guessed (it is served by a view that
    # checks the owner anyway).
    return f"cpd-evidence/{entry.owner_id}/{entry.pk}/{filename}"


class CpdEntry(OwnedModel):
    activity = models.CharField(max_length=300)
    date = models.DateField()
    provider = models.CharField(max_length=200, blank=True)
    cpd_educational = _hours("educational hours")
    cpd_reviewing_performance = _hours("reviewing performance hours")
    cpd_measuring_outcomes = _hours("measuring outcomes hours")
    reflection = models.TextField(blank=True, help_text="What you learnt and will change.")
    evidence = models.FileField(
        upload_to=evidence_path,
        blank=True,
        max_length=300,
        help_text="Certificate, agenda or notes (PDF or image).",
    )
    # Codes of the topics CPD homes ask doctors to address (``cpd.rules.topics``: cultural
    # safety, health inequities, professionalism and ethics). Codes, not terms: they are read
    # only by the year's tally, from the shipped rules.
    topics = ArrayField(models.CharField(max_length=40), default=list, blank=True)
    goal = models.ForeignKey(
        CpdGoal,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="entries",
        verbose_name="plan goal",
    )

    objects = CpdEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "activity"]
        verbose_name_plural = "CPD entries"
        indexes = [models.Index(fields=["owner", "date"], name="cpdentry_owner_date")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cpd_educational__gte=0)
                & models.Q(cpd_reviewing_performance__gte=0)
                & models.Q(cpd_measuring_outcomes__gte=0),
                name="cpdentry_hours_not_negative",
            )
        ]

    def __str__(self) -> str:
        return self.activity

    @property
    def total(self) -> Decimal:
        return self.cpd_educational + self.cpd_reviewing_performance + self.cpd_measuring_outcomes

    @property
    def keep_until(self) -> dt.date:
        return dt.date(self.date.year + RETENTION_YEARS, 12, 31)


class MembershipKind(models.TextChoices):
    MEMBER = "member", "Member"
    FELLOW = "fellow", "Fellow"
    TRAINEE = "trainee", "Trainee"
    ASSOCIATE = "associate", "Associate"
    REGISTRATION = "registration", "Medical registration"


class Membership(OwnedModel):
    """A college or association membership, or the doctor's medical registration.

    Most fall due on the same date every year (medical registration on 30 September), so
    ``renewal_date`` is the first one and the renewal comes round every year after it.
    """

    organisation_term = models.ForeignKey(
        "core.Term",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to=LIMIT_ORGANISATIONS,
        verbose_name="college or association",
    )
    # Any other organisation (the Medical Board, a hospital, an overseas college); empty when
    # ``organisation_term`` is set. One of the two is required (the form checks).
    organisation = models.CharField(
        "other organisation",
        max_length=200,
        blank=True,
        help_text="Only when it is not in the list: the Medical Board (AHPRA), a hospital…",
    )
    kind = models.CharField(max_length=20, choices=MembershipKind.choices, default="member")
    number = models.CharField("membership or registration number", max_length=60, blank=True)
    renewal_date = models.DateField(null=True, blank=True)
    renews_annually = models.BooleanField(
        "renews every year", default=True, help_text="Falls due on this date every year."
    )

    class Meta:
        ordering = ["renewal_date", "organisation"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.organisation_name}"

    @property
    def organisation_name(self) -> str:
        """Select ``organisation_term`` with the membership or this costs a query."""
        return organisation_name(self.organisation_term, self.organisation)

    def next_renewal(self, on_or_after: dt.date) -> dt.date | None:
        """The first renewal on or after the given day; None when there is none (no date, or a
        one-off renewal already past)."""
        if self.renewal_date is None:
            return None
        if not self.renews_annually or self.renewal_date >= on_or_after:
            return self.renewal_date if self.renewal_date >= on_or_after else None
        year = on_or_after.year
        while (due := _anniversary(self.renewal_date, year)) < on_or_after:
            year += 1
        return due


def _anniversary(day: dt.date, year: int) -> dt.date:
    """``day`` in ``year``; 29 February falls on 28 February in other years."""
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


class CommitteeRole(OwnedModel):
    """A role on a committee or board, with its term and the contacts who serve alongside."""

    committee = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=120, default="Member")
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField("term ends", null=True, blank=True)
    contacts = models.ManyToManyField(
        "contacts.Contact", blank=True, related_name="committee_roles", verbose_name="serving with"
    )

    class Meta:
        ordering = [models.F("end_date").desc(nulls_first=True), "committee"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="committeerole_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.role}, {self.committee}"
