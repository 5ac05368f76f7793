"""A doctor's CPD year measured against the Medical Board of Australia's rules.

The rules (``core/vocabulary.json`` "cpd", from the registration standard of 1 January 2023):
50 hours a year; at least 12.5 of educational activities; at least 25 of reviewing performance and
measuring outcomes together, with at least 5 of each; the rest of any type.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import Coalesce

from core.vocabulary import cpd_rules
from events.models import Attendance

from .models import CATEGORIES, CpdEntry

MIN_EDUCATIONAL = Decimal("12.5")
MIN_REVIEW_AND_OUTCOMES = Decimal("25")
MIN_EACH_OF_REVIEW_AND_OUTCOMES = Decimal("5")
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
class YearProgress:
    year: int
    from_entries: dict[str, Decimal]
    from_events: dict[str, Decimal]

    @property
    def by_category(self) -> dict[str, Decimal]:
        return {code: self.from_entries[code] + self.from_events[code] for code, _ in CATEGORIES}

    @property
    def total(self) -> Decimal:
        return sum(self.by_category.values(), ZERO)

    @property
    def requirements(self) -> list[Requirement]:
        hours = self.by_category
        review, outcomes = hours["reviewing_performance"], hours["measuring_outcomes"]
        return [
            Requirement("Total hours", Decimal(cpd_rules()["annual_hours"]), self.total),
            Requirement("Educational activities", MIN_EDUCATIONAL, hours["educational"]),
            Requirement(
                "Reviewing performance and measuring outcomes together",
                MIN_REVIEW_AND_OUTCOMES,
                review + outcomes,
            ),
            Requirement("Reviewing performance", MIN_EACH_OF_REVIEW_AND_OUTCOMES, review),
            Requirement("Measuring outcomes", MIN_EACH_OF_REVIEW_AND_OUTCOMES, outcomes),
        ]

    @property
    def complete(self) -> bool:
        return all(r.met for r in self.requirements)

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
    """Hours by category from manual entries and attended events in ``year``. Two queries."""
    return YearProgress(
        year=year,
        from_entries=_sums(CpdEntry.objects.for_user(user).in_year(year)),
        from_events=_sums(attended_events(user, year)),
    )


def attended_events(user, year: int):
    """Attendances marked "attended" at events that started in ``year`` (the doctor's time)."""
    return (
        Attendance.objects.for_user(user)
        .filter(status="attended", event__starts_at__year=year)
        .select_related("event")
        .order_by("-event__starts_at")
    )
