"""What the Medical Board's CPD standard asks of one doctor, read from the shipped rules.

The hours, the plan, the topics and who is exempt all live in ``core/vocabulary.json`` ("cpd"),
each with its source; this module only reads them. Nothing here touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core.vocabulary import cpd_rules, sources

REQUIRED = "required"
EXEMPT = "exempt"
TRAINING_PROGRAM = "training_program"


@dataclass(frozen=True)
class HoursRule:
    """At least ``hours`` of the year's CPD in ``categories`` together."""

    code: str
    label: str
    hours: Decimal
    categories: tuple[str, ...]
    source_url: str


@dataclass(frozen=True)
class Obligation:
    """What the year asks of a doctor at their career stage: the full standard, nothing
    (exempt), or their training program's requirements in its place."""

    status: str
    message: str = ""
    source_url: str = ""

    @property
    def requires_hours(self) -> bool:
        return self.status == REQUIRED


def _url(source: str) -> str:
    return sources()[source]["url"]


def hours_rules() -> list[HoursRule]:
    return [
        HoursRule(
            code=rule["code"],
            label=rule["label"],
            hours=Decimal(rule["hours"]),
            categories=tuple(rule["categories"]),
            source_url=_url(rule["source"]),
        )
        for rule in cpd_rules()["requirements"]
    ]


def annual_hours() -> Decimal:
    return next(rule.hours for rule in hours_rules() if rule.code == "total")


def plan_label() -> str:
    return cpd_rules()["plan"]["label"]


def topics() -> list[tuple[str, str]]:
    """The topics CPD homes ask doctors to address, as (code, label) choices."""
    return [(topic["code"], topic["label"]) for topic in cpd_rules()["topics"]]


def obligation_for(*, career_stage: str | None, accredited_program: bool) -> Obligation:
    """The first career-stage rule that fits the doctor; the full standard when none does (a
    doctor who has not said their stage is held to it too)."""
    for rule in cpd_rules()["career_stages"]:
        wants_program = rule.get("accredited_program")
        if career_stage in rule["stages"] and (not wants_program or accredited_program):
            return Obligation(rule["status"], rule["message"], _url(rule["source"]))
    return Obligation(REQUIRED, source_url=_url(cpd_rules()["source"]))
