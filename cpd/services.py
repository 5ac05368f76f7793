"""Writes to the CPD log: entries, the year's plan and its goals."""

from __future__ import annotations

from django.db import transaction

from .models import CpdEntry, CpdGoal, CpdPlan


def plan_for(user, year: int) -> CpdPlan:
    plan, _ = CpdPlan.objects.get_or_create(owner=user, year=year)
    return plan


@transaction.atomic
def save_entry(*, form, owner) -> CpdEntry:
    entry = form.save(commit=False)
    if entry._state.adding:
        entry.owner = owner
    entry.save()
    return entry


def add_goal(*, user, year: int, description: str) -> CpdGoal:
    return CpdGoal.objects.create(owner=user, plan=plan_for(user, year), description=description)


def delete_entry(*, entry: CpdEntry) -> None:
    """Delete an entry and its evidence file."""
    if entry.evidence:
        entry.evidence.delete(save=False)
    entry.delete()
