"""A doctor's CPD year measured against the Medical Board of Australia's rules.

The rules are data (``core/vocabulary.json`` "cpd", read by ``cpd.rules``): 50 hours a year; at
least 12.5 of educational activities; at least 25 of reviewing performance and measuring outcomes
together, with at least 5 of each; a written professional development plan; and who is exempt, or
meets the standard through their training program, by career stage.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import NamedTuple

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce

from core.expressions import AnyOf
from core.models import Term
from core.reversing import url_pattern
from core.templatetags.ui import dmy
from core.templatetags.ui import hours as hours_label
from events.models import CPD_FIELDS, Attendance

from . import rules
from .models import CATEGORIES, CpdEntry, CpdPlan

ZERO = Decimal("0")


@dataclass(frozen=True)
class Requirement:
    label: str
    needed: Decimal
    done: Decimal

    @property
    def met(self) -> bool:
        return self.done >= self.needed

    @property
    def remaining(self) -> Decimal:
        return max(self.needed - self.done, ZERO)


@dataclass(frozen=True)
class TopicCount:
    code: str
    label: str
    activities: int


@dataclass(frozen=True)
class YearProgress:
    year: int
    from_entries: dict[str, Decimal]
    from_events: dict[str, Decimal]
    obligation: rules.Obligation = rules.Obligation(rules.REQUIRED)
    has_plan: bool = False
    topics: tuple[TopicCount, ...] = ()

    @cached_property  # read for every row, total and rule of the page
    def by_category(self) -> dict[str, Decimal]:
        return {code: self.from_entries[code] + self.from_events[code] for code, _ in CATEGORIES}

    @property
    def total(self) -> Decimal:
        return sum(self.by_category.values(), ZERO)

    @cached_property
    def requirements(self) -> list[Requirement]:
        """The hours the standard asks for, rule by rule (total first)."""
        hours = self.by_category
        return [
            Requirement(rule.label, rule.hours, sum((hours[c] for c in rule.categories), ZERO))
            for rule in rules.hours_rules()
        ]

    @property
    def needed(self) -> Decimal:
        return rules.annual_hours()

    @property
    def plan_label(self) -> str:
        return rules.plan_label()

    @property
    def hours_met(self) -> bool:
        return all(r.met for r in self.requirements)

    @property
    def complete(self) -> bool:
        """The Medical Board's requirements are met: every hours rule and a written plan. Never
        for a doctor the standard does not hold to the hours (they are told why instead)."""
        return self.obligation.requires_hours and self.hours_met and self.has_plan

    def rows(self) -> list[dict]:
        """One row per category for tables and the chart."""
        return [
            {
                "code": code,
                "label": label,
                "entries": self.from_entries[code],
                "events": self.from_events[code],
                "total": self.by_category[code],
            }
            for code, label in CATEGORIES
        ]


def _sums(queryset) -> dict[str, Decimal]:
    fields = {code: Coalesce(Sum(f"cpd_{code}"), ZERO) for code, _ in CATEGORIES}
    return queryset.aggregate(**fields)


def year_progress(user, year: int) -> YearProgress:
    """Hours by category from manual entries and attended events in ``year``, what the standard
    asks of the doctor, their plan and the topics addressed. Five queries at most."""
    entries = CpdEntry.objects.for_user(user).in_year(year)
    return YearProgress(
        year=year,
        from_entries=_sums(entries),
        from_events=_sums(attended_events(user, year)),
        obligation=obligation(user),
        has_plan=has_plan(user, year),
        topics=_topic_counts(entries),
    )


def obligation(user) -> rules.Obligation:
    """What the standard asks of this doctor at their (current) career stage."""
    stage = None
    if user.career_stage_id:
        stage = Term.objects.filter(pk=user.career_stage_id).values_list("code", flat=True)[0]
    return rules.obligation_for(career_stage=stage, accredited_program=user.in_accredited_program)


def has_plan(user, year: int) -> bool:
    """A professional development plan for ``year`` that says something: a summary or a goal."""
    return (
        CpdPlan.objects.for_user(user)
        .filter(year=year)
        .filter(~Q(summary="") | Q(goals__isnull=False))
        .exists()
    )


def _topic_counts(entries) -> tuple[TopicCount, ...]:
    return _topics_of(t for topics in entries.values_list("topics", flat=True) for t in topics)


def _topics_of(tagged) -> tuple[TopicCount, ...]:
    tagged = list(tagged)
    return tuple(TopicCount(code, label, tagged.count(code)) for code, label in rules.topics())


def attended_events(user, year: int):
    """Attendances marked "attended" at events that started in ``year`` (the doctor's time)."""
    attended = Attendance.objects.for_user(user).filter(status="attended")
    # The year's events read by primary key among the doctor's own (``AnyOf``, the ids worked
    # out first): joined on the year's dates alone, PostgreSQL guessed a few dozen attendances
    # and read every event of the year to hash-join them (3,500 at doctor size: 2 of the CPD
    # page's 13 ms; 0.2 ms this way).
    mine = ArraySubquery(attended.order_by().values("event_id"))
    return (
        attended.filter(AnyOf(F("event_id"), mine), event__starts_at__year=year)
        .select_related("event", "event__organiser_term")
        .order_by("-event__starts_at")
    )


class AttendedRow(NamedTuple):
    """One line of the year page's events attended."""

    url: str
    title: str
    day: str  # dd/mm/yyyy, the event's first day where it happens
    hours: str


def _attended_values(user, year: int):
    return (
        attended_events(user, year)
        .select_related(None)
        .values_list("event_id", "event__title", "event__starts_at", "event__timezone", *CPD_FIELDS)
    )


def attended_listing(user, year: int, rows=None) -> list[AttendedRow]:
    """``attended_events`` as the year page lists them (the event's title, day and link, the
    hours), read as plain values and formatted here: a busy year's hundred attendances built
    two model rows each, then four filters and a URL each in the template (issue 22). ``rows``:
    those values, when the caller has read them already."""
    rows = _attended_values(user, year) if rows is None else rows
    url = url_pattern("events:detail")
    return [
        AttendedRow(
            url.format(event_id),
            title,
            dmy(starts_at.astimezone(tz).date()),
            hours_label(sum(hours, Decimal("0"))),
        )
        for event_id, title, starts_at, tz, *hours in rows
    ]


@dataclass(frozen=True)
class YearPage:
    """What the year page shows."""

    progress: YearProgress
    plan: CpdPlan | None
    goals: list
    entries: list[CpdEntry]
    attended: list[AttendedRow]


def year_page(user, year: int) -> YearPage:
    """The year's progress, plan, entries and events attended, in five queries (the year's
    entries, its attendances, the plan, its goals, the doctor's career stage): the sums, topics
    and "has a plan" are worked out from the rows the page lists anyway, rather than asked of
    the database again as ``year_progress`` does (issue 22)."""
    entries = list(CpdEntry.objects.for_user(user).in_year(year).select_related("goal"))
    attended = list(_attended_values(user, year))
    plan = CpdPlan.objects.for_user(user).filter(year=year).first()
    goals = list(plan.goals.all()) if plan else []
    fields = [f"cpd_{code}" for code, _ in CATEGORIES]
    at = {name: 4 + CPD_FIELDS.index(name) for name in fields}  # after id, title, start, tz
    progress = YearProgress(
        year=year,
        from_entries={
            code: sum((getattr(e, name) for e in entries), ZERO)
            for (code, _), name in zip(CATEGORIES, fields, strict=True)
        },
        from_events={
            code: sum((row[at[name]] for row in attended), ZERO)
            for (code, _), name in zip(CATEGORIES, fields, strict=True)
        },
        obligation=obligation(user),
        has_plan=bool(plan and (plan.summary or goals)),
        topics=_topics_of(topic for e in entries for topic in e.topics),
    )
    return YearPage(progress, plan, goals, entries, attended_listing(user, year, attended))
